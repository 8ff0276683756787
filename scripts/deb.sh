#!/usr/bin/env bash
# make deb: build the Debian package from this tree, in a copy of it under
# BUILD/deb (dpkg-buildpackage writes its results next to the source tree,
# so the copy keeps them out of the parent directory), then lintian it.
# The .deb lands in BUILD/deb/. The copy has no git: the commit tcpdoc -V
# names, and the package's version, are passed in (scripts/version.sh).
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "$build" && cd "$build" && pwd)/deb
src=$out/tcpdoc

rm -rf "$out"
mkdir -p "$src"
cd "$root"
# Tracked and new files, as they are in the tree now (deleted ones skipped).
git ls-files -co --exclude-standard -z | while IFS= read -r -d '' f; do
	[ -e "$f" ] && printf '%s\0' "$f"
done | xargs -0 cp -a --parents -t "$src"

TCPDOC_DESCRIBE=$(sh scripts/version.sh)
TCPDOC_COMMITS=$(git rev-list --count HEAD 2>/dev/null || echo 0)
export TCPDOC_DESCRIBE TCPDOC_COMMITS
(cd "$src" && dpkg-buildpackage -us -uc -b)
debs=("$out"/*.deb)
lintian --fail-on error "${debs[@]}"
echo "deb.sh: ${debs[*]}"
