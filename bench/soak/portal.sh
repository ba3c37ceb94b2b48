# Sourced by the scripts beside it: start_portal PUBLISH_DIR WORK_DIR BASE_URL CONNECTION_STRING [NAME=VALUE ...]
# starts the published portal in Development from WORK_DIR (its log: WORK_DIR/portal.log) with the extra settings
# given, waits until it is ready and logs in as su. Sets $portal (its pid) and $sid (the session cookie's value).
start_portal() {
  local publish=$1 work=$2 base=$3 connection=$4
  shift 4
  (cd "$work" && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$base" \
    ConnectionStrings__Jarvis="$connection" "$@" dotnet "$publish/Jarvis.Portal.dll" > "$work/portal.log" 2>&1) &
  portal=$!
  for _ in $(seq 1 240); do curl -sf "$base/healthz/ready" > /dev/null && break; sleep 0.5; done
  sid=$(curl -s -c - -d 'username=su&password=su-demo' "$base/jarvis-agent/n2fe/__login" | awk '/N2FE_CGISESSID/ {print $7}')
  [ -n "$sid" ] || { echo "login failed"; tail -20 "$work/portal.log"; return 1; }
}
