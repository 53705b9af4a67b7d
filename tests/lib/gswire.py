#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check captures of a genevesec tunnel with the independent gsproto.py.

  gswire.py decrypt WIRE.pcap INNER.pcap KEY_HEX...
      Every genevesec frame (UDP port 6081) in WIRE opens with one of the
      keys, and the plaintexts are exactly the IP packets of INNER (the
      tunnel device's own capture), as multisets. Prints the frame count.
  gswire.py absent WIRE.pcap HEX
      The bytes HEX appear nowhere in WIRE.
  gswire.py sports WIRE.pcap SRC_IP
      The distinct UDP source ports of SRC_IP's genevesec frames.
  gswire.py keepalives WIRE.pcap KEY_HEX...
      Every keep-alive in WIRE: a 48-byte UDP payload of protocol type 0
      that opens with one of the keys. Prints their count and their
      distinct source ports.
  gswire.py tos WIRE.pcap SRC_IP
      The distinct outer TOS / traffic class bytes (hex) of SRC_IP's
      genevesec frames.
  gswire.py fragments WIRE.pcap
      The number of IP fragments in WIRE (IPv4 MF or offset, IPv6
      fragment header).
  gswire.py outer WIRE.pcap SRC_IP
      The outer headers of SRC_IP's genevesec frames: one line per
      distinct (source port, destination port, TOS, TTL, DF, UDP checksum:
      zero, ok or bad) with its frame count; exits 1 when an IPv4 header
      checksum is wrong.
  gswire.py bytes WIRE.pcap SRC_IP
      The inner bytes SRC_IP's genevesec frames carry, in all (each
      frame's payload less header and tag).
  gswire.py counters WIRE.pcap SRC_IP
      The number of SRC_IP's genevesec frames; exits 1 when two carry the
      same (SPI, counter), a nonce used twice.
"""

import collections
import ipaddress
import struct
import sys
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gsproto  # noqa: E402
from gsinet import checksum  # noqa: E402


def packets(path):
    """The network-layer packets of a pcap file."""
    with open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack_from('<I', data)[0]
    endian = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    linktype = struct.unpack_from(endian + 'I', data, 20)[0]
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack_from(endian + 'I', data, off + 8)[0]
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if linktype == 1:            # Ethernet
            etype = struct.unpack_from('!H', pkt, 12)[0]
            yield etype, pkt[14:]
        elif linktype == 113:        # Linux cooked
            yield struct.unpack_from('!H', pkt, 14)[0], pkt[16:]
        elif linktype == 276:        # Linux cooked v2
            yield struct.unpack_from('!H', pkt, 0)[0], pkt[20:]
        elif linktype in (12, 101):  # raw IP
            yield (0x0800 if pkt[0] >> 4 == 4 else 0x86dd), pkt
        else:
            sys.exit(f'gswire: link type {linktype} not handled')


def udp_datagrams(path, port=gsproto.PORT, with_tos=False):
    """(source address, source port, payload[, TOS]) of each datagram to
    port."""
    for etype, ip in packets(path):
        if etype == 0x0800 and ip[9] == 17:
            src, l4 = ipaddress.ip_address(ip[12:16]), ip[(ip[0] & 15) * 4:]
            tos = ip[1]
        elif etype == 0x86dd and ip[6] == 17:
            src, l4 = ipaddress.ip_address(ip[8:24]), ip[40:]
            tos = (struct.unpack_from('!H', ip)[0] >> 4) & 0xff
        else:
            continue
        sport, dport, length = struct.unpack_from('!HHH', l4)
        if dport == port:
            yield (src, sport, l4[8:length]) + ((tos,) if with_tos else ())


def udp_payloads(path):
    for _, _, payload in udp_datagrams(path):
        yield payload


def open_any(keys, payload):
    """The fields and plaintext of payload, opened with one of the keys."""
    for key in keys:
        try:
            return gsproto.open_(key, payload)
        except Exception:  # pylint: disable=broad-except
            continue
    sys.exit(f'gswire: a frame opens with no key: {payload[:32].hex()}')


def keepalives(wire, keys):
    keys = [bytes.fromhex(k) for k in keys]
    count, sports = 0, set()
    for _, sport, payload in udp_datagrams(wire):
        if len(payload) != gsproto.HDR_LEN + gsproto.TAG_LEN:
            continue
        fields, text = open_any(keys, payload)
        if fields['proto'] != gsproto.PROTO_KEEPALIVE or text:
            sys.exit(f'gswire: a 48-byte frame is not a keep-alive: {fields}')
        count += 1
        sports.add(sport)
    print(count, *sorted(sports))


def fragments(wire):
    count = 0
    for etype, ip in packets(wire):
        if etype == 0x0800 and struct.unpack_from('!H', ip, 6)[0] & 0x3fff:
            count += 1
        elif etype == 0x86dd and ip[6] == 44:
            count += 1
    print(count)


def outer(wire, src):
    src = ipaddress.ip_address(src)
    seen = collections.Counter()
    for etype, ip in packets(wire):
        if etype == 0x0800 and ip[9] == 17:
            hlen = (ip[0] & 15) * 4
            if ipaddress.ip_address(ip[12:16]) != src:
                continue
            if checksum(ip[:hlen]) != 0:
                sys.exit('gswire: an IPv4 header checksum is wrong')
            tos, ttl, df = ip[1], ip[8], bool(struct.unpack_from('!H', ip, 6)[0] & 0x4000)
            l4 = ip[hlen:struct.unpack_from('!H', ip, 2)[0]]
            pseudo = ip[12:20] + struct.pack('!BBH', 0, 17, len(l4))
        elif etype == 0x86dd and ip[6] == 17:
            if ipaddress.ip_address(ip[8:24]) != src:
                continue
            tos = (struct.unpack_from('!H', ip)[0] >> 4) & 0xff
            ttl, df = ip[7], True
            l4 = ip[40:40 + struct.unpack_from('!H', ip, 4)[0]]
            pseudo = ip[8:40] + struct.pack('!IxxxB', len(l4), 17)
        else:
            continue
        sport, dport, _, csum = struct.unpack_from('!HHHH', l4)
        if dport != gsproto.PORT:
            continue
        ok = 'zero' if csum == 0 else 'ok' if checksum(pseudo + l4) == 0 else 'bad'
        seen[(sport, dport, f'0x{tos:02x}', ttl, 'df' if df else 'nodf', ok)] += 1
    for fields, count in sorted(seen.items()):
        print(*fields, count)


def counters(wire, src):
    src = ipaddress.ip_address(src)
    used = collections.Counter()
    for a, _, payload in udp_datagrams(wire):
        if a == src:
            fields = gsproto.parse_header(payload)
            used[(fields['spi'], fields['counter'])] += 1
    twice = [k for k, n in used.items() if n > 1]
    if twice:
        sys.exit(f'gswire: {len(twice)} (SPI, counter) pairs used twice, e.g. {twice[:3]}')
    print(sum(used.values()))


def ip_packets(path):
    for etype, ip in packets(path):
        if etype == 0x0800:
            yield ip[:struct.unpack_from('!H', ip, 2)[0]]
        elif etype == 0x86dd:
            yield ip[:40 + struct.unpack_from('!H', ip, 4)[0]]


def decrypt(wire, inner, keys):
    keys = [bytes.fromhex(k) for k in keys]
    plain = collections.Counter()
    frames = 0
    for payload in udp_payloads(wire):
        fields, text = open_any(keys, payload)
        if fields['proto'] != gsproto.PROTO_KEEPALIVE:
            plain[text] += 1
        frames += 1
    expected = collections.Counter(ip_packets(inner))
    if plain != expected:
        sys.exit(f'gswire: {sum(plain.values())} decrypted packets differ from '
                 f'{sum(expected.values())} inner packets '
                 f'({len(plain - expected)} unexpected, {len(expected - plain)} missing)')
    print(frames)


def main(argv):
    if argv[0] == 'decrypt':
        decrypt(argv[1], argv[2], argv[3:])
    elif argv[0] == 'absent':
        pattern = bytes.fromhex(argv[2])
        with open(argv[1], 'rb') as f:
            if pattern in f.read():
                sys.exit('gswire: the pattern is on the wire in clear')
    elif argv[0] == 'sports':
        src = ipaddress.ip_address(argv[2])
        print(*sorted({p for a, p, _ in udp_datagrams(argv[1]) if a == src}))
    elif argv[0] == 'keepalives':
        keepalives(argv[1], argv[2:])
    elif argv[0] == 'tos':
        src = ipaddress.ip_address(argv[2])
        print(*sorted({f'0x{t:02x}' for a, _, _, t in
                       udp_datagrams(argv[1], with_tos=True) if a == src}))
    elif argv[0] == 'fragments':
        fragments(argv[1])
    elif argv[0] == 'outer':
        outer(argv[1], argv[2])
    elif argv[0] == 'counters':
        counters(argv[1], argv[2])
    elif argv[0] == 'bytes':
        src = ipaddress.ip_address(argv[2])
        print(sum(len(p) - gsproto.HDR_LEN - gsproto.TAG_LEN
                  for a, _, p in udp_datagrams(argv[1]) if a == src))
    else:
        sys.exit(__doc__)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
