#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Crafted frames against a genevesec receiver, one counter each.

Run by the selftests on the two-host tunnel of tests/selftests/lib.sh
(gs_tunnel): sends frames built with the independent implementation in
gsproto.py from namespace h2 to h1's port, and after each one checks that
h1's counters moved exactly as the protocol spec (section 4) says: the one
drop counter of that frame's defect, or rx_packets/rx_bytes for a good one.

  gscraft.py RX_KEY_HEX SPI VNI [CASE...]

Prints one line per case; exits 1 on the first mismatch.
"""

import ctypes
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gsproto  # noqa: E402
from gsinet import checksum  # noqa: E402
import gsnl  # noqa: E402

CLONE_NEWNET = 0x40000000
H1 = '192.0.2.1'
H2 = '192.0.2.2'
H2_OTHER = '192.0.2.3'   # an address of h2 that is not h1's peer
# The same over the IPv6 underlay (gs_tunnel 6).
H1_6 = '2001:db8::1'
H2_6 = '2001:db8::2'
H2_6_OTHER = '2001:db8::3'


def setns(name):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(f'/run/netns/{name}', os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f'setns {name}')
    finally:
        os.close(fd)


def icmp_echo(src, dst, payload=b'genevesec crafted frame', tos=0):
    """An IPv4 ICMP echo request from src to dst, checksums right."""
    icmp = struct.pack('!BBHHH', 8, 0, 0, 0x4753, 1) + payload
    icmp = icmp[:2] + struct.pack('!H', checksum(icmp)) + icmp[4:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, tos, 20 + len(icmp), 1, 0, 64, 1, 0,
                     socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack('!H', checksum(ip)) + ip[12:]
    return ip + icmp


class Harness:
    def __init__(self, key, spi, vni):
        self.key, self.spi, self.vni = key, spi, vni
        self.counter = 1 << 40      # far above what h2's kernel uses
        setns('h2')
        self.tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.tx.bind((H2, 0))
        self.tx_other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.tx_other.bind((H2_OTHER, 0))
        # Frames the underlay marked Congestion Experienced (RFC 3168).
        self.tx_ce = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.tx_ce.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, 0x03)
        self.tx_ce.bind((H2, 0))
        setns('h1')
        self.nl = gsnl.Client()
        # What gs0 delivers, to see the inner header after decapsulation.
        self.inner = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                                   socket.htons(0x0800))
        self.inner.bind(('gs0', 0))
        self.inner.settimeout(0.2)

    def counters(self):
        net = self.nl.cmd_show(['gs0', 'vni', str(self.vni)])[0]
        dev = self.nl.cmd_dev(['gs0'])
        # Receive counters only: a good echo request also makes h1 reply.
        out = {k: v for k, v in net.items() if k.startswith('rx_')}
        out.update({k: v for k, v in dev.items() if k.startswith('rx_')})
        return out

    def send_when_expired(self):
        """Send a good frame as soon as the receive SA has expired: the
        sweep reaps it a sweep interval (10 s) later, and from then on the
        frame would count as one for an unknown SPI."""
        frame = self.frame()
        deadline = time.monotonic() + 30
        while True:
            sas = [s for s in self.nl.cmd_sas(['gs0', 'vni', str(self.vni)])
                   if s['dir'] == 'rx' and s['spi'] == self.spi]
            if not sas:
                print(f'FAIL - receive SA {self.spi:#x} gone before it was seen expired')
                sys.exit(1)
            if sas[0]['expires-in'] == 0:
                break
            if time.monotonic() > deadline:
                print(f'FAIL - receive SA {self.spi:#x} does not expire')
                sys.exit(1)
            time.sleep(0.1)
        # The data path compares with the time of the last tick.
        time.sleep(0.05)
        self.send(frame)

    def next_counter(self):
        self.counter += 1
        return self.counter

    def frame(self, inner=None, **kw):
        inner = icmp_echo('10.0.0.2', '10.0.0.1') if inner is None else inner
        return gsproto.seal(kw.get('key', self.key), kw.get('vni', self.vni),
                            kw.get('spi', self.spi),
                            kw.get('counter') or self.next_counter(), inner)

    def send(self, payload, sock=None):
        (sock or self.tx).sendto(payload, (H1, gsproto.PORT))

    def send6(self, payload, src):
        """Over the IPv6 underlay, from h2's address src."""
        setns('h2')
        try:
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            s.bind((src, 0))
        finally:
            setns('h1')
        with s:
            s.sendto(payload, (H1_6, gsproto.PORT))

    def delivered_tos(self, payload):
        """The TOS of the inner packet carrying payload, as gs0 delivered
        it; its IPv4 header checksum must still be right."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                pkt = self.inner.recv(65536)
            except socket.timeout:
                continue
            if pkt.endswith(payload) and pkt[9] == 1 and pkt[20] == 8:
                if checksum(pkt[:20]) != 0:
                    print('FAIL - the delivered IPv4 header checksum is wrong')
                    sys.exit(1)
                return pkt[1]
        print('FAIL - the inner packet was not delivered')
        sys.exit(1)

    def send_ecn(self, inner_tos, want_tos):
        """An ECN-capable inner packet in a CE-marked frame comes out CE."""
        payload = b'genevesec ecn %d' % inner_tos
        while True:     # drain what an earlier case delivered
            try:
                self.inner.recv(65536)
            except socket.timeout:
                break
        self.send(self.frame(icmp_echo('10.0.0.2', '10.0.0.1', payload, inner_tos)),
                  self.tx_ce)
        got = self.delivered_tos(payload)
        if got != want_tos:
            print(f'FAIL - inner TOS 0x{inner_tos:02x} under CE became 0x{got:02x},'
                  f' expected 0x{want_tos:02x}')
            sys.exit(1)

    def expect(self, name, send, want):
        before = self.counters()
        send()
        deadline = time.monotonic() + 5
        while True:
            after = self.counters()
            diff = {k: after[k] - before.get(k, 0) for k in after
                    if after[k] != before.get(k, 0)}
            if diff == want:
                print(f'ok - {name}: {diff}')
                return
            if time.monotonic() > deadline:
                print(f'FAIL - {name}: counters moved {diff}, expected {want}')
                sys.exit(1)
            time.sleep(0.2)


def cases(h):
    good = h.frame()
    inner_len = len(good) - gsproto.HDR_LEN - gsproto.TAG_LEN
    tampered = bytearray(h.frame())
    tampered[gsproto.HDR_LEN + 3] ^= 0x01
    bad_nonce = bytearray(h.frame())
    # The KeyEpoch SPI stays, the nonce names another SA.
    bad_nonce[20:24] = struct.pack('!I', h.spi + 1)
    bad_version = bytearray(h.frame())
    bad_version[0] = 0x46
    bad_option = bytearray(h.frame())
    bad_option[10] = 0x01
    ok_rx = {'rx_packets': 1, 'rx_bytes': inner_len}
    # Forged: a counter far past the window (valid header, bad tag).
    forged = bytearray(h.frame(counter=h.counter + 1000000))
    forged[-1] ^= 0x01
    # Padding after the IP packet, inside the ciphertext.
    padded = h.frame(icmp_echo('10.0.0.2', '10.0.0.1') + bytes(11))
    bad_version_vni = bytearray(h.frame(vni=h.vni + 1))
    bad_version_vni[0] = 0x46
    bad_nonce_spi = bytearray(h.frame(spi=0x7777))
    bad_nonce_spi[20:24] = struct.pack('!I', 0x7778)
    bad_nonce_tag = bytearray(bad_nonce)
    bad_nonce_tag[-1] ^= 0x01
    ecn_len = len(icmp_echo('10.0.0.2', '10.0.0.1', b'genevesec ecn 186'))
    ecn_rx = {'rx_packets': 1, 'rx_bytes': ecn_len}
    return {
        'valid': (lambda: h.send(good), ok_rx),
        'replayed': (lambda: h.send(good), {'rx_replay_drops': 1}),
        'tampered': (lambda: h.send(bytes(tampered)), {'rx_decrypt_errors': 1}),
        'wrong-key': (lambda: h.send(h.frame(key=bytes(16))), {'rx_decrypt_errors': 1}),
        'nonce-spi-mismatch': (lambda: h.send(bytes(bad_nonce)),
                               {'rx_drops_spi_mismatch': 1}),
        'unknown-spi': (lambda: h.send(h.frame(spi=0x7777)), {'rx_drops_no_key': 1}),
        'unknown-vni': (lambda: h.send(h.frame(vni=h.vni + 1)), {'rx_unknown_vni': 1}),
        'bad-peer': (lambda: h.send(h.frame(), h.tx_other), {'rx_drops_bad_peer': 1}),
        'valid-from-other': (lambda: h.send(h.frame(), h.tx_other), ok_rx),
        'valid6': (lambda: h.send6(h.frame(), H2_6), ok_rx),
        'bad-peer6': (lambda: h.send6(h.frame(), H2_6_OTHER), {'rx_drops_bad_peer': 1}),
        'malformed-version': (lambda: h.send(bytes(bad_version)), {'rx_malformed': 1}),
        'malformed-option': (lambda: h.send(bytes(bad_option)), {'rx_malformed': 1}),
        'truncated': (lambda: h.send(h.frame()[:gsproto.HDR_LEN + gsproto.TAG_LEN - 1]),
                      {'rx_malformed': 1}),
        'inner-src-outside': (lambda: h.send(h.frame(icmp_echo('10.0.0.9', '10.0.0.1'))),
                              {'rx_invalid_src': 1}),
        'inner-dst-outside': (lambda: h.send(h.frame(icmp_echo('10.0.0.2', '10.0.0.9'))),
                              {'rx_invalid_dst': 1}),
        'inner-not-ip': (lambda: h.send(h.frame(b'\x45' + bytes(10))), {'rx_invalid_src': 1}),
        'keepalive': (lambda: h.send(gsproto.seal(h.key, h.vni, h.spi, h.next_counter(), b'')),
                      {'rx_packets': 1}),
        'expired': (h.send_when_expired, {'rx_drops_expired_key': 1}),
        # RFC 6040 section 4.2: CE outside a Not-ECT packet cannot be
        # passed on; on an ECT(0) packet it becomes CE inside.
        'ecn-ce-not-ect': (lambda: h.send(h.frame(), h.tx_ce), {'rx_ecn_drops': 1}),
        'ecn-ce-ect0': (lambda: h.send_ecn(0xb8 | 0x02, 0xb8 | 0x03), ecn_rx),
        # Forged frames never move the replay window: a genuine frame
        # with a lower counter is still accepted after one.
        'forged-high-counter': (lambda: h.send(bytes(forged)), {'rx_decrypt_errors': 1}),
        'valid-after-forged': (lambda: h.send(h.frame()), ok_rx),
        # Delivered trimmed to its IP length.
        'padded': (lambda: h.send(padded), ok_rx),
        # Two defects: the spec's order counts the first (section 4).
        'malformed-and-unknown-vni': (lambda: h.send(bytes(bad_version_vni)),
                                      {'rx_malformed': 1}),
        'unknown-vni-and-bad-peer': (lambda: h.send(h.frame(vni=h.vni + 1), h.tx_other),
                                     {'rx_unknown_vni': 1}),
        'bad-peer-and-unknown-spi': (lambda: h.send(h.frame(spi=0x7777), h.tx_other),
                                     {'rx_drops_bad_peer': 1}),
        'unknown-spi-and-nonce-mismatch': (lambda: h.send(bytes(bad_nonce_spi)),
                                           {'rx_drops_no_key': 1}),
        'nonce-mismatch-and-tampered': (lambda: h.send(bytes(bad_nonce_tag)),
                                        {'rx_drops_spi_mismatch': 1}),
    }


def main(argv):
    key, spi, vni = bytes.fromhex(argv[0]), int(argv[1], 0), int(argv[2], 0)
    h = Harness(key, spi, vni)
    table = cases(h)
    default = [n for n in table
               if n not in ('expired', 'valid-from-other', 'valid6', 'bad-peer6')]
    for name in argv[3:] or default:
        send, want = table[name]
        h.expect(name, send, want)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
