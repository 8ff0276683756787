#!/usr/bin/env python3
"""snap_same.py KIND LIVE OFFLINE: do two JSON documents say the same?

KIND is diagnose, summary or ls. A snapshot is taken a moment after the
live run it is compared with, so what moves with the clock alone is left
out: ages and times left on timers, the measured interval, and the "oldest
..." tail of a summary line. Everything else must be equal. Prints the
first difference and exits 1.
"""
import json
import re
import sys

TIMED = re.compile(r"(age|older|oldest|_ms$|_us$|per_s|rate)")


def finding(f):
    f = dict(f)
    f["evidence"] = {k: v for k, v in f.get("evidence", {}).items() if not TIMED.search(k)}
    f["summary"] = f.get("summary", "").split("; oldest")[0]
    f.pop("advice", None)	# may quote ages too; the id fixes the advice
    return f


def norm(kind, d):
    if kind == "diagnose":
        d.pop("interval_s", None)
        d["findings"] = sorted((finding(f) for f in d["findings"]),
                               key=lambda f: json.dumps(f, sort_keys=True))
    elif kind == "ls":
        for s in d:
            s.get("timer", {}).pop("expires_ms", None)
            s.pop("info", None)
        d = sorted(d, key=lambda s: json.dumps(s, sort_keys=True))
    return d


def main():
    kind, live, off = sys.argv[1:4]
    with open(live) as a, open(off) as b:
        x, y = norm(kind, json.load(a)), norm(kind, json.load(b))
    if x == y:
        return 0
    print("# live:    " + json.dumps(x, sort_keys=True)[:1500])
    print("# offline: " + json.dumps(y, sort_keys=True)[:1500])
    return 1


if __name__ == "__main__":
    sys.exit(main())
