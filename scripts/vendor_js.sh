#!/usr/bin/env bash
# Vendors the dashboard's JavaScript libraries and map boundaries from npm into the package.
# Run once by a maintainer when a version changes; its output is committed under
# src/dragoman/server/static/vendor/, so nothing is fetched at run time or in tests.
#   d3             charts, the force-directed actor network and the map projection (one library for all)
#   topojson-client  turns the TopoJSON boundaries into GeoJSON in the browser
#   world-atlas    Natural Earth 1:110m country boundaries as TopoJSON (public domain)
#   swagger-ui-dist  the API docs page at /docs, so it too works with no internet
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=src/dragoman/server/static/vendor
PACKAGES=("d3@7.9.0" "topojson-client@3.1.0" "world-atlas@2.0.2" "swagger-ui-dist@5.17.14")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"
for spec in "${PACKAGES[@]}"; do
  (cd "$WORK" && npm pack --silent "$spec" >/dev/null)
done
for tarball in "$WORK"/*.tgz; do
  name=$(basename "$tarball" .tgz)
  mkdir -p "$WORK/$name" && tar -xzf "$tarball" -C "$WORK/$name"
done
cp "$WORK"/d3-7.*/package/dist/d3.min.js "$OUT/d3.min.js"
cp "$WORK"/d3-7.*/package/LICENSE "$OUT/d3.LICENSE"
cp "$WORK"/topojson-client-*/package/dist/topojson-client.min.js "$OUT/topojson-client.min.js"
cp "$WORK"/topojson-client-*/package/LICENSE "$OUT/topojson-client.LICENSE"
cp "$WORK"/world-atlas-*/package/countries-110m.json "$OUT/countries-110m.json"
cp "$WORK"/world-atlas-*/package/LICENSE "$OUT/world-atlas.LICENSE"
cp "$WORK"/swagger-ui-dist-*/package/swagger-ui-bundle.js "$OUT/swagger-ui-bundle.js"
cp "$WORK"/swagger-ui-dist-*/package/swagger-ui.css "$OUT/swagger-ui.css"
cp "$WORK"/swagger-ui-dist-*/package/LICENSE "$OUT/swagger-ui.LICENSE"
{
  echo "Vendored by scripts/vendor_js.sh from npm; do not edit by hand."
  for spec in "${PACKAGES[@]}"; do echo "$spec"; done
  echo "countries-110m.json: Natural Earth 1:110m admin-0 countries (public domain), via world-atlas."
} > "$OUT/VERSIONS.txt"
(cd "$OUT" && sha256sum d3.min.js topojson-client.min.js countries-110m.json swagger-ui-bundle.js swagger-ui.css >> VERSIONS.txt)
