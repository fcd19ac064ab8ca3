#!/usr/bin/env bash
# Vendors the query page's and the map's JavaScript and data from the npm registry, pinned by version and
# checked against the registry's sha512 integrity, into kg/viz/static/vendor/ with their licences.
# Run it only to upgrade: the built files are committed, so nothing is fetched at install or run time.
#   bash scripts/vendor_assets.sh        (needs node and npm; writes only kg/viz/static/vendor/)
set -euo pipefail

# package@version  sha512 integrity (npm view PACKAGE@VERSION dist.integrity)
PINS=(
  "@zazuko/yasgui@4.6.2 sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw=="
  "d3@7.9.0 sha512-e1U46jVP+w7Iut8Jt8ri1YsPOvFpg46k+K8TpCb0P+zjCkjkPnV7WzfDJzMHy1LnA+wj5pLT1wjO901gLXeEhA=="
  "topojson-client@3.1.0 sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw=="
  "world-atlas@2.0.2 sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
)
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/kg/viz/static/vendor"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fetch() {  # fetch PACKAGE@VERSION INTEGRITY → unpacked into $WORK/<name>/package
  local spec=$1 integrity=$2 name tarball actual
  name=$(basename "${spec%@*}")
  mkdir -p "$WORK/$name"
  tarball=$(cd "$WORK/$name" && npm pack --silent "$spec")
  actual="sha512-$(openssl dgst -sha512 -binary "$WORK/$name/$tarball" | base64 -w0)"
  if [[ "$actual" != "$integrity" ]]; then
    echo "integrity mismatch for $spec: got $actual" >&2
    exit 1
  fi
  tar -xzf "$WORK/$name/$tarball" -C "$WORK/$name"
}

for pin in "${PINS[@]}"; do fetch $pin; done
rm -rf "$OUT"
mkdir -p "$OUT"/{yasgui,d3,topojson-client,world-atlas}

cp "$WORK/yasgui/package/build/yasgui.min.js" "$WORK/yasgui/package/build/yasgui.min.css" "$OUT/yasgui/"
cp "$WORK/d3/package/dist/d3.min.js" "$WORK/d3/package/LICENSE" "$OUT/d3/"
cp "$WORK/topojson-client/package/dist/topojson-client.min.js" "$WORK/topojson-client/package/LICENSE" \
   "$OUT/topojson-client/"
cp "$WORK/world-atlas/package/countries-50m.json" "$WORK/world-atlas/package/LICENSE" "$OUT/world-atlas/"

# The yasgui package ships no LICENSE file; its package.json declares MIT. Its bundle holds its dependencies,
# so their licences are collected from an install of the same pinned version.
node -e '
const p = require(process.argv[1]);
console.log(`${p.name} ${p.version}: ${p.license} licence (declared in its package.json; the package ships no LICENSE file)`);
console.log(`Copyright (c) ${p.author} and the contributors of ${p.repository.url || p.repository}\n`);
' "$WORK/yasgui/package/package.json" > "$OUT/yasgui/LICENSE"
cat >> "$OUT/yasgui/LICENSE" <<'MIT'
Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and
to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions
of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO
THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
IN THE SOFTWARE.
MIT
npm install --silent --prefix "$WORK/deps" --ignore-scripts --no-audit --no-fund --omit=dev "${PINS[0]%% *}"
node -e '
const fs = require("fs"), path = require("path");
const root = path.join(process.argv[1], "node_modules");
const dirs = fs.readdirSync(root).filter(d => !d.startsWith(".")).flatMap(d =>
  d.startsWith("@") ? fs.readdirSync(path.join(root, d)).map(s => path.join(d, s)) : [d]).sort();
for (const dir of dirs) {
  const p = JSON.parse(fs.readFileSync(path.join(root, dir, "package.json"), "utf8"));
  const file = fs.readdirSync(path.join(root, dir)).find(f => /^(licen[cs]e|copying)/i.test(f));
  console.log(`=== ${p.name} ${p.version} (${p.license || "licence not declared"})`);
  console.log(file ? fs.readFileSync(path.join(root, dir, file), "utf8").trim() : "(no licence file in the package)");
  console.log();
}' "$WORK/deps" > "$OUT/yasgui/THIRD-PARTY-LICENSES.txt"

{
  echo "Vendored by scripts/vendor_assets.sh from the npm registry (sha512-checked):"
  for pin in "${PINS[@]}"; do echo "  ${pin%% *}"; done
} > "$OUT/README.txt"
echo "vendored into $OUT:"
(cd "$OUT" && find . -type f | sort | xargs ls -l | awk '{print "  " $5 "\t" $9}')
