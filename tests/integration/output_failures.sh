# Output that cannot be written is never a silent success: a full disk or a
# closed stdout is one line on stderr and exit 3, for every command; a
# reader that goes away ends a streaming command at once, quietly, as
# SIGPIPE ends other tools (exit status 141 in the shell).
. "$TCPD_ROOT/tests/lib/netns.bash"

WORK=$(mktemp -d)
on_exit "rm -rf '$WORK'"
ns_add out
python3 "$TCPD_ROOT/tests/integration/pcap/gen.py" simul_close "$WORK/c.pcap" ||
	tap_die "cannot generate a capture"
T() { "$TCPDOC" -N "$NS" "$@"; }

commands=(
	"summary" "summary --by port" "ls" "ls -e -i -p" "-j ls" "-j summary"
	"diagnose --interval 0" "-j diagnose --interval 0" "check --interval 0"
	"explain" "explain time_wait" "-j explain 110" "probe --timeout 1 127.0.0.1:9"
	"-j probe --timeout 1 127.0.0.1:9" "pcap $WORK/c.pcap" "-j pcap $WORK/c.pcap"
	"watch --duration 0.2" "-j watch --duration 0.2" "watch --sample --duration 0.2"
	"--help" "ls -h" "--version"
)
for c in "${commands[@]}"; do
	# shellcheck disable=SC2086 # each entry is a command line
	T $c >/dev/full 2>"$WORK/err"
	rc=$?
	n=$(grep -c '^tcpdoc: cannot write output: No space left on device$' "$WORK/err")
	[[ $rc -eq 3 && $n -eq 1 && $(grep -vc '^tcpdoc: note: ' "$WORK/err") -eq 1 ]]
	check "'tcpdoc $c' to a full disk: exit 3 ($rc) and one line ($(tail -1 "$WORK/err"))"
	# shellcheck disable=SC2086
	T $c >&- 2>"$WORK/err"
	rc=$?
	[[ $rc -eq 3 ]] && grep -q '^tcpdoc: cannot write output: Bad file descriptor$' "$WORK/err"
	check "'tcpdoc $c' with stdout closed: exit 3 ($rc) and says so"
done

# A reader that is gone before anything is written: watch notices on its own.
for w in "watch" "-j watch" "watch --sample"; do
	# shellcheck disable=SC2086
	timeout 20 "$TCPDOC" -N "$NS" $w 2>"$WORK/err" | head -c 0
	rc=${PIPESTATUS[0]}
	[[ $rc -eq 141 ]] && ! grep -v '^tcpdoc: note: ' "$WORK/err"
	check "'tcpdoc $w | head -c 0' ends by itself, quietly (exit $rc)"
done

# A reader that goes after the first line: the next write ends watch.
ip netns exec "$NS" python3 -c '
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 7000)); s.listen()
for _ in range(150):
    c = socket.create_connection(("127.0.0.1", 7000)); a, _ = s.accept()
    c.close(); a.close(); time.sleep(0.1)
' &
conns=$!
on_exit "kill $conns 2>/dev/null; wait $conns 2>/dev/null"
for w in "watch" "-j watch" "watch --sample"; do
	# shellcheck disable=SC2086
	line=$(timeout 20 "$TCPDOC" -N "$NS" $w 2>"$WORK/err" | head -1; echo "rc=${PIPESTATUS[0]}")
	[[ $line == *"rc=141" && $(grep -c '' <<<"$line") -eq 2 ]] && ! grep -v '^tcpdoc: note: ' "$WORK/err"
	check "'tcpdoc $w | head -1' prints one change and ends quietly ($(tail -1 <<<"$line"))"
done
