# fish completion for tcpdoc(8); installed in fish's vendor_completions.d.
# Commands, options, state names, namespaces (/run/netns, pid:PID), capture
# files for pcap, and the topics `tcpdoc explain` lists.

set -l commands diagnose check summary ls explain watch top probe serve pcap snapshot
set -l states established syn-sent syn-recv fin-wait-1 fin-wait-2 time-wait close \
	close-wait last-ack listen closing all connected synchronized bucket big
set -l filtered summary ls watch top
set -l doctor diagnose check serve

function __tcpdoc_netns
	for f in /run/netns/*
		test -e $f; and basename $f
	end
	echo pid:
	for p in /proc/[0-9]*
		echo pid:(basename $p)
	end
end

# A comma-separated state list: keep what comes before the last comma.
function __tcpdoc_states
	set -l cur (commandline -ct)
	set -l head (string replace -r '[^,]*$' '' -- $cur)
	for s in $argv
		echo $head$s
	end
end

function __tcpdoc_topics
	set -l prog (commandline -opc)[1]
	env LC_ALL=C $prog explain 2>/dev/null |
		string match -r '^\S+(?=\s+(state|errno|sysctl|mechanism|diagram)\s)'
end

complete -c tcpdoc -f
complete -c tcpdoc -n "not __fish_seen_subcommand_from $commands" -a "$commands"

# Global options.
complete -c tcpdoc -s j -l json -d 'one JSON document on stdout'
complete -c tcpdoc -s N -l netns -x -a '(__tcpdoc_netns)' -d 'a namespace: NAME, path or pid:PID'
complete -c tcpdoc -s A -l all-netns -d 'every network namespace'
complete -c tcpdoc -s 4 -d 'IPv4 only'
complete -c tcpdoc -s 6 -d 'IPv6 only'
complete -c tcpdoc -n "not __fish_seen_subcommand_from probe" -l source -x -a 'auto netlink bpf proc' -d 'socket table source'
complete -c tcpdoc -l from -r -F -d 'read a snapshot instead of the host'
complete -c tcpdoc -l no-color -d 'no colour'
complete -c tcpdoc -s h -l help -d 'help'
complete -c tcpdoc -s V -l version -d 'the version'

# The doctor: diagnose (the default) and check.
complete -c tcpdoc -n "not __fish_seen_subcommand_from $commands; or __fish_seen_subcommand_from $doctor" -l interval -x -d 'seconds between counter reads'
complete -c tcpdoc -n "not __fish_seen_subcommand_from $commands; or __fish_seen_subcommand_from $doctor" -l set -x -d 'a threshold KEY=N'
complete -c tcpdoc -n "not __fish_seen_subcommand_from $commands; or __fish_seen_subcommand_from $doctor" -l config -r -F -d 'thresholds file'
complete -c tcpdoc -n "__fish_seen_subcommand_from check" -l warn -x -a "(__tcpdoc_states $states total)=" -d 'STATE=RANGE'
complete -c tcpdoc -n "__fish_seen_subcommand_from check" -l crit -x -a "(__tcpdoc_states $states total)=" -d 'STATE=RANGE'
complete -c tcpdoc -n "__fish_seen_subcommand_from check pcap" -l port -x -d 'port N'

# Filters.
complete -c tcpdoc -n "__fish_seen_subcommand_from $filtered" -s s -l state -x -a "(__tcpdoc_states $states)" -d 'states, comma-separated'
complete -c tcpdoc -n "__fish_seen_subcommand_from $filtered" -l sport -x -d 'local port'
complete -c tcpdoc -n "__fish_seen_subcommand_from $filtered" -l dport -x -d 'remote port'
complete -c tcpdoc -n "__fish_seen_subcommand_from $filtered" -l port -x -d 'either port'
complete -c tcpdoc -n "__fish_seen_subcommand_from $filtered" -l src -x -d 'local ADDR[/LEN]'
complete -c tcpdoc -n "__fish_seen_subcommand_from $filtered" -l dst -x -d 'remote ADDR[/LEN]'

complete -c tcpdoc -n "__fish_seen_subcommand_from summary" -l by -x -a 'port dport peer process netns' -d 'count per'
complete -c tcpdoc -n "__fish_seen_subcommand_from summary" -s n -x -d 'groups to show'

complete -c tcpdoc -n "__fish_seen_subcommand_from ls" -s n -l limit -x -d 'stop after LIMIT sockets'
complete -c tcpdoc -n "__fish_seen_subcommand_from ls" -s e -l extended -d 'timers, uid, inode'
complete -c tcpdoc -n "__fish_seen_subcommand_from ls" -s i -l info -d 'tcp_info'
complete -c tcpdoc -n "__fish_seen_subcommand_from ls" -s p -l processes -d 'owning processes'
complete -c tcpdoc -n "__fish_seen_subcommand_from ls watch" -l pid -x -a '(__fish_complete_pids)' -d 'process'

complete -c tcpdoc -n "__fish_seen_subcommand_from watch" -l duration -x -d 'stop after S seconds'
complete -c tcpdoc -n "__fish_seen_subcommand_from watch top" -l sample -d 'no BPF: sample sock_diag'
complete -c tcpdoc -n "__fish_seen_subcommand_from watch" -l bpf -d 'BPF or fail'
complete -c tcpdoc -n "__fish_seen_subcommand_from watch top" -l interval -x -d 'milliseconds'
complete -c tcpdoc -n "__fish_seen_subcommand_from watch" -l buffer -x -d 'ring buffer MB'

complete -c tcpdoc -n "__fish_seen_subcommand_from probe" -s c -l count -x -d 'rounds'
complete -c tcpdoc -n "__fish_seen_subcommand_from probe" -s i -l interval -x -d 'pause between rounds'
complete -c tcpdoc -n "__fish_seen_subcommand_from probe" -s t -l timeout -x -d 'seconds per attempt'
complete -c tcpdoc -n "__fish_seen_subcommand_from probe" -l source -x -d 'local address'

complete -c tcpdoc -n "__fish_seen_subcommand_from serve" -l listen -x -d 'ADDR:PORT to listen on'
complete -c tcpdoc -n "__fish_seen_subcommand_from serve" -l min-interval -x -d 'reuse a collection younger than S seconds'
complete -c tcpdoc -n "__fish_seen_subcommand_from serve" -l top -x -d 'ports, processes and listeners kept'
complete -c tcpdoc -n "__fish_seen_subcommand_from serve" -l web-config -r -F -d 'TLS and basic auth (Prometheus web config)'

complete -c tcpdoc -n "__fish_seen_subcommand_from pcap" -F -d 'capture file'
complete -c tcpdoc -n "__fish_seen_subcommand_from pcap" -l host -x -d 'ADDR[/LEN]'
complete -c tcpdoc -n "__fish_seen_subcommand_from pcap" -l conn -x -d 'connection id'
complete -c tcpdoc -n "__fish_seen_subcommand_from pcap" -l ladder -x -d 'SVG of connection id'
complete -c tcpdoc -n "__fish_seen_subcommand_from pcap" -l idle-expire -x -d 'seconds'
complete -c tcpdoc -n "__fish_seen_subcommand_from pcap" -s i -l interface -x -a '(__fish_print_interfaces)' -d 'capture live'
complete -c tcpdoc -n "__fish_seen_subcommand_from pcap" -s f -l filter -x -d 'BPF capture filter'
complete -c tcpdoc -n "__fish_seen_subcommand_from pcap" -l duration -x -d 'seconds'

complete -c tcpdoc -n "__fish_seen_subcommand_from explain; and not __fish_seen_subcommand_from diagram" -a '(__tcpdoc_topics)'
complete -c tcpdoc -n "__fish_seen_subcommand_from diagram" -a "$states"

# snapshot: everything the doctor reads, in one file.
complete -c tcpdoc -n "__fish_seen_subcommand_from snapshot" -s o -l output -r -F -d 'the file to write'
complete -c tcpdoc -n "__fish_seen_subcommand_from snapshot" -l interval -x -d 'seconds between counter reads'
complete -c tcpdoc -n "__fish_seen_subcommand_from snapshot" -l findings -r -F -d 'also write the findings of the run as JSON'
complete -c tcpdoc -n "__fish_seen_subcommand_from snapshot" -l set -x -d 'a threshold KEY=N'
complete -c tcpdoc -n "__fish_seen_subcommand_from snapshot" -l config -r -F -d 'thresholds file'
