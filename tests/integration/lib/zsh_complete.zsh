# zsh -f zsh_complete.zsh FPATH_DIR HITS_FILE 'LINE': what zsh's completion
# system offers for LINE<Tab>, one word a line, sorted. An interactive zsh on
# a pseudo-terminal (zsh/zpty) loads the completions from FPATH_DIR through
# compinit; compadd is wrapped to write every match to HITS_FILE.
zmodload zsh/zpty || exit 1
dir=$1 hits=$2 line=$3
: >"$hits"
zpty z zsh -f -i
zpty -w z "PS1= PROMPT= RPROMPT="
zpty -w z "fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D -d ${(q)hits}.zcd"
zpty -w z 'compadd() { builtin compadd -O __hits "$@"; print -rl -- "<hit>"${^__hits} >&2; builtin compadd "$@" }'
zpty -w z "exec 2>>${(q)hits}"
zpty -n -w z "$line"$'\t'
# Done when matches came and no more come for a moment (at most 10 s).
integer i size last=-1
for i in {1..100}; do
	sleep 0.1
	size=$(wc -c <"$hits")
	(( size > 0 && size == last )) && break
	last=$size
done
zpty -w z $'\C-c'
zpty -d z
sed -n 's/^<hit>//p' "$hits" | sort -u
