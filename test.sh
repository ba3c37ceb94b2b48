#!/usr/bin/env bash
# Runs every test project of Jarvis.Portal.sln (xunit, bUnit, Playwright end-to-end) and ends with one line
# "N passed, N failed" summed over all of them. Installs Debian's Chromium for the end-to-end tests if it is missing.
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the end-to-end tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing: run 'sudo apt-get install -y chromium' (the end-to-end tests will fail without it)." >&2
  fi
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
start=$(date +%s)
dotnet test Jarvis.Portal.sln --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

echo "Tests took $(( $(date +%s) - start )) s."
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build failed or a test host crashed: no test result tells, so count it as a failure.
  failed=1
fi
echo "$passed passed, $failed failed"
exit $status
