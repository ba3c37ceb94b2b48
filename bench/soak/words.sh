#!/usr/bin/env bash
# Every common word's first page over HTTP, as a script asks it (GET /api/customer?name=WORD&page_limit=25), on a
# published portal over a copy of a database file built by bench/Jarvis.Benchmarks (its words are in 1-10 % of the
# names; the file must hold the user su / su-demo, which the Playwright bench adds; so the portal runs in Development):
#   bench/soak/words.sh PUBLISH_DIR DB_FILE [RUNS] [PORT]
# Prints per word: matches, the first request (nothing learned yet), then the median, p95 and max of RUNS more.
set -euo pipefail
publish=$1; source_db=$2; runs=${3:-20}; port=${4:-5098}
words=(wholesale trading holdings international acorn zenith northgate beacon stonegate westbrook bakery logistics optics travel)
work=$(mktemp -d /tmp/jarvis-words.XXXXXX)
cp "$source_db" "$work/words.db"
base="http://127.0.0.1:$port"
trap 'kill $portal 2>/dev/null || true; rm -rf "$work"' EXIT
source "$(cd "$(dirname "$0")" && pwd)/portal.sh"
start_portal "$publish" "$work" "$base" "Data Source=$work/words.db;Default Timeout=5" Logging__LogLevel__Default=Warning || exit 1
echo "# words over HTTP $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| word | matches | first ms | median ms | p95 ms | max ms |"
echo "|---|---:|---:|---:|---:|---:|"
ask() { curl -s -o /dev/null -w '%{time_total}\n' -b "N2FE_CGISESSID=$sid" "$base/api/customer?name=$1&page_limit=25"; }
for word in "${words[@]}"; do
  first=$(ask "$word")
  times=$(for _ in $(seq 1 "$runs"); do ask "$word"; done | sort -n)
  matches=$(sqlite3 "$work/words.db" "SELECT COUNT(*) FROM ACS_CUSTOMER WHERE NAME LIKE '%$word%'")
  awk -v w="$word" -v m="$matches" -v f="$first" -v n="$runs" '{ t[NR] = $1 * 1000 } END {
      printf "| `%s` | %\047d | %.1f | %.1f | %.1f | %.1f |\n", w, m, f * 1000, (t[int((n + 1) / 2)] + t[int(n / 2) + 1]) / 2, t[int(n * 0.95 + 0.5)], t[n] }' <<< "$times"
done
echo
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
