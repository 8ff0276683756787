# Every --json document parses, whatever the locale: under de_DE.UTF-8,
# whose decimal separator is a comma, fractional numbers still use '.'.
# Options that take fractions read them the same way.
. "$TCPD_ROOT/tests/lib/netns.bash"

export LC_ALL=de_DE.UTF-8
locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$' ||
	tap_die "no de_DE.UTF-8 locale (scripts/deps.sh generates it)"
[[ $(python3 -c 'import locale; locale.setlocale(locale.LC_ALL, ""); print(locale.localeconv()["decimal_point"])') == "," ]] ||
	tap_die "de_DE.UTF-8 does not print a decimal comma here"
WORK=$(mktemp -d)
on_exit "rm -rf '$WORK'"
ns_add json
python3 "$TCPD_ROOT/tests/integration/pcap/gen.py" simul_close "$WORK/c.pcap" ||
	tap_die "cannot generate a capture"

# parses NAME PYEXPR: stdin is one JSON document (or one per line with
# --lines); PYEXPR over it, bound to d (a list of documents with --lines),
# must hold. Names the float it saw, so a test without one cannot pass.
parses() {
	local name=$1 expr=$2 lines=${3:-}
	python3 -c '
import json, sys
text = sys.stdin.read()
d = [json.loads(l) for l in text.splitlines() if l.strip()] if sys.argv[2] else json.loads(text)
sys.exit(0 if eval(sys.argv[1]) else 1)' "$expr" "$lines"
	tap_result $? "$name"
}

T() { "$TCPDOC" -N "$NS" "$@"; }
T probe -j --timeout 1 127.0.0.1:9 |
	parses "probe --json: ms is a number" 'isinstance(d["attempts"][0]["ms"], float)'
T -j --interval 0.2 |
	parses "diagnose --json --interval 0.2: interval_s is a number" \
		'isinstance(d["interval_s"], float) and d["interval_s"] >= 0.19'
T -j summary | parses "summary --json" '"states" in d'
T -j ls -i -e | parses "ls --json -i -e" 'isinstance(d, list)'
T -j watch --duration 0.3 |
	parses "watch --json: its summary's seconds is a number" \
		'isinstance(d[-1]["summary"]["seconds"], float)' lines
"$TCPDOC" -j pcap "$WORK/c.pcap" |
	parses "pcap --json: times are numbers" \
		'all(isinstance(e["at"], float) for c in d["connections"] for e in c["ends"]["client"])'
"$TCPDOC" -j explain time_wait | parses "explain --json" 'd'
