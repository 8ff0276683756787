# bash completion for tcpdoc(8)                          -*- shell-script -*-
# Installed as BASH_COMPLETION_DIR/tcpdoc. Commands, options, state names,
# namespaces (/run/netns, pid:PID), capture files for pcap, and the topics
# `tcpdoc explain` lists. tests/integration/completions.sh checks the
# options against each command's -h.

_tcpdoc_commands="diagnose check summary ls explain watch top probe serve pcap snapshot"
_tcpdoc_global="-j --json -N --netns -A --all-netns -4 -6 --source --from --no-color -h --help -V --version"
_tcpdoc_filters="-s --state --sport --dport --port --src --dst"
_tcpdoc_doctor="--interval --set --config"
_tcpdoc_states="established syn-sent syn-recv fin-wait-1 fin-wait-2 time-wait close
	close-wait last-ack listen closing all connected synchronized bucket big"

# _tcpdoc_options CMD: the options CMD takes besides the global ones.
_tcpdoc_options()
{
	case $1 in
	diagnose) echo "$_tcpdoc_doctor" ;;
	check) echo "--warn --crit --port $_tcpdoc_doctor" ;;
	summary) echo "--by -n $_tcpdoc_filters" ;;
	ls) echo "-n --limit -e --extended -i --info -p --processes --pid $_tcpdoc_filters" ;;
	watch) echo "--pid --duration --sample --bpf --interval --buffer $_tcpdoc_filters" ;;
	top) echo "--interval --sample $_tcpdoc_filters" ;;
	probe) echo "-c --count -i --interval -t --timeout" ;;
	serve) echo "--listen --min-interval --top --web-config $_tcpdoc_doctor" ;;
	pcap) echo "--port --host --conn --ladder --idle-expire -i --interface -f --filter --duration" ;;
	snapshot) echo "-o --output --findings --interval --set --config" ;;
	esac
}

# Options whose value is the next word, for command $1.
_tcpdoc_takes_value()
{
	case $2 in
	-N | --netns | --source | -n | --limit | --pid | --interval | --set | --config | \
		--warn | --crit | --port | --sport | --dport | --src | --dst | --by | -s | \
		--state | --duration | --buffer | -c | --count | -t | --timeout | --host | \
		--conn | --ladder | --idle-expire | --interface | -f | --filter | \
		--listen | --min-interval | --top | --from | --output | --web-config)
		return 0 ;;
	-o) [[ $1 == snapshot ]] ;;
	-i) [[ $1 == probe || $1 == pcap ]] ;;
	*) return 1 ;;
	esac
}

_tcpdoc_netns()
{
	local cur=$1 names=() f
	if [[ $cur == pid:* ]]; then
		for f in /proc/[0-9]*; do
			names+=("pid:${f#/proc/}")
		done
	else
		for f in /run/netns/*; do
			[[ -e $f ]] && names+=("${f##*/}")
		done
		names+=(pid:)
	fi
	COMPREPLY=($(compgen -W "${names[*]}" -- "$cur"))
	[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == pid: ]] && compopt -o nospace 2>/dev/null
	[[ $cur == /* ]] && COMPREPLY+=($(compgen -f -- "$cur"))
}

# A comma-separated list of states: complete the word after the last comma.
_tcpdoc_state_list()
{
	local cur=$1 head= last=$1
	if [[ $cur == *,* ]]; then
		head=${cur%,*},
		last=${cur##*,}
	fi
	COMPREPLY=($(compgen -P "$head" -W "$_tcpdoc_states" -- "$last"))
}

_tcpdoc_files()
{
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -f -- "$1"))
}

_tcpdoc_explain_topics()
{
	LC_ALL=C "${1:-tcpdoc}" explain 2>/dev/null |
		awk 'NR > 1 && $2 ~ /^(state|errno|sysctl|mechanism|diagram)$/ { print $1 }'
}

_tcpdoc_value()
{
	local cmd=$1 opt=$2 cur=$3
	case $opt in
	-N | --netns) _tcpdoc_netns "$cur" ;;
	--source)
		[[ $cmd == probe ]] && return
		COMPREPLY=($(compgen -W "auto netlink bpf proc" -- "$cur")) ;;
	-s | --state) _tcpdoc_state_list "$cur" ;;
	--by) COMPREPLY=($(compgen -W "port dport peer process netns" -- "$cur")) ;;
	--config | --from | -o | --output | --web-config) _tcpdoc_files "$cur" ;;
	--pid) COMPREPLY=($(compgen -W "$(cd /proc && echo [0-9]*)" -- "$cur")) ;;
	--interface | -i)
		[[ $cmd == pcap ]] &&
			COMPREPLY=($(compgen -W "$(ls /sys/class/net 2>/dev/null)" -- "$cur")) ;;
	--warn | --crit)
		[[ $cur != *=* ]] && COMPREPLY=($(compgen -S = -W "$_tcpdoc_states total" -- "$cur")) &&
			compopt -o nospace 2>/dev/null ;;
	esac
}

_tcpdoc()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= i w
	local prog=${COMP_WORDS[0]}
	COMPREPLY=()
	# The command is the first word that is not an option or an option's value.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == -* ]]; then
			_tcpdoc_takes_value "$cmd" "$w" && ((i++))
			continue
		fi
		if [[ -z $cmd ]]; then
			cmd=$w
		fi
	done
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	if ((COMP_CWORD > 1)) && _tcpdoc_takes_value "$cmd" "$prev"; then
		_tcpdoc_value "${cmd:-diagnose}" "$prev" "$cur"
		return 0
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$_tcpdoc_global $(_tcpdoc_options "${cmd:-diagnose}")" -- "$cur"))
		return 0
	fi
	case $cmd in
	'') COMPREPLY=($(compgen -W "$_tcpdoc_commands" -- "$cur")) ;;
	explain)
		if [[ $prev == diagram ]]; then
			COMPREPLY=($(compgen -W "$_tcpdoc_states" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_tcpdoc_explain_topics "$prog")" -- "$cur"))
		fi ;;
	pcap) _tcpdoc_files "$cur" ;;
	esac
	return 0
}
complete -F _tcpdoc tcpdoc
