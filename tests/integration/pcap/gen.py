#!/usr/bin/env python3
"""Hand-built captures, for what loopback cannot be made to produce.

A library (imported by the tests and by bench/) and a command:
  gen.py NAME OUT.pcap     write the capture called NAME (see CAPTURES)
"""
import ipaddress
import struct
import sys

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10

LINK_HEAD = {
    1: lambda v6: b"\x02" * 6 + b"\x04" * 6 + (b"\x86\xdd" if v6 else b"\x08\x00"),
    113: lambda v6: b"\x00\x00\x03\x04\x00\x06" + b"\x02" * 8 + (b"\x86\xdd" if v6 else b"\x08\x00"),
    276: lambda v6: (b"\x86\xdd" if v6 else b"\x08\x00") + b"\x00\x00" + struct.pack(">I", 1)
    + b"\x03\x04\x00\x06" + b"\x02" * 8,
    0: lambda v6: struct.pack("<I", 10 if v6 else 2),
    101: lambda v6: b"",
}


def tcp_packet(src, sport, dst, dport, flags, seq, ack, win=65535, payload=b""):
    """An IPv4 or IPv6 packet holding one TCP segment (checksums left 0)."""
    th = struct.pack(">HHIIBBHHH", sport, dport, seq & 0xffffffff, ack & 0xffffffff,
                     5 << 4, flags, win, 0, 0) + payload
    s, d = ipaddress.ip_address(src), ipaddress.ip_address(dst)
    if s.version == 6:
        return struct.pack(">IHBB", 6 << 28, len(th), 6, 64) + s.packed + d.packed + th
    return struct.pack(">BBHHHBBH", 0x45, 0, 20 + len(th), 0, 0x4000, 64, 6, 0) \
        + s.packed + d.packed + th


class Cap:
    """A classic pcap file being built in memory."""

    def __init__(self, linktype=1, snaplen=262144, vlan=False, pppoe=False):
        self.linktype, self.snaplen, self.vlan, self.pppoe = linktype, snaplen, vlan, pppoe
        self.out = [struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, snaplen, linktype)]

    def add(self, ts, ip):
        head = LINK_HEAD[self.linktype]((ip[0] >> 4) == 6)
        if self.pppoe and self.linktype == 1:   # a PPPoE session, then PPP: IPv4 or IPv6
            head = head[:12] + b"\x88\x64" + struct.pack(
                ">BBHHH", 0x11, 0, 1, len(ip) + 2, 0x57 if (ip[0] >> 4) == 6 else 0x21)
        if self.vlan and self.linktype == 1:
            head = head[:12] + b"\x81\x00\x00\x64" + head[12:]
        frame = head + ip
        cap = frame[:self.snaplen]
        sec = int(ts)
        self.out.append(struct.pack("<IIII", 1700000000 + sec, int((ts - sec) * 1e6),
                                    len(cap), len(frame)) + cap)

    def frame(self, ts, frame, wirelen=None):
        """A record holding @frame as is (link header included)."""
        sec = int(ts)
        self.out.append(struct.pack("<IIII", 1700000000 + sec, int((ts - sec) * 1e6), len(frame),
                                    len(frame) if wirelen is None else wirelen) + frame)

    def data(self):
        return b"".join(self.out)


class PcapNg(Cap):
    """The same packets in pcapng: a section, one interface, enhanced blocks."""

    def __init__(self, linktype=1, snaplen=262144, vlan=False, nsec=False):
        super().__init__(linktype, snaplen, vlan)
        self.nsec = nsec
        shb = struct.pack("<IHHq", 0x1a2b3c4d, 1, 0, -1)
        idb = struct.pack("<HHI", linktype, 0, snaplen)
        if nsec:    # if_name "eth0", if_tsresol 9, end of options
            idb += struct.pack("<HH", 2, 4) + b"eth0" + struct.pack("<HHB3x", 9, 1, 9) \
                + struct.pack("<HH", 0, 0)
        self.out = [self.block(0x0a0d0d0a, shb), self.block(1, idb)]
        if nsec:    # a block readers skip (name resolution, empty)
            self.out.append(self.block(4, struct.pack("<HH", 0, 0)))

    @staticmethod
    def block(kind, body):
        body += b"\0" * (-len(body) % 4)
        n = len(body) + 12
        return struct.pack("<II", kind, n) + body + struct.pack("<I", n)

    def add(self, ts, ip):
        super().add(ts, ip)
        rec = self.out.pop()
        sec, usec, caplen, wirelen = struct.unpack("<IIII", rec[:16])
        t = sec * 1000000 + usec
        if self.nsec:
            t = t * 1000 + 999
        self.out.append(self.block(6, struct.pack("<IIIII", 0, t >> 32, t & 0xffffffff,
                                                  caplen, wirelen) + rec[16:]))


class NgMulti:
    """pcapng of several sections (either byte order) and interfaces of
    different link types, as mergecap or a multi-interface dumpcap writes."""

    def __init__(self):
        self.out, self.e = [], "<"

    def block(self, kind, body):
        body += b"\0" * (-len(body) % 4)
        n = len(body) + 12
        return struct.pack(self.e + "II", kind, n) + body + struct.pack(self.e + "I", n)

    def section(self, big=False):
        self.e = ">" if big else "<"
        self.out.append(self.block(0x0a0d0d0a, struct.pack(self.e + "IHHq", 0x1a2b3c4d, 1, 0, -1)))

    def interface(self, linktype, nsec=False):
        """Add an interface; returns something Flow can write packets to."""
        body = struct.pack(self.e + "HHI", linktype, 0, 262144)
        if nsec:    # if_tsresol 9, end of options
            body += struct.pack(self.e + "HHB3x", 9, 1, 9) + struct.pack(self.e + "HH", 0, 0)
        self.out.append(self.block(1, body))
        ifid = sum(1 for b in self.out[self.last_section():] if b[:4] in (b"\1\0\0\0", b"\0\0\0\1")) - 1
        ng = self

        class Iface:
            def add(self, ts, ip):
                frame = LINK_HEAD[linktype]((ip[0] >> 4) == 6) + ip
                t = int(round((1700000000 + ts) * 1e6)) * (1000 if nsec else 1)
                ng.out.append(ng.block(6, struct.pack(ng.e + "IIIII", ifid, t >> 32, t & 0xffffffff,
                                                      len(frame), len(frame)) + frame))
        return Iface()

    def last_section(self):
        return max(i for i, b in enumerate(self.out) if b[:4] == b"\x0a\x0d\x0d\x0a")

    def data(self):
        return b"".join(self.out)


def pcapng_multi(ng):
    """Two sections (the second big-endian), three interfaces: Ethernet, raw
    IP with nanosecond times, Linux cooked; one connection on each."""
    ng.section()
    eth, raw = ng.interface(1), ng.interface(101, nsec=True)
    f = Flow(eth)
    f.handshake(0)
    g = Flow(raw, client=("fd00::1", 40001), server=("fd00::2", 80))
    g.handshake(0.1)
    f.close(0.2)
    g.close(0.3)
    ng.section(big=True)
    h = Flow(ng.interface(113), client=("10.0.0.3", 40002))
    h.handshake(0.4)
    h.close(0.5)


def huge_caplen(cap):
    """A good connection, a record claiming a 4 GB packet, another connection."""
    f = Flow(cap)
    f.handshake(0)
    f.close(0.2)
    cap.out.append(struct.pack("<IIII", 1700000001, 0, 0xfffffff0, 0xfffffff0))
    g = Flow(cap, client=("fd00::1", 40001), server=("fd00::2", 80))
    g.handshake(2)
    g.close(2.2)


def backwards(cap):
    """The clock steps back 7.5 s before the close: four packets dated early."""
    f = Flow(cap)
    f.handshake(10)
    f.seg(10.5, 0, PSH | ACK, b"abc")
    f.close(3.0)


def ipv6_exts(n, cut=0):
    """An IPv6 SYN behind n chained extension headers, less @cut bytes."""
    src, dst = ipaddress.ip_address("fd00::1"), ipaddress.ip_address("fd00::2")
    th = struct.pack(">HHIIBBHHH", 40002, 80, 1000, 0, 5 << 4, SYN, 65535, 0, 0)
    exts = b"".join(struct.pack(">BB6s", 60 if i + 1 < n else 6, 0, b"\x01\x04" + b"\0" * 4)
                    for i in range(n))
    ip = struct.pack(">IHBB", 6 << 28, len(exts) + len(th), 0, 64) + src.packed + dst.packed
    pkt = ip + exts + th
    return LINK_HEAD[1](True) + pkt[:len(pkt) - cut]


def undecodable(cap):
    """A good connection and packets that cannot be decoded, for each cause."""
    f = Flow(cap)
    f.handshake(0)
    f.close(0.1)
    cap.frame(0.2, ipv6_exts(500))                  # decodes: a second connection
    cap.frame(0.3, ipv6_exts(500, cut=2000))        # too short: chain past the end
    cap.frame(0.4, b"\x02" * 6 + b"\x04" * 6 + b"\x81\x00\x00")   # a 15-byte VLAN frame
    cap.frame(0.5, b"")                             # a zero-length record
    bad_ihl = bytearray(LINK_HEAD[1](False) + tcp_packet("10.0.0.1", 1, "10.0.0.2", 2, SYN, 1, 0))
    bad_ihl[14] = 0x43
    cap.frame(0.6, bytes(bad_ihl))                  # bad: IPv4 header length 12
    bad_doff = bytearray(LINK_HEAD[1](False) + tcp_packet("10.0.0.1", 1, "10.0.0.2", 2, SYN, 1, 0))
    bad_doff[14 + 20 + 12] = 2 << 4
    cap.frame(0.7, bytes(bad_doff))                 # bad: TCP data offset 8
    cut = LINK_HEAD[1](False) + tcp_packet("10.0.0.1", 1, "10.0.0.2", 2, SYN, 1, 0)
    cap.frame(0.8, cut[:40], wirelen=len(cut))      # cut by the snap length


def zero_then_cut(cap):
    """A connection, a zero-length record, then the file ends inside a record."""
    f = Flow(cap)
    f.handshake(0)
    f.close(0.1)
    cap.frame(0.2, b"")
    cap.out.append(struct.pack("<IIII", 1700000001, 0, 60, 60)[:6])


def pppoe(cap):
    """TCP over PPPoE: IPv4, IPv6, and IPv4 inside a VLAN tag."""
    every_link(cap)
    cap.vlan = True
    f = Flow(cap, client=("10.0.0.3", 40002))
    f.handshake(0.5)
    f.close(0.6)


def new_isn(cap):
    """connect() timing out, then again from the same port with a new ISN."""
    f = Flow(cap)
    f.seg(0, 0, SYN, ack=0)
    f.seg(1, 0, SYN, seq=1000, ack=0)
    f.seg(3, 0, SYN, seq=1000, ack=0)
    g = Flow(cap, ciss=777777)
    g.handshake(4)
    g.close(5)


class Flow:
    """One connection's segments, with the sequence numbers kept for you."""

    def __init__(self, cap, client=("10.0.0.1", 40000), server=("10.0.0.2", 80),
                 ciss=1000, siss=5000):
        self.cap, self.ends = cap, (client, server)
        self.nxt = [ciss, siss]

    def seg(self, ts, who, flags, payload=b"", seq=None, ack=None, win=65535):
        me, peer = self.ends[who], self.ends[1 - who]
        s = self.nxt[who] if seq is None else seq
        a = self.nxt[1 - who] if ack is None else ack
        self.cap.add(ts, tcp_packet(me[0], me[1], peer[0], peer[1], flags, s, a, win, payload))
        if seq is None:
            self.nxt[who] += len(payload) + (1 if flags & (SYN | FIN) else 0)

    def handshake(self, ts):
        self.seg(ts, 0, SYN, ack=0)
        self.seg(ts + 0.001, 1, SYN | ACK)
        self.seg(ts + 0.002, 0, ACK)

    def close(self, ts, first=0):
        self.seg(ts, first, FIN | ACK)
        self.seg(ts + 0.001, 1 - first, ACK)
        self.seg(ts + 0.002, 1 - first, FIN | ACK)
        self.seg(ts + 0.003, first, ACK)


def simul_close(cap):
    f = Flow(cap)
    f.handshake(0)
    c_fin, s_fin = f.nxt[0], f.nxt[1]
    f.seg(1.0, 0, FIN | ACK)
    f.seg(1.0001, 1, FIN | ACK, ack=c_fin)     # crosses the client's FIN
    f.seg(1.001, 0, ACK)
    f.seg(1.001, 1, ACK)


def simul_open(cap):
    f = Flow(cap)
    f.seg(0, 0, SYN, ack=0)
    f.seg(0.0001, 1, SYN, ack=0)
    f.seg(0.001, 0, SYN | ACK, seq=1000)
    f.seg(0.001, 1, SYN | ACK, seq=5000)
    f.close(1.0)


def challenge(cap):
    f = Flow(cap)
    f.handshake(0)
    f.seg(0.5, 0, PSH | ACK, b"hi")
    f.seg(0.51, 1, ACK)
    f.seg(1.0, 0, SYN, seq=f.nxt[0] + 100, ack=0)   # in-window SYN
    f.seg(1.0001, 1, ACK)                           # the challenge ACK
    f.seg(2.0, 0, RST, seq=f.nxt[0] + 50, ack=0)    # RST not at RCV.NXT
    f.seg(2.0001, 1, ACK)
    f.close(3.0)


def mid(cap):
    f = Flow(cap, client=("10.0.0.1", 50000), server=("10.0.0.2", 443))
    f.seg(0, 1, PSH | ACK, b"x" * 100)
    f.seg(0.01, 0, ACK)
    f.close(1.0, first=1)


def mid_fin(cap):
    """Captured mid-connection; the server's FIN is missing from the capture,
    but the client's ACK shows it; the client closes 2.1 s later."""
    f = Flow(cap, client=("10.0.0.1", 50000), server=("10.0.0.2", 443))
    f.seg(0, 1, PSH | ACK, b"x" * 100)
    f.seg(0.01, 0, ACK)
    f.nxt[1] += 1           # the server's FIN, not captured
    f.seg(1.0, 0, ACK)      # the client acknowledges it
    f.seg(3.1, 0, FIN | ACK)
    f.seg(3.101, 1, ACK)


def mechanisms(cap):
    """SYN-ACK retransmit, FIN with data, FIN merged with the ACK, idle gap."""
    f = Flow(cap)
    f.seg(0, 0, SYN, ack=0)
    f.seg(0.001, 1, SYN | ACK)
    f.seg(1.001, 1, SYN | ACK, seq=5000)
    f.seg(1.002, 0, ACK)
    f.seg(20.0, 0, PSH | ACK | FIN, b"bye")
    f.seg(20.05, 1, FIN | ACK)
    f.seg(20.051, 0, ACK)


def every_link(cap):
    f = Flow(cap)
    f.handshake(0)
    f.seg(0.1, 0, PSH | ACK, b"abc")
    f.close(0.2)
    g = Flow(cap, client=("fd00::1", 40001), server=("fd00::2", 80))
    g.handshake(0.3)
    g.close(0.4)


def many(cap, n=20000, step=0.1):
    """Short connections one after another: memory must stay bounded."""
    for i in range(n):
        f = Flow(cap, client=("10.%d.%d.1" % (i // 250 % 250, i % 250), 40000 + i % 20000))
        t = i * step
        f.handshake(t)
        f.close(t + 0.01)


def abandoned(cap, n=20000, step=0.1):
    """Connections opened and left silent, never closed, one every 0.1 s;
    one that talks every 200 s throughout; one silent for 499 s that then
    talks again. Idle expiry must keep memory bounded."""
    chatty = Flow(cap, client=("10.255.0.1", 5555))
    chatty.handshake(0)
    resumed = Flow(cap, client=("10.255.0.2", 5556))
    resumed.handshake(0.01)
    resumed.seg(1.0, 0, ACK | PSH, b"x")
    pkts = []
    for i in range(n):
        f = Flow(cap, client=("10.%d.%d.1" % (i // 250 % 250, i % 250), 40000 + i % 20000))
        t = 1 + i * step
        f.handshake(t)
        f.seg(t + 0.01, 0, ACK | PSH, b"GET / HTTP/1.1\r\n\r\n")
        f.seg(t + 0.02, 1, ACK)
        if i % 2000 == 0:
            chatty.seg(t + 0.05, 0, ACK | PSH, b"ping")
        if abs(t - 500) < step / 2:
            resumed.seg(t + 0.05, 0, ACK | PSH, b"y")


CAPTURES = {
    "simul_close": (simul_close, {}),
    "simul_open": (simul_open, {}),
    "challenge": (challenge, {}),
    "mid": (mid, {}),
    "mid_fin": (mid_fin, {}),
    "mechanisms": (mechanisms, {}),
    "eth_vlan": (every_link, {"linktype": 1, "vlan": True}),
    "sll": (every_link, {"linktype": 113}),
    "sll2": (every_link, {"linktype": 276}),
    "null": (every_link, {"linktype": 0}),
    "raw": (every_link, {"linktype": 101}),
    "snap40": (every_link, {"linktype": 1, "snaplen": 40}),
    "many": (many, {}),
    "abandoned": (abandoned, {}),
    "new_isn": (new_isn, {}),
    "huge_caplen": (huge_caplen, {}),
    "backwards": (backwards, {}),
    "undecodable": (undecodable, {}),
    "zero_then_cut": (zero_then_cut, {}),
    "pppoe": (pppoe, {"pppoe": True}),
}

if __name__ == "__main__":
    if sys.argv[1] in ("pcapng", "pcapng_ns"):
        fn, c = every_link, PcapNg(linktype=1, nsec=sys.argv[1] == "pcapng_ns")
    elif sys.argv[1] == "pcapng_multi":
        fn, c = pcapng_multi, NgMulti()
    else:
        fn, kw = CAPTURES[sys.argv[1]]
        c = Cap(**kw)
    fn(c)
    with open(sys.argv[2], "wb") as out:
        out.write(c.data())
