#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw Ethernet frames on an L2 genevesec device, for tests/selftests/l2.sh.

  gsl2.py arp DEV SENDER TARGET   an ARP request; prints the MAC the reply
                                  gives for TARGET, or "none" within 2 s
  gsl2.py ns DEV SOURCE TARGET    a neighbour solicitation (SOURCE :: is a
                                  DAD probe); prints the advertised MAC or
                                  "none"
  gsl2.py raw DEV ETHERTYPE COUNT COUNT broadcast frames of that ethertype

Frames go out through an AF_PACKET socket bound to DEV, so they take the
device's transmit path like the stack's own; replies are what the device
delivers back to itself.
"""

import ipaddress
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gsinet import checksum  # noqa: E402

ETH_P_ALL = 0x0003
ETH_P_ARP = 0x0806
ETH_P_IPV6 = 0x86DD
PACKET_OUTGOING = 4


def mac_of(dev):
    with open(f"/sys/class/net/{dev}/address") as f:
        return bytes.fromhex(f.read().strip().replace(":", ""))


def fmt_mac(b):
    return ":".join(f"{x:02x}" for x in b)


def open_sock(dev):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((dev, 0))
    return s


def wait_reply(s, match, timeout=2.0):
    """The first incoming frame for which match(frame) is not None."""
    end = time.monotonic() + timeout
    while True:
        left = end - time.monotonic()
        if left <= 0 or not select.select([s], [], [], left)[0]:
            return None
        frame, addr = s.recvfrom(65535)
        if addr[2] == PACKET_OUTGOING:
            continue
        got = match(frame)
        if got is not None:
            return got


def arp(dev, sender, target):
    me = mac_of(dev)
    sip = socket.inet_aton(sender)
    tip = socket.inet_aton(target)
    req = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + me + sip + b"\0" * 6 + tip
    frame = b"\xff" * 6 + me + struct.pack("!H", ETH_P_ARP) + req
    s = open_sock(dev)
    s.send(frame)

    def match(f):
        if len(f) < 42 or struct.unpack("!H", f[12:14])[0] != ETH_P_ARP:
            return None
        op = struct.unpack("!H", f[20:22])[0]
        if op == 2 and f[28:32] == tip:
            # The sender MAC field, and the frame's source must agree.
            return fmt_mac(f[22:28]) if f[22:28] == f[6:12] else "mismatch"
        return None

    return wait_reply(s, match) or "none"


def ns(dev, source, target):
    me = mac_of(dev)
    src = ipaddress.IPv6Address(source)
    tgt = ipaddress.IPv6Address(target)
    # Solicited-node multicast group of the target and its MAC.
    dst = ipaddress.IPv6Address("ff02::1:ff00:0") + (int(tgt) & 0xFFFFFF)
    dmac = b"\x33\x33" + dst.packed[12:]
    body = struct.pack("!BBHI", 135, 0, 0, 0) + tgt.packed
    if not src.is_unspecified:
        body += struct.pack("!BB", 1, 1) + me  # source link-layer address
    pseudo = src.packed + dst.packed + struct.pack("!I3xB", len(body), 58)
    csum = checksum(pseudo + body)
    body = body[:2] + struct.pack("!H", csum) + body[4:]
    ip6 = struct.pack("!IHBB", 6 << 28, len(body), 58, 255) + src.packed + dst.packed
    frame = dmac + me + struct.pack("!H", ETH_P_IPV6) + ip6 + body
    s = open_sock(dev)
    s.send(frame)

    def match(f):
        if len(f) < 14 + 40 + 24 or struct.unpack("!H", f[12:14])[0] != ETH_P_IPV6:
            return None
        icmp = f[54:]
        if f[20] != 58 or icmp[0] != 136 or icmp[8:24] != tgt.packed:
            return None
        opts = icmp[24:]
        if len(opts) >= 8 and opts[0] == 2 and opts[1] == 1:
            tlla = opts[2:8]
            return fmt_mac(tlla) if tlla == f[6:12] else "mismatch"
        return "no-option"

    return wait_reply(s, match) or "none"


def raw(dev, ethertype, count):
    me = mac_of(dev)
    frame = b"\xff" * 6 + me + struct.pack("!H", ethertype) + b"genevesec" * 6
    s = open_sock(dev)
    for _ in range(count):
        s.send(frame)


def main(argv):
    if len(argv) == 5 and argv[1] == "arp":
        print(arp(argv[2], argv[3], argv[4]))
    elif len(argv) == 5 and argv[1] == "ns":
        print(ns(argv[2], argv[3], argv[4]))
    elif len(argv) == 5 and argv[1] == "raw":
        raw(argv[2], int(argv[3], 0), int(argv[4]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
