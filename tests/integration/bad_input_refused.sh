# shellcheck shell=bash
# Bad input is refused with one clear line and exit 3 (issue 12, item 5):
# values that used to be taken, messages that used to mislead, every long
# option without its value, and a user's argument echoed short and escaped.
. "$TCPD_ROOT/tests/lib/netns.bash"

export LC_ALL=C LANGUAGE=
WORK=$(mktemp -d)
on_exit "rm -rf '$WORK'"
T() { "$TCPDOC" "$@"; }

# Values that were accepted.
bad_input_says "watch --duration nan" "bad --duration 'nan'" T watch --duration nan
bad_input_says "check --warn estab=nan" "bad range 'nan'" T check --warn estab=nan
bad_input_says "check --warn estab=-5" "bad range '-5'.*low end is above" T check --warn estab=-5
bad_input_says "check --crit total=inf:nan" "bad range" T check --crit total=inf:nan
bad_input_says "-4 -6 together" "-4 and -6 do not go together" T -4 -6 ls
bad_input_says "-6 ls -4" "-4 and -6 do not go together" T -6 ls -4
bad_input_says "--config on a directory" "cannot read $WORK: not a regular file" \
	T diagnose --interval 0 --config "$WORK"
bad_input_says "--config /dev/zero" "cannot read /dev/zero: not a regular file" \
	timeout 10 "$TCPDOC" diagnose --interval 0 --config /dev/zero
mkfifo "$WORK/fifo"
bad_input_says "--config on a FIFO is refused, not waited on" "not a regular file" \
	timeout 10 "$TCPDOC" check --interval 0 --config "$WORK/fifo"
head -c 100000 /dev/zero | tr '\0' '#' >"$WORK/big.conf"
bad_input_says "--config past the size cap" "too big for a config file" \
	T diagnose --interval 0 --config "$WORK/big.conf"
echo "close_wait_warn = 5" >"$WORK/ok.conf"
T diagnose --interval 0 --config "$WORK/ok.conf" >/dev/null 2>&1
[[ $? -le 2 ]]
check "--config on a small regular file is still read"
python3 "$TCPD_ROOT/tests/integration/pcap/gen.py" simul_close "$WORK/c.pcap" ||
	tap_die "cannot generate a capture"
bad_input_says "pcap FILE -i lo" "pcap reads a file .* or captures on -i lo, not both" \
	timeout 10 "$TCPDOC" pcap "$WORK/c.pcap" -i lo
# A pid that surely is not there: past pid_max.
nopid=$(($(cat /proc/sys/kernel/pid_max) + 1))
[[ $nopid -le 4194304 ]] || nopid=4194304
while kill -0 "$nopid" 2>/dev/null; do nopid=$((nopid - 1)); done
bad_input_says "ls --pid of no process" "no process has pid $nopid" T ls --pid "$nopid"
bad_input_says "watch --pid of no process" "no process has pid $nopid" \
	timeout 10 "$TCPDOC" watch --sample --pid "$nopid"
T ls --pid $$ >/dev/null
check "ls --pid of a live process still runs"
bad_input_says "watch --bpf --sample" "--bpf and --sample do not go together" \
	timeout 10 "$TCPDOC" watch --bpf --sample
bad_input_says "watch --sample --bpf" "--bpf and --sample do not go together" \
	timeout 10 "$TCPDOC" watch --sample --bpf

# Loose numbers.
bad_input_says "ls --sport ' 80'" "bad port ' 80'" T ls --sport ' 80'
bad_input_says "ls --sport +80" "bad port '\+80'" T ls --sport +80
bad_input_says "diagnose --interval 0x10" "bad --interval '0x10'" \
	timeout 10 "$TCPDOC" diagnose --interval 0x10
bad_input_says "watch --interval 0x10" "bad --interval '0x10'" \
	timeout 10 "$TCPDOC" watch --sample --interval 0x10
bad_input_says "ls -n ' 3'" "bad -n ' 3'" T ls -n ' 3'
bad_input_says "ls --src '1.2.3.4/ 8'" "bad prefix length in '1.2.3.4/ 8'" T ls --src '1.2.3.4/ 8'
bad_input_says "ls --src [1.2.3.4]" "brackets .* IPv6" T ls --src '[1.2.3.4]'
bad_input_says "probe [1.2.3.4]:80" "bad target '\[1.2.3.4\]:80'" T probe '[1.2.3.4]:80'
bad_input_says "probe 127.0.0.1:+9" "bad port '\+9'" T probe 127.0.0.1:+9
bad_input_says "diagnose --set 'close_wait_warn= +5'" "bad value '\+5'" \
	T diagnose --interval 0 --set 'close_wait_warn= +5'

# Messages that misled.
bad_input_says "ls --sport without a value" "^tcpdoc: option --sport needs a value" T ls --sport
bad_input_says "ls --json=yes" "option --json takes no value" T ls --json=yes
bad_input_says "ls -n without a value" "option -n needs a value" T ls -n
bad_input_says "ls -x" "unknown option -x" T ls -x
bad_input_says "ls --frob" "unknown option '--frob'" T ls --frob
bad_input_says "--set =" "bad setting '=': the key before '=' is missing" \
	T diagnose --interval 0 --set =
bad_input_says "probe -6 127.0.0.1:9" "^tcpdoc: 127.0.0.1 is IPv4 but -6 asks for IPv6$" \
	T probe -6 127.0.0.1:9
bad_input_says "probe -4 [::1]:9" "::1 is IPv6 but -4 asks for IPv4" T probe -4 '[::1]:9'

# Every long option that takes a value, as each command's -h lists it, and
# the global ones: without its value, it says so and names it.
n=0
for cmd in diagnose check summary ls watch top probe pcap; do
	opts=$(T "$cmd" -h | grep -oE -- '--[a-z][a-z-]+[ =][A-Z]' | grep -oE -- '--[a-z-]+' | sort -u)
	for o in $opts --netns; do
		bad_input_says "$cmd $o without its value" "option $o needs a value" T "$cmd" "$o"
		n=$((n + 1))
	done
done
[[ $n -ge 45 ]]
check "$n long options checked for a missing value"

# A bad argument is echoed short, on one line, with non-UTF-8 bytes escaped.
long=$(printf 'x%.0s' {1..5000})
err=$(T ls --src "$long" 2>&1 >/dev/null)
[[ ${#err} -lt 250 && $err == *"xxx..."* ]]
check "a 5000-byte argument is echoed cut, with ... (${#err} bytes)"
err=$(T ls --sport $'8\xff\n0' 2>&1 >/dev/null)
[[ $err == "tcpdoc: bad port '8\\xff\\x0a0': expected a number from 0 to 65535" ]]
check "bytes that are not UTF-8, and a newline, are escaped: $err"
err=$(T ls -s $'bogus\xc3' 2>&1 >/dev/null)
[[ $err == *"'bogus\\xc3'"* ]]
check "an unknown state is echoed escaped too: $err"
err=$(T frob$'\xfe' 2>&1 >/dev/null)
[[ $err == *"'frob\\xfe'"* ]]
check "an unknown command is echoed escaped: $err"
