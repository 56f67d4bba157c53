#!/usr/bin/env bash
# The bi command line from the repository root: installs the npm dev tools on first use, builds once, then runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

if [ ! -d node_modules/azurite ] || [ ! -d node_modules/@duckdb/node-api ] || [ ! -d node_modules/hyparquet ]; then
  echo "bi: installing local tools (Azurite, DuckDB, hyparquet) from package-lock.json…" >&2
  # Not `npm ci`: the lock can only hold DuckDB's native binding for platforms the registry mirror serves, and
  # `npm ci` rejects a lock without every platform's optional binding. `npm install --no-save` installs the locked
  # versions (package.json pins them exactly) and leaves the lock untouched.
  npm install --no-save --no-audit --no-fund --loglevel=error >&2
fi

out="$root/artifacts/bi"
stamp="$out/.build-stamp"
# Rebuild when any source, project or build file is newer than the last build.
if [ ! -f "$stamp" ] || [ -n "$(find src orchestrations functions samples Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig \
      -newer "$stamp" -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' -o -name '*.props' -o -name '*.txt' -o -name '.editorconfig' \) \
      -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]; then
  echo "bi: building…" >&2
  mkdir -p "$out"
  if ! dotnet build src/BatchInference.Cli/BatchInference.Cli.csproj -c Release -o "$out" --nologo -v quiet > "$out/build.log" 2>&1; then
    cat "$out/build.log" >&2
    echo "bi: build failed (log: $out/build.log)" >&2
    exit 1
  fi
  touch "$stamp"
fi

export BI_REPO_ROOT="$root"
exec dotnet "$out/bi.dll" "$@"
