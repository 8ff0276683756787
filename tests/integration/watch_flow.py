#!/usr/bin/env python3
"""One end of a TCP conversation with known timing, for watch.sh.

server ADDR PORT DIR: write DIR/server.pid, wait for DIR/go, listen, write
  DIR/listening, accept one, read to EOF, wait 1 s, close, close listener.
client ADDR PORT DIR: write DIR/client.pid, connect, hold 1 s (several
  sampler periods even on a busy machine; checked as >= 300 ms), close.
hold ADDR PORT DIR: a connected pair made before watch starts; closes both
  ends (client first) once DIR/release exists.
"""
import os
import socket
import sys
import time


def family(addr):
    return socket.AF_INET6 if ':' in addr else socket.AF_INET


def wait_for(path, limit=20.0):
    end = time.monotonic() + limit
    while not os.path.exists(path):
        if time.monotonic() > end:
            sys.exit('timed out waiting for ' + path)
        time.sleep(0.01)


def mark(path, text=''):
    with open(path + '.tmp', 'w') as f:
        f.write(text)
    os.rename(path + '.tmp', path)


def server(addr, port, d, tag):
    mark(os.path.join(d, tag + 'server.pid'), str(os.getpid()))
    wait_for(os.path.join(d, 'go'))
    ls = socket.socket(family(addr))
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(8)
    mark(os.path.join(d, tag + 'listening'))
    c, _ = ls.accept()
    while c.recv(4096):
        pass
    time.sleep(1.0)
    c.close()
    ls.close()
    mark(os.path.join(d, tag + 'server.done'))


def client(addr, port, d, tag):
    mark(os.path.join(d, tag + 'client.pid'), str(os.getpid()))
    c = socket.socket(family(addr))
    c.connect((addr, port))
    time.sleep(1.0)
    c.close()
    mark(os.path.join(d, tag + 'client.done'))


def hold(addr, port, d, tag):
    ls = socket.socket(family(addr))
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(1)
    c = socket.create_connection((addr, port))
    s, _ = ls.accept()
    ls.close()
    with open(os.path.join(d, tag + 'hold.pid'), 'w') as f:
        f.write(str(os.getpid()))
    mark(os.path.join(d, tag + 'held'))
    wait_for(os.path.join(d, 'release'))
    c.close()
    time.sleep(0.2)
    s.close()
    time.sleep(0.2)
    mark(os.path.join(d, tag + 'hold.done'))


if __name__ == '__main__':
    mode, addr, port, d = sys.argv[1:5]
    tag = sys.argv[5] if len(sys.argv) > 5 else ''
    {'server': server, 'client': client, 'hold': hold}[mode](addr, int(port), d, tag)
