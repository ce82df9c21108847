#!/usr/bin/env bash
# Refresh static/vendor/pyodide/<version>/ from the pyodide npm package and check
# every file against scripts/pyodide.sha256. Only the core files that run the
# standard library are kept (no packages, no type declarations, no consoles).
#
#   scripts/vendor_pyodide.sh 0.29.5           copy and verify
#   UPDATE_HASHES=1 scripts/vendor_pyodide.sh  record new hashes (after reviewing a version bump)
set -euo pipefail

version="${1:?usage: vendor_pyodide.sh VERSION}"
root="$(cd "$(dirname "$0")/.." && pwd)"
target="static/vendor/pyodide/$version"
hashes="scripts/pyodide.sha256"
# pyodide.js names its source map, and Django's manifest storage insists on every file a script names.
files=(pyodide.js pyodide.js.map pyodide.asm.js pyodide.asm.wasm python_stdlib.zip pyodide-lock.json)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# npm checks the tarball against the registry's integrity hash.
(cd "$work" && npm pack --silent "pyodide@$version" >/dev/null && tar -xzf "pyodide-$version.tgz")

# Lay the files out as they will be in the repository, and check them there before anything is replaced.
mkdir -p "$work/tree/$target"
for file in "${files[@]}"; do cp "$work/package/$file" "$work/tree/$target/$file"; done
if [ -n "${UPDATE_HASHES:-}" ]; then
  (cd "$work/tree" && for file in "${files[@]}"; do sha256sum "$target/$file"; done) > "$root/$hashes"
  echo "recorded the hashes of pyodide $version in $hashes"
fi
(cd "$work/tree" && sha256sum --check --quiet "$root/$hashes")

cd "$root"
rm -rf static/vendor/pyodide
mkdir -p static/vendor/pyodide
mv "$work/tree/$target" "$target"
python3 -c "import json,sys; print('pyodide $version: CPython', json.load(open(sys.argv[1]))['info']['python'])" "$target/pyodide-lock.json"
