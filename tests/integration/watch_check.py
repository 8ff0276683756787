#!/usr/bin/env python3
"""Check the JSON Lines watch.sh collected; print TAP lines."""
import json
import os
import sys

D = sys.argv[1]
failed = 0


def ok(cond, what, detail=''):
    global failed
    if cond:
        print('ok - ' + what)
    else:
        failed += 1
        print('not ok - ' + what + (': ' + detail if detail else ''))


def load(name):
    events, summary = [], None
    try:
        with open(os.path.join(D, name + '.json')) as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                obj = json.loads(line)
                if 'summary' in obj:
                    summary = obj['summary']
                else:
                    events.append(obj)
    except (OSError, ValueError) as e:
        ok(False, name + ': output is JSON Lines', str(e))
    return events, summary


def pid(name):
    with open(os.path.join(D, name)) as f:
        return int(f.read())


def by_socket(events, cond):
    """Transitions per socket (cookie), in order, for events matching cond."""
    socks = {}
    for e in events:
        if cond(e):
            socks.setdefault(e['cookie'], []).append(e)
    return socks


def pairs(evs):
    return [(e['old'], e['new']) for e in evs]


CLIENT = [('CLOSE', 'SYN_SENT'), ('SYN_SENT', 'ESTABLISHED'), ('ESTABLISHED', 'FIN_WAIT1'),
          ('FIN_WAIT1', 'FIN_WAIT2'), ('FIN_WAIT2', 'TIME_WAIT')]
CHILD = [('LISTEN', 'SYN_RECV'), ('SYN_RECV', 'ESTABLISHED'), ('ESTABLISHED', 'CLOSE_WAIT'),
         ('CLOSE_WAIT', 'LAST_ACK'), ('LAST_ACK', 'CLOSE')]
LISTENER = [('CLOSE', 'LISTEN'), ('LISTEN', 'CLOSE')]


def ends(events, port, family):
    """The client, the server's child and the listener of the flow on @port."""
    mine = [e for e in events if e['family'] == family and port in
            (e['local']['port'], e['remote']['port'])]
    socks = by_socket(mine, lambda e: True)
    client = [s for s in socks.values() if s[-1]['remote']['port'] == port]
    listener = [s for s in socks.values() if s[0]['new'] == 'LISTEN']
    child = [s for s in socks.values() if s[0]['old'] == 'LISTEN' and s[0]['new'] == 'SYN_RECV']
    return client, child, listener


def ms(evs, old, new):
    for e in evs:
        if (e['old'], e['new']) == (old, new):
            return e['ms_in_old']
    return None


def check_flow(tag, events, port, family, cpid, spid, want_pids=True):
    client, child, listener = ends(events, port, family)
    ok(len(client) == 1 and pairs(client[0]) == CLIENT,
       f'{tag}: client transitions in order', str([pairs(c) for c in client]))
    ok(len(child) == 1 and pairs(child[0]) == CHILD,
       f'{tag}: server transitions in order', str([pairs(c) for c in child]))
    ok(len(listener) == 1 and pairs(listener[0]) == LISTENER,
       f'{tag}: listener transitions', str([pairs(c) for c in listener]))
    if client:
        m = ms(client[0], 'ESTABLISHED', 'FIN_WAIT1')
        ok(m is not None and m >= 300, f'{tag}: client ESTABLISHED lasted >= 300 ms', str(m))
        m = ms(client[0], 'FIN_WAIT2', 'TIME_WAIT')
        ok(m is not None, f'{tag}: client TIME_WAIT reported', str(m))
    if child:
        m = ms(child[0], 'CLOSE_WAIT', 'LAST_ACK')
        ok(m is not None and m >= 1000, f'{tag}: server CLOSE_WAIT lasted >= 1000 ms', str(m))
    if not want_pids:
        return
    if client:
        got = {e['pid'] for e in client[0]}
        ok(got == {cpid}, f'{tag}: client owner is the client process {cpid}', str(got))
    if child and listener:
        got = {e['pid'] for e in child[0] + listener[0]}
        ok(got == {spid}, f'{tag}: server owner is the server process {spid}', str(got))


def owners_null_or_known(tag, events):
    """An unknown owner is null, never pid 0 and comm "" (issue 12, item 7)."""
    bad = [e for e in events if not ((e['pid'] is None and e['comm'] is None) or
                                     (isinstance(e['pid'], int) and e['pid'] > 0 and e['comm']))]
    ok(events and not bad, f'{tag}: every owner is a pid and comm, or null and null', str(bad[:1]))


cpid, spid = pid('client.pid'), pid('server.pid')
v6c, v6s = pid('v6client.pid'), pid('v6server.pid')

allev, summ = load('all')
check_flow('bpf v4', allev, 8080, 4, cpid, spid)
check_flow('bpf v6', allev, 9090, 6, v6c, v6s)
ok(summ is not None and summ.get('mode') == 'bpf', 'bpf: summary at the end, mode bpf', str(summ))
if summ:
    ok(summ.get('lost') == 0, 'bpf: lost-event counter printed, and zero', str(summ.get('lost')))
    t = summ.get('time_in', {}).get('CLOSE_WAIT', {})
    # two servers held 1 s, the pair made before watch 200 ms
    ok(t.get('n') == 3 and t.get('max_ms', 0) >= 1000 and t.get('p50_ms', 0) >= 1000 and
       0 < t.get('p99_ms', 0) <= t['max_ms'],
       'bpf: summary histogram of time in CLOSE_WAIT', str(t))
    ok(summ.get('changes_per_s', {}).get('ESTABLISHED->FIN_WAIT1', 0) > 0,
       'bpf: summary changes per second by kind')
ok(all(e['ms_in_old'] is None or e['ms_in_old'] >= 0 for e in allev), 'bpf: no negative durations')

# The pair on 7070 existed before watch began: lower bounds, never a false 0.
held = [e for e in allev if 7070 in (e['local']['port'], e['remote']['port'])]
firsts = list(by_socket(held, lambda e: e['old'] == 'ESTABLISHED').values())
ok(len(firsts) == 2 and all(f[0]['lower_bound'] and f[0]['ms_in_old'] and f[0]['ms_in_old'] > 0
                            for f in firsts),
   'bpf: sockets older than watch report lower bounds, not 0', str(held[:2]))
hpid = int(open(os.path.join(D, 'hold.pid')).read())
ok(firsts and all(e['pid'] == hpid for e in held),
   'bpf: sockets older than watch are owned by their process (pid %d), also in softirq' % hpid,
   str([(e['old'], e['new'], e['pid']) for e in held]))
later = [e for e in held if e['old'] not in ('ESTABLISHED',)]
ok(later and not any(e['lower_bound'] for e in later),
   'bpf: later transitions of those sockets are exact', str(later[:2]))

ev, _ = load('port')
ok(ev and all(8080 in (e['local']['port'], e['remote']['port']) for e in ev),
   '--port 8080 keeps only port 8080', str([e for e in ev if 8080 not in (e['local']['port'], e['remote']['port'])][:1]))
check_flow('bpf --port', ev, 8080, 4, cpid, spid, want_pids=False)

ev, _ = load('v4')
ok(ev and all(e['family'] == 4 for e in ev), '-4 drops IPv6', str([e for e in ev if e['family'] != 4][:1]))
ok(any(e['family'] == 6 for e in allev), 'without -4 IPv6 is reported')

ev, _ = load('pid')
ok(ev and all(e['pid'] == spid for e in ev), f'--pid {spid} keeps only its sockets',
   str([e for e in ev if e['pid'] != spid][:1]))
ok(('CLOSE_WAIT', 'LAST_ACK') in pairs(ev), '--pid keeps the server close')

ev, _ = load('cw')
ok(ev and all('CLOSE_WAIT' in (e['old'], e['new']) for e in ev),
   '-s close-wait keeps only changes into or out of CLOSE_WAIT', str(pairs(ev)))
ok(pairs(ev).count(('CLOSE_WAIT', 'LAST_ACK')) == 3,
   '-s close-wait: the three passive closers leave CLOSE_WAIT', str(pairs(ev)))

sev, ssum = load('sample')
ok(ssum is not None and ssum.get('mode') == 'sample', 'sample: summary, mode sample', str(ssum))
check_flow('sample v4', sev, 8080, 4, cpid, spid, want_pids=False)
check_flow('sample v6', sev, 9090, 6, v6c, v6s, want_pids=False)
for port, fam in ((8080, 4), (9090, 6)):
    b = sorted(pairs(s) for c in ends(allev, port, fam) for s in c)
    s = sorted(pairs(s) for c in ends(sev, port, fam) for s in c)
    ok(b == s, f'sample and bpf report the same transitions (port {port})', f'{b} vs {s}')
ok(all(e['coarse'] for e in sev), 'sample: every change marked coarse')
owners_null_or_known('bpf', allev)
owners_null_or_known('sample', sev)


def connect_port(tag, events, port, family):
    """A connect's CLOSE -> SYN_SENT shows the local port bound later (issue 12, item 7)."""
    client, _, _ = ends(events, port, family)
    later = {e['local']['port'] for e in client[0][1:]} if client else set()
    first = client[0][0] if client else {}
    ok(first.get('new') == 'SYN_SENT' and len(later) == 1 and
       first['local']['port'] == later.pop() != 0,
       f'{tag}: CLOSE -> SYN_SENT shows the local port of the later changes',
       str(first) + ' vs ' + str(client[0][1:2] if client else None))


connect_port('bpf v4', allev, 8080, 4)
connect_port('bpf v6', allev, 9090, 6)
connect_port('bpf --port', load('port')[0], 8080, 4)
bound0 = [e for e in allev if e['new'] == 'SYN_SENT' and e['local']['port'] == 0]
ok(not bound0, 'bpf: no CLOSE -> SYN_SENT with local port 0', str(bound0[:1]))

# The sampler names owners too, through the owner policy (issue 12, item 7):
# the pair older than watch by the first look's scan (checked below); the
# flow's sockets by later scans, which a busy host spaces out (a scan takes
# at most about half the time), so for those: never a wrong owner.


def sample_owners(tag, events, port, family, cpid, spid):
    client, child, listener = ends(events, port, family)
    got = {e['pid'] for s in listener for e in s}
    ok(got <= {spid, None},
       f'{tag}: the listener, when named, is the server process {spid}', str(got))
    got = {e['pid'] for s in client for e in s} - {None}
    ok(got <= {cpid}, f'{tag}: the client, when named, is the client process {cpid}', str(got))
    got = {e['pid'] for s in child for e in s} - {None}
    ok(got <= {spid}, f'{tag}: the server side, when named, is the server process {spid}', str(got))


sample_owners('sample v4', sev, 8080, 4, cpid, spid)
sample_owners('sample v6', sev, 9090, 6, v6c, v6s)
ok(any(e['pid'] == pid('hold.pid') for e in sev),
   'sample: sockets older than watch are owned by their process')

# The text lines: the connect shows the client's port, never ":0" or ":*".
client, _, _ = ends(allev, 8080, 4)
cport = client[0][-1]['local']['port'] if client else None
with open(os.path.join(D, 'text.json')) as f:
    syn = [ln for ln in f if 'CLOSE -> SYN_SENT' in ln and '127.0.0.1:8080' in ln]
ok(len(syn) == 1 and f'127.0.0.1:{cport} ' in syn[0],
   f'text: CLOSE -> SYN_SENT shows local port {cport}', str(syn))

sys.exit(0)
