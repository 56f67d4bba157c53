#!/usr/bin/env bash
# The test command from the README: installs the npm test tools (Azurite, DuckDB, hyparquet, the openai SDK) if missing, builds, then runs every
# test project. Integration tests start their own Azurite and provider emulator on free loopback ports.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if [ ! -d node_modules/azurite ] || [ ! -d node_modules/@duckdb/node-api ] || [ ! -d node_modules/hyparquet ] || [ ! -d node_modules/openai ]; then
  # Locked versions without `npm ci`; see the note in ./bi.
  npm install --no-save --no-audit --no-fund --loglevel=error
fi

dotnet build BatchInference.sln -c Release --nologo -v quiet -clp:ErrorsOnly

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test BatchInference.sln -c Release --no-build --nologo -v quiet --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log" || status=$?
status=$(( status | ${PIPESTATUS[0]} ))

# One plain closing line over every test project ("Passed!  - Failed: 0, Passed: 12, Skipped: 0, …" per project).
read -r passed failed skipped < <(grep -E '^(Passed|Failed)!' "$log" | awk -F'[:,]' '
  { for (i = 1; i < NF; i++) { k = $i; gsub(/^[ !A-Za-z]*- /, "", k); gsub(/ /, "", k); v = $(i+1) + 0
      if (k == "Passed") p += v; else if (k == "Failed") f += v; else if (k == "Skipped") s += v } }
  END { printf "%d %d %d\n", p, f, s }')
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$passed" -gt 0 ] && [ "$failed" -eq 0 ]
