#!/usr/bin/env bash
# README.zh_CN.md says the same as README.md: the same sections in the same
# order, and in each section the same inline code (commands, options, paths,
# keys) and the same code blocks (comments aside, they are translated); the
# commands table lists the same commands, which are the ones `tcpdoc --help`
# prints.
set -u
: "${TCPDOC:?}" "${TCPD_ROOT:?}" "${TCPD_BUILD:?}"
. "$TCPD_ROOT/tests/lib/tap.bash"
export LC_ALL=C.UTF-8 NO_COLOR=1
unset LANGUAGE TCPDOC_LOCALEDIR
en=$TCPD_ROOT/README.md
zh=$TCPD_ROOT/README.zh_CN.md
[ -s "$zh" ] || tap_die "README.zh_CN.md is missing"

help_cmds=$("$TCPDOC" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }' | paste -sd' ')
python3 - "$en" "$zh" "$help_cmds" <<'PY'
import re, sys
from collections import Counter

def sections(path):
    """[(heading, prose, code blocks)] split at '## ' outside code fences."""
    out, fence, prose, code, block, head = [], False, [], [], [], "(title)"
    for line in open(path, encoding="utf-8"):
        if line.startswith("```"):
            if fence:
                code.append(block)
                block = []
            fence = not fence
            continue
        if fence:
            block.append(line.rstrip("\n"))
        elif line.startswith("## "):
            out.append((head, "".join(prose), code))
            head, prose, code = line[3:].strip(), [], []
        else:
            prose.append(line)
    out.append((head, "".join(prose), code))
    return out

def spans(text):
    return Counter(re.sub(r"\s+", " ", s) for s in re.findall(r"`([^`]+)`", text))

def bare(block):
    """A code block without its comments (translated) and trailing blanks."""
    lines = [re.sub(r"\s+#\s.*$", "", l) for l in block if not l.lstrip().startswith("# ")]
    return [l.rstrip() for l in lines]

def commands(secs):
    for head, prose, _ in secs:
        rows = re.findall(r"^\| `([a-z]+)[^`]*`", prose, re.M)
        if len(rows) >= 5:
            return rows
    return []

def tap(ok, what):
    print(("ok - " if ok else "not ok - ") + what)

en, zh, want = sections(sys.argv[1]), sections(sys.argv[2]), sys.argv[3].split()
tap(len(en) == len(zh), f"README.zh_CN.md has as many sections as README.md ({len(zh)} and {len(en)})")
for i, ((he, pe, ce), (hz, pz, cz)) in enumerate(zip(en, zh)):
    se, sz = spans(pe), spans(pz)
    diff = sorted((se - sz).keys()) + [f"+{k}" for k in sorted((sz - se).keys())]
    tap(not diff, f"section {i} '{he}' / '{hz}': the same inline code {diff if diff else ''}")
    tap([bare(b) for b in ce] == [bare(b) for b in cz],
        f"section {i} '{he}' / '{hz}': the same {len(ce)} code blocks")
ce, cz = commands(en), commands(zh)
tap(ce == cz and sorted(ce) == sorted(want),
    f"both command tables list the commands tcpdoc --help prints ({' '.join(ce)} / {' '.join(cz)})")
PY
