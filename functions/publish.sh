#!/usr/bin/env bash
# Builds the deployable Functions package: artifacts/functionapp.zip with host.json, the self-contained custom handler
# executable BatchInference.Functions (linux-x64, as Flex Consumption runs it) and one folder per function holding its
# function.json. Deploy it with: az functionapp deployment source config-zip -g <group> -n <app> --src artifacts/functionapp.zip
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/functionapp"
rm -rf "$out" "$root/artifacts/functionapp.zip"
dotnet publish "$root/functions/BatchInference.Functions" -c Release -r linux-x64 --self-contained -o "$out" -nologo -v quiet
cp "$root/host.json" "$out/"
for dir in "$root"/functions/*/; do
  name="$(basename "$dir")"
  if [ -f "$dir/function.json" ]; then
    mkdir -p "$out/$name" && cp "$dir/function.json" "$out/$name/"
  fi
done
chmod +x "$out/BatchInference.Functions"
# zip is not on every machine; Python's zipfile keeps the executable bit the host needs.
python3 - "$out" "$root/artifacts/functionapp.zip" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    for folder, _, files in os.walk(src):
        for f in files:
            path = os.path.join(folder, f)
            info = zipfile.ZipInfo.from_file(path, os.path.relpath(path, src))
            with open(path, "rb") as data:
                z.writestr(info, data.read(), zipfile.ZIP_DEFLATED)
PY
echo "artifacts/functionapp.zip: $(find "$out" -name function.json | wc -l) functions, handler $(du -sh "$out" | cut -f1)"
