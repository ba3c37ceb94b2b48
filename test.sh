#!/usr/bin/env bash
# Runs every test project of Jarvis.Portal.sln (xunit, bUnit, Playwright end-to-end), then the Core tests a second
# time through the strict provider, then lints the served OpenAPI document with Redocly CLI (one more test), and ends
# with one line "N passed, N failed" summed over all of them. Installs Debian's Chromium for the end-to-end tests if it is missing.
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

if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's npm for the OpenAPI lint..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
start=$(date +%s)
# The served OpenAPI document, written by ServedDocumentTests for the lint below.
export JARVIS_OPENAPI_EXPORT="$results/openapi-v1.json"
dotnet test Jarvis.Portal.sln --logger "trx" --results-directory "$results" "$@"
status=$?
# Second pass: the whole Core suite again through the strict provider, which fails where ODP.NET would
# (tests/Jarvis.Testing/StrictProvider.cs). Its results count in the total below.
echo "Core tests again through the strict (ODP.NET-like) provider..."
JARVIS_TEST_PROVIDER=strict dotnet test tests/Jarvis.Core.Tests --no-build \
  --logger "trx;LogFileName=core-strict.trx" --results-directory "$results" "$@"
strict_status=$?
[ "$status" -eq 0 ] && status=$strict_status

# Redocly CLI (pinned in tools/openapi-lint/package-lock.json, installed there) lints the served document with its
# recommended rules; it counts as one test, failed on any error or when the document was not written.
lint=tools/openapi-lint
lint_failed=1
if [ ! -x "$lint/node_modules/.bin/redocly" ]; then
  npm ci --prefix "$lint" --no-audit --no-fund --loglevel=error >/dev/null
fi
if [ ! -f "$JARVIS_OPENAPI_EXPORT" ]; then
  echo "OpenAPI lint: FAILED, the served document was not written (did ServedDocumentTests run?)"
elif REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true "$lint/node_modules/.bin/redocly" lint \
    --config "$lint/redocly.yaml" --format=stylish "$JARVIS_OPENAPI_EXPORT" >"$results/lint.txt" 2>&1; then
  grep -v '^ *[║╔╚]' "$results/lint.txt"
  echo "OpenAPI lint (Redocly recommended): passed"
  lint_failed=0
else
  grep -v '^ *[║╔╚]' "$results/lint.txt"
  echo "OpenAPI lint (Redocly recommended): FAILED"
fi

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

if [ "$lint_failed" -eq 0 ]; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  [ "$status" -eq 0 ] && status=1
fi

echo "Tests took $(( $(date +%s) - start )) s."
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build failed or a test host crashed: no test result tells, so count it as a failure.
  failed=1
fi
echo "$passed passed, $failed failed"
exit $status
