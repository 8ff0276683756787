#!/usr/bin/env python3
"""Orphaned FIN_WAIT2 sockets: N clients connect to a listener on 127.0.0.1
and close() at once while the server keeps every accepted socket open, so
each client end is an orphan in FIN_WAIT2 (held by the kernel as a time-wait
mini-socket with that substate) facing a CLOSE_WAIT. Prints "ready" when all
are there, then holds the server ends until stdin closes or SIGTERM.

Usage: orphans.py PORT N
"""
import signal
import socket
import sys
import time


def main():
    port, n = int(sys.argv[1]), int(sys.argv[2])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(4096)
    held = []
    for _ in range(n):
        c = socket.create_connection(("127.0.0.1", port))
        s, _ = srv.accept()
        held.append(s)
        c.close()
    # The server's ACK of each FIN moves the client to FIN_WAIT2 at once on
    # loopback; give the last few a moment.
    time.sleep(0.2)
    print("ready", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
