#!/usr/bin/env python3
"""Sockets with data in their queues, owned by nobody (uid 65534).

    queues_lab.py --ready READY_FILE

A listener with a connection waiting in its accept queue (500 unread
bytes), an accepted one with 1000 unread bytes, and a server socket that
wrote until its peer's window closed (a send queue). Writes READY_FILE,
then holds everything until SIGTERM. Loopback only.
"""
import os
import signal
import socket
import sys
import time

from doctor_lab import fill

NOBODY = 65534


def connect(port):
    s = socket.socket()
    s.connect(("127.0.0.1", port))
    return s


def build():
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(8)
    port = ls.getsockname()[1]
    c1 = connect(port)
    c1.sendall(b"x" * 1000)
    s1, _ = ls.accept()
    c2 = connect(port)
    c2.sendall(b"z" * 500)
    fill(s1)
    return [ls, c1, s1, c2]


def main():
    path = sys.argv[sys.argv.index("--ready") + 1]
    # The sockets take the effective uid; the saved one gets root back
    # for the ready file in the lab's private directory. Python's modules
    # under root's home may be unreadable meanwhile: none is loaded lazily.
    os.setresgid(NOBODY, NOBODY, 0)
    os.setresuid(NOBODY, NOBODY, 0)
    kept = build()
    os.setresuid(0, 0, 0)
    time.sleep(0.3)
    with open(path + ".tmp", "w") as f:
        f.write("%d\n" % os.getpid())
    os.rename(path + ".tmp", path)
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    while kept:
        time.sleep(3600)


main()
