#!/usr/bin/env bash
# Runs every test of the solution (API, components, browser journeys) and ends with
# one line: "N passed, N failed, N skipped". Exit code is non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# Browser tests drive Debian's Chromium; Playwright never downloads a browser here.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing Chromium (apt-get)..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install chromium' (browser tests will fail without it)." >&2
  fi
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

dotnet test CommunityPortal.sln --logger "trx;LogFilePrefix=run" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$((total + $(get total)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
done
skipped=$((total - passed - failed))
if [ "$total" = "0" ] && [ "$status" != "0" ]; then
  echo "The build or the test run failed before any test ran (see above)."
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" = "0" ] && [ "$failed" != "0" ]; then status=1; fi
exit "$status"
