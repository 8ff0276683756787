#!/bin/sh
# Which tree a build came from, for `tcpdoc -V` (meson's vcs_tag runs it at
# every build) and for the Debian package's version.
#
#	version.sh           `git describe` of the source tree: v0.2.0-3-gabc1234,
#	                     or abc1234(-dirty) before the first tag; empty outside git
#	version.sh --deb     the Debian version: 0.2.0+3.gabc1234, or
#	                     PROJECT_VERSION+git.N.abc1234 before the first tag
#
# TCPDOC_DESCRIBE, when set, stands for `git describe` (make deb sets it: the
# package is built in a copy of the tree that has no git).
root=$(cd "$(dirname "$0")/.." && pwd)
describe=${TCPDOC_DESCRIBE-$(git -C "$root" describe --tags --always --dirty --match 'v[0-9]*' 2>/dev/null)}
if [ "${1:-}" != --deb ]; then
	printf '%s\n' "$describe"
	exit 0
fi
base=$(sed -n "s/^ *version *: *'\([^']*\)'.*/\1/p" "$root/meson.build" | head -1)
case $describe in
v[0-9]*-[0-9]*-g*)	# v0.2.0-3-gabc1234[-dirty]: 0.2.0+3.gabc1234
	echo "$describe" | sed 's/^v//; s/-dirty$//; s/-\([0-9]*\)-g/+\1.g/' ;;
v[0-9]*)	# exactly on a tag
	echo "$describe" | sed 's/^v//; s/-dirty$//' ;;
'')	echo "$base" ;;
*)	n=${TCPDOC_COMMITS-$(git -C "$root" rev-list --count HEAD 2>/dev/null || echo 0)}
	echo "$base+git.$n.${describe%-dirty}" ;;
esac
