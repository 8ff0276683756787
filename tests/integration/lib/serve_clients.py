"""Clients that misbehave towards tcpdoc serve, for serve_robust.sh.

raw PORT: each request of REQUESTS below sent as raw bytes on a connection
of its own; prints "NAME STATUS", STATUS the code of the status line or
"closed" when the server closed without answering.

hold PORT N KIND ADDR... READY DONE: N connections spread over the source
addresses ADDR...; KIND "mixed": half idle (half a request, then silence)
and half slow (a request trickled a byte every second, never finished);
KIND "slow": all slow. Touches READY
once all are connected, then trickles until DONE exists and prints
"idle_open K" and "slow_open K": how many of each the server still holds.
"""
import os
import resource
import select
import socket
import sys
import time

HOST = "127.0.0.1"
REQUESTS = [
    ("no-space", b"GARBAGE\r\n\r\n"),
    ("no-version", b"GET /metrics\r\n\r\n"),
    ("bad-version", b"GET /metrics HTTPS/1.1\r\nHost: a\r\n\r\n"),
    ("header-no-colon", b"GET /metrics HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n"),
    ("header-folded", b"GET /metrics HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n"),
    ("bad-content-length", b"POST /metrics HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n"),
    ("huge-header", b"GET /metrics HTTP/1.1\r\nHost: a\r\nX-Big: " + b"a" * 100000 + b"\r\n\r\n"),
    ("huge-target", b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: a\r\n\r\n"),
    ("http11-no-host", b"GET /metrics HTTP/1.1\r\n\r\n"),
    ("http2", b"GET /metrics HTTP/2.0\r\nHost: a\r\n\r\n"),
    ("unknown-path", b"GET /nope HTTP/1.1\r\nHost: a\r\n\r\n"),
    ("put", b"PUT /metrics HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nab"),
    ("options", b"OPTIONS /metrics HTTP/1.1\r\nHost: a\r\n\r\n"),
    ("http10-no-host", b"GET /-/healthy HTTP/1.0\r\n\r\n"),
]


def status(port, data):
    s = socket.create_connection((HOST, port), timeout=20)
    try:
        s.sendall(data)
    except OSError:
        pass    # the server may close before it has read it all
    line = b""
    try:
        while b"\r\n" not in line:
            chunk = s.recv(4096)
            if not chunk:
                break
            line += chunk
    except ConnectionResetError:
        pass
    s.close()
    parts = line.split(b" ")
    return parts[1].decode() if line.startswith(b"HTTP/") and len(parts) > 1 else "closed"


def raw(port):
    for name, data in REQUESTS:
        print(name, status(port, data), flush=True)


def still_open(s):
    """True while the server has not closed @s (nothing to read, no EOF)."""
    r, _, _ = select.select([s], [], [], 0)
    if not r:
        return True
    try:
        return s.recv(4096, socket.MSG_DONTWAIT) != b""
    except (BlockingIOError, InterruptedError):
        return True
    except OSError:
        return False


def hold(port, n, kind, addrs, ready, done):
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (n + 64, max(n + 64, hard)))
    idle, slow = [], []
    for i in range(n):
        s = socket.socket()
        s.bind((addrs[i % len(addrs)], 0))
        s.connect((HOST, port))
        if i % 2 or kind == "slow":
            s.sendall(b"GET /metrics HTTP/1.1\r\nHost: a\r\n")
            slow.append(s)
        else:
            s.sendall(b"GET /metr")
            idle.append(s)
    open(ready, "w").close()
    trickle = b"X-Slow: " + b"z" * 10000
    k = 0
    while not os.path.exists(done):
        byte = trickle[k % len(trickle):k % len(trickle) + 1]
        for s in slow:
            try:
                s.send(byte)
            except OSError:
                pass
        k += 1
        time.sleep(1)
    print("idle_open", sum(still_open(s) for s in idle))
    print("slow_open", sum(still_open(s) for s in slow))


if __name__ == "__main__":
    if sys.argv[1] == "raw":
        raw(int(sys.argv[2]))
    else:
        hold(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:-2], sys.argv[-2], sys.argv[-1])
