#!/usr/bin/env bash
# The test command from the README: installs the npm test tools (Azurite, DuckDB) if missing, then runs every test
# project. Integration tests start their own Azurite and provider emulator on free loopback ports.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [ ! -d node_modules/azurite ] || [ ! -d node_modules/@duckdb/node-api ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

results="artifacts/test-results"
rm -rf "$results"
dotnet build BatchInference.sln -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet test BatchInference.sln -c Release --no-build --nologo -v quiet \
  --logger "trx" --results-directory "$results" "$@"

# One plain closing line over every test project.
passed=0; failed=0; skipped=0
for f in "$results"/*.trx; do
  [ -f "$f" ] || continue
  c=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$c"); passed=$((passed + ${p:-0}))
  x=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$c"); failed=$((failed + ${x:-0}))
  s=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$c"); skipped=$((skipped + ${s:-0}))
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$passed" -gt 0 ] && [ "$failed" -eq 0 ]
