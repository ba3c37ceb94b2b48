#!/usr/bin/env bash
# Soak / mixed-load run of a published portal on a copy of a database file:
#   bench/soak/soak.sh PUBLISH_DIR DB_FILE DURATION [PORT]
# e.g. bench/soak/soak.sh /tmp/portal ~/demo.db 10m (a DB_FILE that does not exist: a fresh demo database). The file must hold the demo users (su / su-demo): the portal runs
# in Development with warnings-only logging. Prints the load, RSS at start and end, per-kind p50/p90/p99/max from
# mixed.lua (wrk -t16 -c16), the acknowledged PUTs against the history rows they wrote, and the integrity checks.
set -euo pipefail
publish=$1; source_db=$2; duration=$3; port=${4:-5099}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/jarvis-soak.XXXXXX)
# A missing file is created and seeded with the demo data by the portal (Development).
[ -f "$source_db" ] && cp "$source_db" "$work/soak.db"
base="http://127.0.0.1:$port"

echo "# soak $(date -u '+%Y-%m-%d %H:%M') UTC, $duration, $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
trap 'kill $portal 2>/dev/null || true' EXIT
source "$here/portal.sh"
start_portal "$publish" "$work" "$base" "Data Source=$work/soak.db;Default Timeout=5" \
  Jarvis__Database__SeedDemoData=true Logging__LogLevel__Default=Warning || exit 1
# Warm up (JIT, page cache) before measuring.
JARVIS_SID=$sid wrk -t16 -c16 --timeout 30s -d5s -s "$here/mixed.lua" "$base" > /dev/null
history_before=$(sqlite3 "$work/soak.db" "SELECT COUNT(*) FROM JARVIS_CUSTOMER_HISTORY WHERE NEW_VALUE LIKE 'soak-%'")
# RSS in KiB: all of it, and its file-backed part (the database pages SQLite reads through its memory map).
rss() { awk -v k="$1:" '$1 == k {print $2}' /proc/$portal/status; }
rss_start=$(rss VmRSS); file_start=$(rss RssFile)
JARVIS_SID=$sid wrk -t16 -c16 --timeout 30s -d"$duration" -s "$here/mixed.lua" "$base" | tee "$work/wrk.txt" | sed -n '/^duration_s/,$p'
rss_end=$(rss VmRSS); file_end=$(rss RssFile)
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "RSS start $((rss_start / 1024)) MB, end $((rss_end / 1024)) MB, growth $(((rss_end - rss_start) / 1024)) MB" \
  "(file-backed $((file_start / 1024)) -> $((file_end / 1024)) MB; database $(($(stat -c %s "$work/soak.db") / 1048576)) MB)"
kill $portal; wait $portal 2>/dev/null || true
trap - EXIT
acknowledged=$(awk '/^puts_acknowledged/ {print $2}' "$work/wrk.txt")
history=$(( $(sqlite3 "$work/soak.db" "SELECT COUNT(*) FROM JARVIS_CUSTOMER_HISTORY WHERE NEW_VALUE LIKE 'soak-%'") - history_before ))
# A PUT cut off by wrk's end may have committed unacknowledged: more rows than acknowledgements is no loss.
lost=$((acknowledged > history ? acknowledged - history : 0))
echo "acknowledged PUTs $acknowledged, history rows written $history, acknowledged writes lost: $lost"
echo "integrity_check: $(sqlite3 "$work/soak.db" 'PRAGMA integrity_check')"
for t in JARVIS_NAME_SEARCH JARVIS_SN_SEARCH; do
  sqlite3 "$work/soak.db" "INSERT INTO $t ($t) VALUES ('integrity-check')" && echo "$t integrity-check: ok"
done
rm -rf "$work"
