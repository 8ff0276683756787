# shellcheck shell=bash
# tcpdoc top: the full-screen view, driven in tmux against a lab.
. "$TCPD_ROOT/tests/lab/lab.sh"

# Without a terminal: one line on stderr, exit 3 (no lab needed).
no_tty() { "$TCPDOC" top </dev/null; }
bad_input "top without a terminal" no_tty
bad_input "top --json" "$TCPDOC" top --json
bad_input "top --interval 5" "$TCPDOC" top --interval 5

command -v tmux >/dev/null ||
	tap_die "top: tmux is not installed, because scripts/deps.sh was not run"

lab_up
lab_start_scenario "$TCPD_BUILD/tests/scenario" --v6
sleep 1

SOCK="tcpd-top-$$"
TM() { tmux -L "$SOCK" "$@"; }
on_exit 'TM kill-server 2>/dev/null'

# start NAME ENV...: a detached 80x24 session running top in the lab; a
# shell around it writes top's exit status to $LAB_DIR/NAME.rc.
start() {
	local name=$1
	shift
	TM new-session -d -s "$name" -x 80 -y 24 \
		"env $* '$TCPDOC' -N '$LAB_NS' top; echo \$? > '$LAB_DIR/$name.rc'; sleep 600"
}
# top_pid NAME: top's pid, the child of the pane's shell.
top_pid() { pgrep -P "$(pane "$1" '#{pane_pid}')" -x tcpdoc; }
screen() { TM capture-pane -p -J -t "$1"; }
pane() { TM display-message -p -t "$1" "$2"; }

# wait_for NAME REGEX: up to 10 s for the screen to show REGEX.
wait_for() {
	local i
	for ((i = 0; i < 50; i++)); do
		screen "$1" | grep -Eq -- "$2" && return 0
		sleep 0.2
	done
	return 1
}

# gone PID: up to 5 s for PID to have exited (a zombie counts).
gone() {
	local i
	for ((i = 0; i < 100; i++)); do
		{ [[ ! -e /proc/$1 ]] || grep -q '^State:.*zombie' "/proc/$1/status"; } 2>/dev/null &&
			return 0
		sleep 0.05
	done
	return 1
}

# The display width of each line (East Asian wide characters count two).
widths() {
	python3 -c '
import sys, unicodedata
for l in sys.stdin.read().splitlines():
    print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l))'
}

start en LANG=C.UTF-8
wait_for en 'Findings'
check "top draws its screen in an 80x24 terminal"
sleep 2.5
shot=$(screen en)
ss_counts=$(lab_ss_counts)
for st in CLOSE_WAIT LISTEN ESTABLISHED SYN_SENT; do
	got=$(grep -oE "(^| )$st +[0-9]+" <<<"$shot" | head -1 | awk '{ print $2 }')
	want=$(awk -v s="$st" '$1 == s { print $2 }' <<<"$ss_counts")
	expect_eq "$got" "$want" "top shows $st as ss counts it"
done
max=$(widths <<<"$shot" | sort -n | tail -1)
[[ $max -le 80 ]]
check "at 80x24 no line is longer than 80 columns ($max)"
[[ $(sed -n 1p <<<"$shot") == "tcpdoc top"* && $(sed -n 24p <<<"$shot") == *"q quit"* ]]
check "the title is on the first row and the keys on the last"
order=$(grep -nE '^(Total|Local port, sorted|Changes/s|Findings)' <<<"$shot" | cut -d: -f1 | tr '\n' ' ')
[[ $(wc -w <<<"$order") -eq 4 && $order == "$(tr ' ' '\n' <<<"$order" | grep . | sort -n | tr '\n' ' ')" ]]
check "sections appear once each, in order, without overlap ($order)"

# p: port, then peer, then process; the scenario appears by name.
TM send-keys -t en p
wait_for en '^Peer'
check "p groups by peer"
TM send-keys -t en p
wait_for en '^scenario\([0-9]+\)'
check "p again groups by process and names the scenario"

# s: the sort moves from CLOSE_WAIT to TIME_WAIT.
grep -q 'sorted by CLOSE_WAIT' <<<"$shot"
check "groups start sorted by CLOSE_WAIT"
TM send-keys -t en s
wait_for en 'sorted by TIME_WAIT'
check "s sorts by TIME_WAIT"


# f: a state filter keeps only the states asked for.
TM send-keys -t en f
wait_for en 'State filter'
check "f asks for a state filter"
TM send-keys -t en close-wait Enter
wait_for en 'filter: CLOSE_WAIT'
shot=$(screen en)
! grep -qE '^LISTEN +[0-9]' <<<"$shot" && grep -qE '^CLOSE_WAIT +[0-9]' <<<"$shot"
check "the filter leaves only CLOSE_WAIT among the states"

# h: help over the screen; any key closes it.
TM send-keys -t en h
wait_for en 'Any key closes this help'
check "h shows the keys"
TM send-keys -t en x
sleep 0.5
! screen en | grep -q 'Any key closes'
check "a key closes the help"

# A resize: still nothing wraps, the keys stay on the last row.
TM resize-window -t en -x 60 -y 15
sleep 1.5
shot=$(screen en)
max=$(widths <<<"$shot" | sort -n | tail -1)
[[ $max -le 60 && $(sed -n 15p <<<"$shot") == *"q quit"* ]]
check "after a resize to 60x15 nothing wraps and the keys are on row 15 ($max)"

# q: top exits 0 and gives the terminal back (the view is gone).
pid=$(top_pid en)
[[ -n $pid ]]
check "top runs in the pane ($pid)"
TM send-keys -t en q
gone "$pid"
check "q ends top: the pane's process is gone"
sleep 0.2
expect_eq "$(cat "$LAB_DIR/en.rc" 2>/dev/null)" 0 "q exits 0"
! screen en | grep -q 'Changes/s'
check "after q the terminal is restored (the full-screen view is gone)"

# SIGTERM: the terminal is restored too.
start term LANG=C.UTF-8
wait_for term 'Findings'
pid=$(top_pid term)
[[ -n $pid ]] && kill -TERM "$pid"
gone "$pid"
check "SIGTERM ends top"
sleep 0.2
expect_eq "$(cat "$LAB_DIR/term.rc" 2>/dev/null)" 0 "SIGTERM: top exits 0 after restoring the terminal"
sleep 0.5
! screen term | grep -q 'Changes/s'
check "after SIGTERM the terminal is restored"

# Chinese: translated headers line up by display width.
start zh LANG=zh_CN.UTF-8 TCPDOC_LOCALEDIR="$TCPD_BUILD/po"
wait_for zh '合计'
check "top under zh_CN.UTF-8 shows translated text"
sleep 1.5
shot=$(screen zh)
# The count column ends at the same column for every state and the total.
ends=$(grep -E '^([A-Z_0-9]+|合计) +[0-9]+' <<<"$shot" | head -12 |
	sed -E 's/^([^ ]+ +[0-9]+).*/\1/' | widths | sort -u)
n=$(wc -l <<<"$ends")
ends=$(tr '\n' ' ' <<<"$ends")
[[ $n -eq 1 ]]
check "zh_CN: the state counts line up (ends at: $ends)"
# The group table's last column (合计) ends at the same column on every row.
tab=$(awk '/^本地端口 / { on = 1 } on && NF == 0 { exit } on' <<<"$shot" | sed 's/ *$//')
ends=$(widths <<<"$tab" | sort -u)
rows=$(wc -l <<<"$tab")
n=$(wc -l <<<"$ends")
ends=$(tr '\n' ' ' <<<"$ends")
[[ $rows -ge 2 && $n -eq 1 ]]
check "zh_CN: the group table's columns line up ($rows rows end at: $ends)"
max=$(widths <<<"$shot" | sort -n | tail -1)
[[ $max -le 80 ]]
check "zh_CN: no line is longer than 80 columns ($max)"
pid=$(top_pid zh)
TM send-keys -t zh q
gone "$pid"
check "zh_CN: q ends top"
