#!/usr/bin/env python3
"""Check `tcpdoc pcap --json` output: one TAP line per 'what::expression'.

Expressions see: d (the document), conns, conn(port=..) (the first
connection with that server port), states(c, 'client'), ev(c, kind, by),
state_at(c, end, epoch), and ss_agrees(c), which compares every socket `ss`
showed during the scenario with the state rebuilt for that end at that time.
"""
import json
import os
import sys

SS_NAMES = {
    "ESTAB": "ESTABLISHED", "SYN-SENT": "SYN_SENT", "SYN-RECV": "SYN_RECV",
    "FIN-WAIT-1": "FIN_WAIT1", "FIN-WAIT-2": "FIN_WAIT2", "TIME-WAIT": "TIME_WAIT",
    "CLOSE-WAIT": "CLOSE_WAIT", "LAST-ACK": "LAST_ACK", "CLOSING": "CLOSING",
    "UNCONN": "CLOSE", "LISTEN": "LISTEN",
}


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def main():
    doc, snaps, name = load(sys.argv[1]), load(sys.argv[2]), sys.argv[3]
    start = doc["summary"]["start_epoch"] if doc else 0
    conns = doc["connections"] if doc else []

    def conn(port=None, cport=None):
        for c in conns:
            if port is not None and c["server"]["port"] != port:
                continue
            if cport is not None and c["client"]["port"] != cport:
                continue
            return c
        return None

    def states(c, end):
        return [h["state"] for h in c["ends"][end]]

    def ev(c, kind, by=None):
        return sum(e["count"] for e in c["events"]
                   if e["kind"] == kind and (by is None or e["by"] == by))

    def state_at(c, end, epoch):
        st = None
        for h in c["ends"][end]:
            if start + h["at"] <= epoch:
                st = h["state"]
        return st

    def ss_agrees(c, ends=("client", "server"), out=None):
        """Every ss line about c's ends matches the rebuilt state then."""
        seen = 0
        for snap in snaps or []:
            for line in snap["lines"]:
                f = line.split()
                if len(f) < 5 or f[0] not in SS_NAMES or f[0] == "LISTEN":
                    continue
                local = f[3]
                for end in ends:
                    e = c[end]
                    if local != "%s:%d" % (e["addr"], e["port"]) and \
                       local != "[%s]:%d" % (e["addr"], e["port"]):
                        continue
                    peer = c["server" if end == "client" else "client"]
                    if not f[4].endswith(":%d" % peer["port"]):
                        continue
                    seen += 1
                    got = state_at(c, end, snap["t"])
                    if got != SS_NAMES[f[0]]:
                        if out is not None:
                            out.append("%s at %.3f: ss %s, rebuilt %s" %
                                       (end, snap["t"] - start, f[0], got))
                        return False
        return seen > 0

    env = dict(d=doc, conns=conns, conn=conn, states=states, ev=ev,
               state_at=state_at, ss_agrees=ss_agrees, snaps=snaps)
    for arg in sys.argv[4:]:
        what, expr = arg.split("::", 1)
        try:
            good = bool(eval(expr, env))
            err = ""
        except Exception as e:  # a missing key is a failure, not a crash
            good, err = False, " (%s: %s)" % (type(e).__name__, e)
        print("%s - pcap %s: %s%s" % ("ok" if good else "not ok", name, what, err))
        if not good and os.environ.get("PL_VERBOSE", "1") == "1":
            print("#   %s" % expr)
            why = []
            if "ss_agrees" in expr and conns:
                for c in conns:
                    ss_agrees(c, out=why)
            for w in why:
                print("#   " + w)
    if doc is None:
        print("not ok - pcap %s: tcpdoc gave no JSON" % name)


main()
