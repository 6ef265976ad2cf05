#!/usr/bin/env bash
# Build Outturn's front-end files into the Python package.
#
#   scripts/build-frontend.sh
#
# Installs the pinned npm packages (frontend/package-lock.json), compiles
# frontend/outturn.scss and copies GOV.UK Frontend's JavaScript bundle into
# src/outturn/web/static/outturn/. The output is committed to the repository,
# so installing the Python package never needs Node.js; rerun this after
# changing frontend/ and commit the result.
#
# Not copied on purpose: GOV.UK Frontend's fonts (GDS Transport is for GOV.UK
# only) and its images (crown favicons and the Royal Arms crest, which must not
# appear on a non-GOV.UK service). Outturn's own favicon is frontend/images/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
frontend="$root/frontend"
out="$root/src/outturn/web/static/outturn"
govuk="$frontend/node_modules/govuk-frontend/dist/govuk"

cd "$frontend"
# No package here needs an install script; sass's optional file watcher is unused.
npm ci --no-audit --no-fund --ignore-scripts --omit=optional

rm -rf "$out/css" "$out/js" "$out/assets"
mkdir -p "$out/css" "$out/js" "$out/assets/images"

npx --no-install sass \
  --no-source-map \
  --style=compressed \
  --quiet-deps \
  --silence-deprecation=import \
  --load-path=node_modules \
  outturn.scss "$out/css/outturn.css"

# The bundle ends with a sourceMappingURL comment; ship the map too so hashing
# static storages can resolve the reference.
cp "$govuk/govuk-frontend.min.js" "$govuk/govuk-frontend.min.js.map" "$out/js/"
cp "$frontend/images/favicon.svg" "$out/assets/images/"

# Guard the branding rules: no GDS Transport, no font files, no crown/crest.
if grep -q "GDS Transport" "$out/css/outturn.css"; then
  echo "error: outturn.css mentions GDS Transport" >&2
  exit 1
fi
if grep -Eq "url\(" "$out/css/outturn.css"; then
  echo "error: outturn.css refers to a file (url(...)); ship it or remove the reference" >&2
  exit 1
fi
if find "$out" -iname '*.woff*' -o -iname '*crest*' -o -iname 'govuk-icon*' | grep -q .; then
  echo "error: GOV.UK fonts or crown images in $out" >&2
  exit 1
fi

govuk_version="$(node -p "require('govuk-frontend/package.json').version")"
echo "Built with govuk-frontend $govuk_version into ${out#"$root"/}:"
(cd "$out" && find . -type f | sort | sed 's|^\./|  |')
