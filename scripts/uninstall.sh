#!/usr/bin/env bash
# Remove what `make install` put in place: every file meson installs for the
# build in $1 (meson introspect --installed), under $DESTDIR when it is set.
# (meson's own `ninja uninstall` reads the log of the last install, whatever
# its DESTDIR, and leaves directories behind.)
# Directories left empty go too: every one up to DESTDIR under a DESTDIR,
# only tcpdoc's own (a path with /tcpdoc in it) on the live system.
set -eu
build=${1:?usage: uninstall.sh BUILD}
destdir=${DESTDIR:-}
destdir=${destdir%/}

# A directory meson installs whole (install_subdir) stands for its files.
files=$(meson introspect "$build" --installed | python3 -c '
import json, os, sys
for src, dst in sorted(json.load(sys.stdin).items()):
	if not os.path.isdir(src):
		print(dst)
		continue
	for top, _, names in os.walk(src):
		for n in names:
			print(os.path.join(dst, os.path.relpath(os.path.join(top, n), src)))
')
[ -n "$files" ] || { echo "uninstall.sh: meson lists nothing installed for $build" >&2; exit 1; }

while IFS= read -r f; do
	rm -f -- "$destdir$f"
	d=$(dirname -- "$f")
	while [ "$d" != / ] && [ -d "$destdir$d" ]; do
		if [ -z "$destdir" ] && [[ $d != */tcpdoc* ]]; then
			break
		fi
		rmdir -- "$destdir$d" 2>/dev/null || break
		d=$(dirname -- "$d")
	done
done <<<"$files"
