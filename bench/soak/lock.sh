#!/usr/bin/env bash
# A write lock held by another program: bench/soak/lock.sh PUBLISH_DIR [PORT]. Starts the published portal on a fresh
# demo database, lets the stock sqlite3 tool hold BEGIN IMMEDIATE on the file, and times a GET, a PUT and a login
# meanwhile, then a PUT right after the tool commits. Prints status and seconds of each.
set -euo pipefail
publish=$1; port=${2:-5098}
work=$(mktemp -d /tmp/jarvis-lock.XXXXXX)
base="http://127.0.0.1:$port"
trap 'kill $portal 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
source "$(cd "$(dirname "$0")" && pwd)/portal.sh"
start_portal "$publish" "$work" "$base" "Data Source=$work/lock.db;Default Timeout=30" \
  Jarvis__Database__SeedDemoData=true Logging__LogLevel__Default=${LOGLEVEL:-Warning} || exit 1
timed() { curl -s -o /dev/null -w "%{http_code} %{time_total}s" "$@"; }
put() { timed -X PUT -H "Cookie: N2FE_CGISESSID=$sid" -H 'Content-Type: application/json' \
  -d "{\"customer_reference\":\"430184/A\",\"description\":\"lock $1\"}" "$base/api/customer/3134"; }

echo "# lock held by sqlite3 $(sqlite3 --version | cut -d' ' -f1), $(date -u '+%Y-%m-%d %H:%M') UTC, load: $(cut -d' ' -f1-3 /proc/loadavg)"
mkfifo "$work/hold"
sqlite3 "$work/lock.db" < "$work/hold" &
holder=$!
exec 3> "$work/hold"
echo "BEGIN IMMEDIATE; UPDATE ACS_CUSTOMER SET DESCRIPTION = 'held' WHERE ID = 1551;" >&3
sleep 1
echo "GET while held:   $(timed -H "Cookie: N2FE_CGISESSID=$sid" "$base/api/customer/3134")"
echo "PUT while held:   $(put 1)"
echo "login while held: $(timed -d 'username=su&password=su-demo' "$base/jarvis-agent/n2fe/__login")"
echo "COMMIT;" >&3
exec 3>&-
wait $holder
echo "PUT after commit: $(put 2)"
