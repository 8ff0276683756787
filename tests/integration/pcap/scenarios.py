#!/usr/bin/env python3
"""Real connections on loopback, run inside the test's own namespace.

Usage: scenarios.py NAME SNAPSHOTS.json. Each scenario makes the kernel
do one thing (a normal close, a lost FIN...) and takes `ss` snapshots at
moments when the states are still, saved with their wall-clock time so the
test can compare them with the states tcpdoc rebuilds from the capture.
"""
import json
import socket
import subprocess
import sys
import time

SNAPS = []


def snap():
    t0 = time.time()
    out = subprocess.run(["ss", "-tanH"], capture_output=True, text=True).stdout
    t1 = time.time()
    SNAPS.append({"t": (t0 + t1) / 2, "lines": out.splitlines()})


def nft(*rule):
    subprocess.run(["nft"] + list(rule), check=True)


def drop(expr):
    """Drop matching segments on input: the capture sees them, the peer not."""
    nft("add", "table", "inet", "tcpdpcap")
    nft("add", "chain", "inet", "tcpdpcap", "in",
        "{ type filter hook input priority 0; }")
    nft("add rule inet tcpdpcap in " + expr + " drop")


def undrop():
    nft("delete", "table", "inet", "tcpdpcap")


def listener(port, host="127.0.0.1", rcvbuf=None):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.bind((host, port))
    s.listen(8)
    return s


def pair(port, host="127.0.0.1", **kw):
    ls = listener(port, host, **kw)
    c = socket.create_connection((host, port))
    a, _ = ls.accept()
    return ls, c, a


def normal(port=8080, host="127.0.0.1"):
    ls, c, a = pair(port, host)
    c.sendall(b"hello")
    a.recv(100)
    a.sendall(b"world!")
    c.recv(100)
    time.sleep(0.1)
    snap()
    c.close()
    time.sleep(0.3)
    snap()
    a.close()
    time.sleep(0.2)
    snap()


def server_first():
    ls, c, a = pair(8081)
    c.sendall(b"x" * 1000)
    a.recv(2000)
    a.close()
    time.sleep(0.3)
    snap()
    c.close()
    time.sleep(0.2)
    snap()


def refused():
    try:
        socket.create_connection(("127.0.0.1", 9), timeout=2)
    except ConnectionRefusedError:
        return
    raise SystemExit("port 9 answered")


def syn_retrans():
    ls = listener(8082)
    drop("tcp dport 8082 tcp flags & (syn|ack) == syn")
    c = socket.socket()
    c.setblocking(False)
    c.connect_ex(("127.0.0.1", 8082))
    time.sleep(2.0)
    snap()
    time.sleep(1.6)
    c.close()
    undrop()
    ls.close()


def lost_fin():
    ls, c, a = pair(8083)
    c.sendall(b"abc")
    a.recv(10)
    drop("tcp dport 8083 tcp flags & fin == fin")
    c.close()
    time.sleep(0.1)
    snap()
    time.sleep(0.6)
    undrop()
    time.sleep(1.3)
    snap()
    a.close()
    time.sleep(0.2)
    snap()


def lost_final_ack():
    ls, c, a = pair(8084)
    c.sendall(b"abc")
    a.recv(10)
    c.close()
    time.sleep(0.2)
    drop("tcp dport 8084 tcp flags == ack")
    a.close()
    time.sleep(1.0)
    snap()
    undrop()
    time.sleep(1.8)
    snap()


def reset():
    import struct
    ls, c, a = pair(8085)
    c.sendall(b"q")
    a.recv(10)
    a.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    a.close()
    time.sleep(0.2)
    c.close()


def keepalive():
    ls, c, a = pair(8086)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    time.sleep(2.6)
    snap()
    c.close()
    a.close()


def zero_window():
    ls, c, a = pair(8087, rcvbuf=4096)
    c.setblocking(False)
    end = time.time() + 1.5
    while time.time() < end:
        try:
            c.send(b"z" * 65536)
        except BlockingIOError:
            time.sleep(0.01)
    snap()
    a.close()
    c.close()


def tw_reuse():
    ls = listener(8088)
    c = socket.socket()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    c.bind(("127.0.0.1", 0))
    port = c.getsockname()[1]
    c.connect(("127.0.0.1", 8088))
    a, _ = ls.accept()
    c.close()
    time.sleep(0.1)
    a.close()
    time.sleep(1.2)
    snap()
    c = socket.socket()
    c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    c.bind(("127.0.0.1", port))
    c.connect(("127.0.0.1", 8088))
    a, _ = ls.accept()
    c.close()
    a.close()


def data_retrans():
    ls, c, a = pair(8090)
    drop("tcp dport 8090 meta length > 200")
    c.sendall(b"d" * 500)
    time.sleep(0.5)
    undrop()
    time.sleep(1.0)
    got = b""
    a.settimeout(2)
    while len(got) < 500:
        got += a.recv(1000)
    c.close()
    a.close()


def half_close():
    ls, c, a = pair(8091)
    c.shutdown(socket.SHUT_WR)
    time.sleep(0.1)
    a.recv(10)
    a.sendall(b"after your FIN")
    time.sleep(0.1)
    snap()
    c.recv(100)
    a.close()
    time.sleep(0.1)
    c.close()


def live():
    time.sleep(1.0)     # tcpdoc pcap -i lo is starting meanwhile
    normal(8095)


def ipv6():
    normal(8089, "::1")


SCENARIOS = {f.__name__: f for f in (normal, server_first, refused, syn_retrans,
                                      lost_fin, lost_final_ack, reset, keepalive,
                                      zero_window, tw_reuse, data_retrans,
                                      half_close, ipv6, live)}

if __name__ == "__main__":
    SCENARIOS[sys.argv[1]]()
    with open(sys.argv[2], "w") as f:
        json.dump(SNAPS, f)
