-- The mixed load of docs/BENCHMARKS.md: 50 % GET /api/customer/3134, 40 % searches, 10 % PUTs on customer 3134.
-- Run with as many threads as connections (wrk -t16 -c16): each thread then has one request in flight, so the time
-- from request() to response() is that request's latency, recorded per kind. JARVIS_SID is the session cookie.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } timespec;
  int clock_gettime(int clk_id, timespec *tp);
]]
local ts = ffi.new("timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000000 + tonumber(ts.tv_nsec) / 1000
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

-- wrk calls request() once in its main state too (where no thread id is set) to check the script.
id = id or 0
local sid = os.getenv("JARVIS_SID") or ""
local terms = { "rapi", "inc", "0800", "bakery", "co", "%C3%B1and%C3%BA", "555", "ltd" }
local n, kind, started = 0, nil, 0
-- Flat globals only: wrk's thread:get crashes on a table of tables.
lat_get, lat_search, lat_put = {}, {}, {}
err_get, err_search, err_put = 0, 0, 0
puts_ok = 0

function init(args)
  math.randomseed(id * 7919)
end

function request()
  n = n + 1
  local r = math.random(100)
  local headers = { ["Cookie"] = "N2FE_CGISESSID=" .. sid }
  local req
  if r <= 50 then
    kind = "get"
    req = wrk.format("GET", "/api/customer/3134", headers)
  elseif r <= 90 then
    kind = "search"
    req = wrk.format("GET", "/api/customer?name=" .. terms[(n + id) % #terms + 1] .. "&page_limit=25", headers)
  else
    kind = "put"
    headers["Content-Type"] = "application/json"
    -- A description no other PUT sends: every acknowledged PUT changes it and writes one history row.
    local body = string.format('{"customer_reference":"430184/A","description":"soak-%d-%d"}', id, n)
    req = wrk.format("PUT", "/api/customer/3134", headers, body)
  end
  started = now_us()
  return req
end

function response(status, headers, body)
  local l = kind == "get" and lat_get or kind == "search" and lat_search or lat_put
  l[#l + 1] = now_us() - started
  if status ~= 200 then
    _G["err_" .. kind] = _G["err_" .. kind] + 1
  elseif kind == "put" then
    puts_ok = puts_ok + 1
  end
end

local function pct(sorted, p)
  if #sorted == 0 then return 0 end
  local i = math.max(1, math.ceil(#sorted * p))
  return sorted[i] / 1000
end

function done(summary, latency, requests)
  local all = { get = {}, search = {}, put = {} }
  local errs = { get = 0, search = 0, put = 0 }
  local ok = 0
  for _, t in ipairs(threads) do
    for _, k in ipairs({ "get", "search", "put" }) do
      for _, x in ipairs(t:get("lat_" .. k)) do all[k][#all[k] + 1] = x end
      errs[k] = errs[k] + t:get("err_" .. k)
    end
    ok = ok + t:get("puts_ok")
  end
  local secs = summary.duration / 1000000
  io.write(string.format("duration_s %.1f requests %d requests_per_s %.0f socket_errors %d non2xx %d\n",
    secs, summary.requests, summary.requests / secs,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
  io.write("| kind | requests | errors | p50 ms | p90 ms | p99 ms | max ms | p99/p50 |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
  for _, k in ipairs({ "get", "search", "put" }) do
    local s = all[k]
    table.sort(s)
    local p50 = pct(s, 0.5)
    io.write(string.format("| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1fx |\n",
      k, #s, errs[k], p50, pct(s, 0.9), pct(s, 0.99), (s[#s] or 0) / 1000, p50 > 0 and pct(s, 0.99) / p50 or 0))
  end
  io.write(string.format("puts_acknowledged %d\n", ok))
end
