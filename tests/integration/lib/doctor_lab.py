#!/usr/bin/env python3
"""Real TCP conditions for the doctor's tests, inside a lab namespace.

    doctor_lab.py --ready READY_FILE SCENARIO [N] [PORT]

Builds the condition, writes READY_FILE ("PID COMM" of the process the
finding should name), then holds everything until SIGTERM. Only loopback
addresses, only inside the namespace the test made.
"""
import os
import signal
import socket
import sys
import time


def set_comm(name):
    with open("/proc/self/comm", "w") as f:
        f.write(name)


def ready(path, comm):
    with open(path + ".tmp", "w") as f:
        f.write("%d %s\n" % (os.getpid(), comm))
    os.rename(path + ".tmp", path)


def hold():
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    while True:
        time.sleep(3600)


def scenario(comm, settle=0.3):
    """SCENARIO(n, port) builds the condition and returns what it holds;
    the wrapper names the process, writes the ready file and holds."""
    def wrap(fn):
        def run(path, n, port):
            set_comm(comm)
            kept = fn(n, port)
            time.sleep(settle)
            ready(path, comm)
            hold()
            return kept
        return run
    return wrap


def listener(port, backlog=128, addr="127.0.0.1"):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(backlog)
    return s


def in_child(fn):
    """Run fn in a child process and wait for it."""
    pid = os.fork()
    if pid == 0:
        try:
            fn()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


@scenario("cw-server")
def close_wait(n, port):
    """A server that never closes after the peer's FIN."""
    srv = listener(port)

    def clients():
        cs = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
        for c in cs:
            c.close()
    in_child(clients)
    held = [srv.accept()[0] for _ in range(n)]
    return locals()


@scenario("tw-server")
def time_wait_server(n, port):
    """A server that closes first on its listening port."""
    srv = listener(port)

    def clients():
        for _ in range(n):
            c = socket.create_connection(("127.0.0.1", port))
            c.recv(1)          # EOF: the server closed first
            c.close()
    pid = os.fork()
    if pid == 0:
        clients()
        os._exit(0)
    for _ in range(n):
        a, _ = srv.accept()
        a.close()
    os.waitpid(pid, 0)
    return locals()


def nonblocking_connect(addr, port):
    c = socket.socket()
    c.setblocking(False)
    try:
        c.connect((addr, port))
    except BlockingIOError:
        pass
    return c


@scenario("syn-stuck")
def syn_sent(n, port):
    """Connections toward one peer whose SYNs are dropped (nft in the test)."""
    held = [nonblocking_connect("127.0.0.1", port) for _ in range(n)]
    return locals()


@scenario("scanner")
def syn_scan(n, port):
    """SYNs toward many distinct hosts of 127.0.0.0/8 (dropped by nft)."""
    held = [nonblocking_connect("127.0.%d.%d" % (i // 250 + 1, i % 250 + 1), port)
            for i in range(n)]
    return locals()


@scenario("no-accept", settle=1.5)
def accept_overflow(n, port):
    """A listener with a tiny backlog that never accepts, flooded."""
    srv = listener(port, backlog=1)
    held = [nonblocking_connect("127.0.0.1", port) for _ in range(n)]
    return locals()


@scenario("slow-reader")
def recv_backlog(n, port):
    """A reader that stops reading: the peer's data piles up in Recv-Q,
    the window closes and the writer probes a zero window."""
    srv = listener(port)
    held = []
    for _ in range(n):
        c = socket.create_connection(("127.0.0.1", port))
        fill(c)
        held.append((c, srv.accept()[0]))
    return locals()


@scenario("pool-hog")
def ephemeral(n, port):
    """Many connections to one destination from a tiny ip_local_port_range."""
    srv = listener(port)
    held = []
    for _ in range(n):
        c = socket.create_connection(("127.0.0.1", port))
        held.append((c, srv.accept()[0]))
    return locals()


def nft(rules):
    import subprocess
    subprocess.run(["nft", "-f", "-"], input=rules.encode(), check=True)


def pairs_acks_dropped(n, port, table):
    """@n connections to a listener on @port, then nft (in a table of its
    own) drops every pure ACK sent to @port: what the server side sends
    from then on is never acknowledged."""
    srv = listener(port)
    pairs = []
    for _ in range(n):
        c = socket.create_connection(("127.0.0.1", port))
        pairs.append((c, srv.accept()[0]))
    nft("table inet %s {\n chain input {\n"
        "  type filter hook input priority 0; policy accept;\n"
        "  tcp dport %d tcp flags & (fin | syn | rst) == 0 drop\n }\n}\n" % (table, port))
    return srv, pairs


def fill(c):
    """Write to @c, made non-blocking, until its buffers are full."""
    c.setblocking(False)
    try:
        while True:
            c.send(b"x" * 65536)
    except BlockingIOError:
        pass


@scenario("last-acker", settle=0.5)
def last_ack(n, port):
    """The peer's last ACK is lost: our FIN is retransmitted in LAST_ACK."""
    srv, pairs = pairs_acks_dropped(n, port, "tcpd_doc_la")
    for c, a in pairs:
        c.close()
    for c, a in pairs:
        a.recv(1)
        a.close()
    return locals()


@scenario("fin-waiter", settle=0.5)
def fin_wait1(n, port):
    """We close first and the peer's ACK of our FIN is lost: the FIN is
    re-sent in FIN_WAIT1 (the peers stay in CLOSE_WAIT)."""
    srv, pairs = pairs_acks_dropped(n, port, "tcpd_doc_fw")
    for c, a in pairs:
        a.close()
    return locals()


@scenario("fin-writer", settle=0.5)
def fin_wait1_window(n, port):
    """Writers that close with their data unread by a peer that stopped
    reading: each FIN waits behind data a zero window will not take."""
    srv = listener(port)
    held = []
    for _ in range(n):
        c = socket.create_connection(("127.0.0.1", port))
        fill(c)
        held.append(srv.accept()[0])
        c.close()
    return locals()


def syn_recv(n, port, sources):
    """Handshakes whose final ACK is dropped (nft in the test), from
    @sources distinct 127.0.x.y addresses."""
    srv = listener(port, backlog=4096)
    held = []
    for i in range(n):
        c = socket.socket()
        c.bind(("127.0.%d.%d" % (i % sources // 250 + 1, i % sources % 250 + 1), 0))
        c.setblocking(False)
        try:
            c.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        held.append(c)
    return locals()


@scenario("syn-target", settle=0.5)
def syn_recv_few(n, port):
    return syn_recv(n, port, 2)


@scenario("syn-target", settle=0.5)
def syn_recv_many(n, port):
    return syn_recv(n, port, n)


@scenario("bulk-sender")
def bulk(n, port):
    """@n connections that send as fast as they can, to a reader that
    discards, until SIGTERM. The test drops a share of the data segments
    with nft to make them retransmit."""
    import threading
    srv = listener(port)
    pairs = []
    for _ in range(n):
        c = socket.create_connection(("127.0.0.1", port))
        pairs.append((c, srv.accept()[0]))

    def read(a):
        while a.recv(1 << 20):
            pass

    def send(c):
        buf = b"x" * 65536
        while True:
            c.sendall(buf)
    for c, a in pairs:
        threading.Thread(target=read, args=(a,), daemon=True).start()
        threading.Thread(target=send, args=(c,), daemon=True).start()
    return locals()


@scenario("healthy")
def healthy(n, port):
    """Listeners, idle keepalive connections, a few client-side TIME_WAIT."""
    srv = listener(port)
    other = listener(port + 1)
    held = []
    for _ in range(n):
        c = socket.create_connection(("127.0.0.1", port))
        c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        a = srv.accept()[0]
        a.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        held.append((c, a))
    for _ in range(3):
        c = socket.create_connection(("127.0.0.1", port + 1))
        a = other.accept()[0]
        c.close()              # the client closes first: TIME_WAIT is its
        a.recv(1)
        a.close()
    return locals()


def short_connects(path, n, port):
    """A client that connects and closes in a loop, @n a second, holding no
    socket between two connects (as a cron job or a script does), to a
    server in the same namespace. It closes first, so its TIME_WAIT fill a
    narrowed ip_local_port_range (set by the test), and then its connects
    fail. The ready line names the client, which the finding should name."""
    import ctypes
    import threading
    import errno
    srv = listener(port, backlog=1024)
    parent = os.getpid()
    full_r, full_w = os.pipe()
    child = os.fork()
    if child == 0:
        set_comm("shortconn")
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)     # PR_SET_PDEATHSIG
        os.close(full_r)
        while os.getppid() == parent:
            try:
                socket.create_connection(("127.0.0.1", port)).close()
            except OSError as e:
                # The range is full: say so once, and go on trying.
                if e.errno == errno.EADDRNOTAVAIL and full_w >= 0:
                    os.close(full_w)
                    full_w = -1
            time.sleep(1.0 / n)
        os._exit(0)
    set_comm("sc-server")
    os.close(full_w)

    def serve():
        while True:
            a = srv.accept()[0]
            a.recv(1)
            a.close()
    threading.Thread(target=serve, daemon=True).start()
    os.read(full_r, 1)                 # EOF: the client found the range full
    # The client is the one to name, not this server.
    with open(path + ".tmp", "w") as f:
        f.write("%d shortconn\n" % child)
    os.rename(path + ".tmp", path)
    hold()


@scenario("svc-noclose")
def service_no_close(n, port):
    """A service on every address of its namespace that never closes what
    it accepted, even after the client's FIN: CLOSE_WAIT."""
    import threading
    srv = listener(port, addr="0.0.0.0")
    held = []

    def serve():
        while True:
            held.append(srv.accept()[0])
    threading.Thread(target=serve, daemon=True).start()
    return locals()


@scenario("pool")
def pool_half_close(n, port):
    """A pool in another namespace that connects @n times to DL_PEER:@port
    and half-closes each (shutdown, fd kept): FIN_WAIT2 it never leaves."""
    peer = os.environ["DL_PEER"]
    held = []
    for _ in range(n):
        c = socket.create_connection((peer, port))
        c.shutdown(socket.SHUT_WR)
        held.append(c)
    return locals()


def busy_server(srv):
    """Answer each request; close when the client has (so TIME_WAIT is the
    client's, as with a well-behaved HTTP/1.1 client)."""
    import selectors
    sel = selectors.DefaultSelector()
    srv.setblocking(False)
    sel.register(srv, selectors.EVENT_READ)
    while True:
        for key, _ in sel.select():
            s = key.fileobj
            if s is srv:
                try:
                    while True:
                        c, _ = srv.accept()
                        c.setblocking(False)
                        sel.register(c, selectors.EVENT_READ)
                except BlockingIOError:
                    pass
                continue
            try:
                data = s.recv(4096)
            except BlockingIOError:
                continue
            except ConnectionError:
                data = b""
            if data:
                try:
                    s.send(b"HTTP/1.1 200 OK\r\n\r\n")
                except OSError:
                    pass
                continue
            sel.unregister(s)
            s.close()


def short_client(port):
    while True:
        c = socket.create_connection(("127.0.0.1", port))
        c.sendall(b"GET / HTTP/1.1\r\n\r\n")
        c.recv(64)
        c.close()


def pool_client(conns):
    while True:
        for c in conns:
            c.sendall(b"GET /pooled HTTP/1.1\r\n\r\n")
            c.recv(64)
        time.sleep(0.01)


@scenario("busy-svc", settle=1.5)
def busy(n, port):
    """A busy, healthy service: short connections as fast as two clients
    can make them (the clients close first), a keep-alive pool of @n
    connections, and a burst of 300 connections at once. Until SIGTERM."""
    import threading
    srv = listener(port, backlog=4096)
    threading.Thread(target=busy_server, args=(srv,), daemon=True).start()
    burst = [socket.create_connection(("127.0.0.1", port)) for _ in range(300)]
    for c in burst:
        c.sendall(b"GET /burst HTTP/1.1\r\n\r\n")
        c.recv(64)
        c.close()
    pool = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
    threading.Thread(target=pool_client, args=(pool,), daemon=True).start()
    for _ in range(2):
        threading.Thread(target=short_client, args=(port,), daemon=True).start()
    return locals()


SCENARIOS = {
    "service-no-close": service_no_close,
    "pool-half-close": pool_half_close,
    "busy": busy,
    "close-wait": close_wait,
    "time-wait-server": time_wait_server,
    "syn-sent": syn_sent,
    "syn-scan": syn_scan,
    "accept-overflow": accept_overflow,
    "recv-backlog": recv_backlog,
    "ephemeral": ephemeral,
    "short-connects": short_connects,
    "healthy": healthy,
    "last-ack": last_ack,
    "fin-wait1": fin_wait1,
    "fin-wait1-window": fin_wait1_window,
    "syn-recv-few": syn_recv_few,
    "syn-recv-many": syn_recv_many,
    "bulk": bulk,
}

if __name__ == "__main__":
    path, name = sys.argv[2], sys.argv[3]
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    port = int(sys.argv[5]) if len(sys.argv) > 5 else 8080
    SCENARIOS[name](path, n, port)
