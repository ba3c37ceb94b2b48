#!/usr/bin/env bash
# Bulk imports by another program while the published portal runs: bench/soak/bulk.sh PUBLISH_DIR N [N...]
# A fresh demo database; for each N, bulk_insert.py inserts N more customers in one transaction, one statement a row,
# and searches for new rows through the portal right after the commit.
set -euo pipefail
publish=$1; shift; port=5096
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/jarvis-bulk.XXXXXX)
base="http://127.0.0.1:$port"
trap 'kill $portal 2>/dev/null || true; rm -rf "$work"' EXIT
source "$here/portal.sh"
start_portal "$publish" "$work" "$base" "Data Source=$work/bulk.db;Default Timeout=5" \
  Jarvis__Database__SeedDemoData=true Logging__LogLevel__Default=Error || exit 1
echo "# bulk insert, python sqlite3 $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)'), $(date -u '+%Y-%m-%d %H:%M') UTC, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| rows | insert + commit s | all found right after | slowest search ms |"
echo "|---:|---:|---|---:|"
first=10000000
for n in "$@"; do
  python3 "$here/bulk_insert.py" "$work/bulk.db" "$n" "$first" "$base" "$sid"
  first=$((first + n))
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
