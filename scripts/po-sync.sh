#!/usr/bin/env bash
# Bring the translations up to date with the sources, in one command:
#   bash scripts/po-sync.sh
# It lists every .c and .h under src/ in po/POTFILES, extracts the
# template po/tcpdoc.pot (keywords _ and N_), merges it into each catalogue
# named in po/LINGUAS, and prints the entries still untranslated or fuzzy:
# translate those in po/LANG.po (msgstr), delete the "#, fuzzy" marks you
# checked, and run it again until it prints nothing. tests/integration/
# explain.sh fails while any entry is missing.
set -eu
cd "$(dirname "$0")/.."

find src -name '*.[ch]' | LC_ALL=C sort > po/POTFILES
xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --add-comments=TRANSLATORS: \
	--package-name=tcpdoc --msgid-bugs-address=none --add-location=file --files-from=po/POTFILES \
	--output=po/tcpdoc.pot
status=0
for lang in $(grep -v '^#' po/LINGUAS); do
	if [ -f "po/$lang.po" ]; then
		msgmerge --quiet --update --backup=none --no-fuzzy-matching --add-location=file "po/$lang.po" po/tcpdoc.pot
	else
		msginit --no-translator --locale="$lang.UTF-8" --input=po/tcpdoc.pot --output-file="po/$lang.po"
	fi
	msgattrib --no-obsolete --output-file="po/$lang.po" "po/$lang.po"
	left=$(msgattrib --untranslated --only-fuzzy "po/$lang.po" 2>/dev/null; \
	       msgattrib --untranslated "po/$lang.po" 2>/dev/null; \
	       msgattrib --only-fuzzy "po/$lang.po" 2>/dev/null)
	# A long msgid starts 'msgid ""' and goes on below: any msgid counts.
	if grep -q '^msgid ' <<<"$left"; then
		echo "po/$lang.po: to translate:"
		msgattrib --untranslated "po/$lang.po"
		msgattrib --only-fuzzy "po/$lang.po"
		status=1
	fi
done
exit $status
