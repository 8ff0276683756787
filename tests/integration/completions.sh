#!/usr/bin/env bash
# Shell completions (contrib/completions): bash is asked through the function
# `complete -p tcpdoc` names, with COMP_WORDS as bash would set them, for a
# few command lines: commands, options (every option each command's -h
# prints), state lists, --by keys, namespaces from /run/netns and pid:PID,
# explain topics, capture files. fish is asked the same through
# `complete -C`, and zsh through an interactive shell on a pseudo-terminal.
set -u
: "${TCPDOC:?}" "${TCPD_ROOT:?}" "${TCPD_BUILD:?}"
. "$TCPD_ROOT/tests/lib/netns.bash"
export LC_ALL=C NO_COLOR=1
unset LANGUAGE TCPDOC_LOCALEDIR
dir=$TCPD_ROOT/contrib/completions
tmp=$(mktemp -d)
on_exit "rm -rf '$tmp'"

for t in bash zsh fish; do
	command -v "$t" >/dev/null || tap_die "$t is not installed (scripts/deps.sh)"
done

# bash_complete WORDS...: the completions for the command line WORDS (the
# last word is the one being completed), sorted, on one line.
bash_complete() {
	bash --norc --noprofile -c '
		. "$1"; shift
		fn=$(complete -p tcpdoc | sed -n "s/.*-F \([^ ]*\) .*/\1/p")
		[ -n "$fn" ] || { echo "no complete -F for tcpdoc"; exit 1; }
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		"$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort | paste -sd" "
	' bash "$dir/tcpdoc.bash" "$@"
}

# The commands tcpdoc --help lists: a new command without its completion fails.
commands=$("$TCPDOC" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
expect_eq "$(bash_complete tcpdoc '')" "$(sort <<<"$commands" | paste -sd' ')" \
	"bash: tcpdoc <TAB> gives the commands --help lists"
expect_eq "$(bash_complete tcpdoc su)" "summary" "bash: tcpdoc su<TAB> gives summary"
expect_eq "$(bash_complete tcpdoc --interval 0 ch)" "check" \
	"bash: an option's value is not taken for the command"
expect_eq "$(bash_complete tcpdoc summary --by '')" "dport netns peer port process" \
	"bash: summary --by <TAB> gives the keys"
expect_eq "$(bash_complete tcpdoc ls -s close-wait,ti)" "close-wait,time-wait" \
	"bash: ls -s close-wait,ti<TAB> completes the state after the comma"
expect_eq "$(bash_complete tcpdoc --source '')" "auto bpf netlink proc" \
	"bash: --source <TAB> gives the socket sources"
expect_eq "$(bash_complete "$TCPDOC" explain ETIM)" "ETIMEDOUT" \
	"bash: explain ETIM<TAB> gives ETIMEDOUT (topics from tcpdoc explain)"
expect_eq "$(bash_complete "$TCPDOC" explain syn-c)" "syn-cookies" \
	"bash: explain syn-c<TAB> gives the mechanism"
expect_eq "$(bash_complete tcpdoc check --warn close-w)" "close-wait=" \
	"bash: check --warn close-w<TAB> gives close-wait="
: >"$tmp/capture.pcap"
expect_eq "$(bash_complete tcpdoc pcap "$tmp/capt")" "$tmp/capture.pcap" \
	"bash: pcap <TAB> completes file names"

ns_add compl
got=$(bash_complete tcpdoc -N "${NS%-*}")
expect_eq "$got" "$NS" "bash: -N <TAB> gives the namespaces in /run/netns"
got=$(bash_complete tcpdoc ls --netns '')
grep -qw -- "$NS" <<<"$got" && grep -qw -- "pid:" <<<"$got"
check "bash: --netns <TAB> offers pid: besides the names"
got=$(bash_complete tcpdoc -N "pid:$$")
grep -qw -- "pid:$$" <<<"$got"
check "bash: -N pid:PID<TAB> gives process ids"

# Every option a command's -h prints (and the global ones) is completed.
options() {
	grep -E '^ *(-|Usage:)' | grep -oE '(^|[][ |,])--?[A-Za-z0-9][A-Za-z0-9-]*' |
		sed 's/^[][ |,]*//' | sort -u
}
for c in "" $commands; do
	got=" $(bash_complete tcpdoc $c -) "
	missing=
	for o in $("$TCPDOC" $c --help | options); do
		[[ $got == *" $o "* ]] || missing+=" $o"
	done
	expect_eq "${missing# }" "" "bash: tcpdoc ${c:-(no command)} -<TAB> offers every option of its help"
done

# fish: the same questions through its own completion engine.
fish_complete() {
	fish --no-config -c "source '$dir/tcpdoc.fish'; complete -C '$1'" | cut -f1 | sort | paste -sd" "
}
expect "fish: tcpdoc.fish parses" fish --no-config -n "$dir/tcpdoc.fish"
expect_eq "$(fish_complete 'tcpdoc su')" "summary" "fish: tcpdoc su<TAB> gives summary"
expect_eq "$(fish_complete 'tcpdoc summary --by ')" "dport netns peer port process" \
	"fish: summary --by <TAB> gives the keys"
got=$(fish_complete 'tcpdoc ls -s ')
[[ " $got " == *" close-wait "* && " $got " == *" time-wait "* ]]
check "fish: ls -s <TAB> gives state names ($got)"
expect_eq "$(fish_complete "tcpdoc -N ${NS%-*}")" "$NS" "fish: -N <TAB> gives the namespaces"
expect_eq "$(PATH=$(dirname "$TCPDOC"):$PATH fish_complete 'tcpdoc explain ETIM')" "ETIMEDOUT" \
	"fish: explain ETIM<TAB> gives ETIMEDOUT"


# zsh: the function loads through compinit and is bound to tcpdoc; then an
# interactive zsh on a pseudo-terminal is asked (tests/integration/lib/zsh_complete.zsh).
got=$(zsh -f -c "fpath=('$dir' \$fpath); autoload -Uz compinit; compinit -u -D -d '$tmp/zcd';
	autoload -Uz +X _tcpdoc && print -r -- \$_comps[tcpdoc]" 2>&1)
expect_eq "$got" "_tcpdoc" "zsh: _tcpdoc loads and completes tcpdoc"
zsh_complete() {
	zsh -f "$TCPD_ROOT/tests/integration/lib/zsh_complete.zsh" "$dir" "$tmp/zsh.hits" "$1" | paste -sd' '
}
expect_eq "$(zsh_complete 'tcpdoc su')" "summary" "zsh: tcpdoc su<TAB> gives summary"
expect_eq "$(zsh_complete 'tcpdoc summary --by ')" "dport netns peer port process" \
	"zsh: summary --by <TAB> gives the keys"
expect_eq "$(zsh_complete 'tcpdoc ls -s close-wait,ti')" "time-wait" \
	"zsh: ls -s close-wait,ti<TAB> completes the state after the comma"
expect_eq "$(zsh_complete "tcpdoc -N ${NS%-*}")" "$NS" "zsh: -N <TAB> gives the namespaces"
expect_eq "$(zsh_complete "$TCPDOC explain ETIM")" "ETIMEDOUT" \
	"zsh: explain ETIM<TAB> gives ETIMEDOUT (topics from the tcpdoc being completed)"
