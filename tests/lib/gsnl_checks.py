#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Netlink checks of the genevesec family, run in the test VM.

  gsnl_checks.py table DEV       every bad request refused with an errno
                                 and an extack message (a table)
  gsnl_checks.py scale DEV       1k networks and 10k routes installed,
                                 dumped across many messages, compared
  gsnl_checks.py intr DEV        a dump that overlaps a change is flagged
                                 NLM_F_DUMP_INTR
  gsnl_checks.py replace DEV VNI COUNT FIRST [PAIR...]
                                 one net-set replacing network VNI's routes
                                 with the PAIRs (LOCAL=REMOTE) and COUNT
                                 IPv4 /32 pairs numbered from FIRST; prints
                                 the seconds the request took

DEV is a genevesec device in the current namespace, with no networks
(replace: with network VNI).
"""

import errno
import ipaddress
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gsnl  # noqa: E402

KEY1 = '00' * 15 + '01'
KEY2 = '00' * 15 + '02'
KEY3 = '00' * 15 + '03'


def route(local, remote):
    ln, rn = ipaddress.ip_network(local), ipaddress.ip_network(remote)
    return {'local': ln.network_address.packed.hex(), 'local-plen': ln.prefixlen,
            'remote': rn.network_address.packed.hex(), 'remote-plen': rn.prefixlen}


def fail(msg):
    print(f'FAIL: {msg}')
    sys.exit(1)


def table(c, dev):
    d = {'ifname': dev}
    rx1 = {'spi': 1, 'key': KEY1}
    tx2 = {'spi': 2, 'key': KEY2}
    # Setup the cases rely on: network 7 with a route and SAs, network 8.
    c.request('net-new', dict(d, vni=7, peer4=0xc0000202,
                              route=[route('10.0.0.1/32', '10.0.0.2/32')]))
    c.request('sa-new', dict(d, vni=7, rx=rx1, tx=tx2))
    c.request('net-new', dict(d, vni=8))
    v7 = dict(d, vni=7)
    rows = [
        # (op, attributes, errno, extack text)
        ('dev-get', {}, errno.EINVAL, 'ifindex or ifname'),
        ('dev-get', {'ifname': 'nope0'}, errno.ENODEV, 'no such device'),
        ('dev-get', {'ifname': 'lo'}, errno.EOPNOTSUPP, 'not a genevesec device'),
        ('dev-get', {'ifindex': 0}, errno.ERANGE, 'out of range'),
        ('net-new', {'vni': 9}, errno.EINVAL, 'ifindex or ifname'),
        ('net-new', d, errno.EINVAL, 'missing attribute'),
        ('net-new', dict(d, vni=1 << 24), errno.ERANGE, 'out of range'),
        ('net-new', v7, errno.EEXIST, 'the network exists'),
        ('net-new', dict(d, vni=9, peer4=0xe0000001), errno.EINVAL, 'unicast'),
        ('net-new', dict(d, vni=9, peer4=0), errno.EINVAL, 'unicast'),
        ('net-new', dict(d, vni=9, peer6='ff02' + '00' * 13 + '01'), errno.EINVAL, 'unicast'),
        ('net-new', dict(d, vni=9, peer6='00' * 15), errno.ERANGE, 'size out of range'),
        ('net-new', dict(d, vni=9, peer4=0xc0000202, peer6='20010db8' + '00' * 11 + '02'),
         errno.EINVAL, 'one peer address'),
        ('net-new', dict(d, vni=9, **{'peer-port': 6081}), errno.EINVAL, 'needs a peer address'),
        ('net-new', dict(d, vni=9, peer4=0xc0000202, **{'peer-port': 0}), errno.ERANGE,
         'out of range'),
        ('net-new', dict(d, vni=9, route=[{'local': '0a000001', 'local-plen': 32}]),
         errno.EINVAL, 'missing attribute'),
        ('net-new', dict(d, vni=9, route=[dict(route('10.0.0.1/32', '10.0.0.3/32'),
                                               local='0a00000100')]),
         errno.EINVAL, '4 (IPv4) or 16 (IPv6) bytes'),
        ('net-new', dict(d, vni=9, route=[dict(route('10.0.0.1/32', '10.0.0.3/32'),
                                               remote='20010db8' + '00' * 12)]),
         errno.EINVAL, 'one family'),
        ('net-new', dict(d, vni=9, route=[dict(route('10.0.0.1/32', '10.0.0.3/32'),
                                               **{'remote-plen': 33})]),
         errno.EINVAL, 'too long for the family'),
        ('net-new', dict(d, vni=9, route=[dict(route('10.0.0.1/32', '10.0.0.3/32'),
                                               **{'local-plen': 129})]),
         errno.ERANGE, 'out of range'),
        ('net-new', dict(d, vni=9, route=[route('10.0.0.1/32', '10.0.0.2/32')]),
         errno.EEXIST, 'belongs to network 7'),
        ('net-set', dict(d, vni=9), errno.ENOENT, 'no such network'),
        ('net-set', dict(d, vni=8, route=[route('10.0.0.1/32', '10.0.0.2/32')]),
         errno.EEXIST, 'belongs to network 7'),
        ('net-del', dict(d, vni=9), errno.ENOENT, 'no such network'),
        ('net-get', dict(d, vni=9), errno.ENOENT, 'no such network'),
        ('net-get', d, errno.EINVAL, 'missing attribute'),
        ('route-add', dict(d, vni=9, route=[route('10.1.0.0/16', '10.2.0.0/16')]),
         errno.ENOENT, 'no such network'),
        ('route-del', dict(d, vni=8, route=[route('10.0.0.1/32', '10.0.0.2/32')]),
         errno.EPERM, 'belongs to network 7, not this one'),
        ('route-del', dict(v7, route=[route('10.0.0.1/32', '10.0.0.9/32')]),
         errno.ENOENT, 'no such route'),
        ('sa-new', v7, errno.EINVAL, 'an SA is required'),
        ('sa-new', dict(v7, rx=rx1, manual=True), errno.EINVAL, 'needs both rx and tx'),
        ('sa-new', dict(d, vni=9, rx=rx1), errno.ENOENT, 'no such network'),
        ('sa-new', dict(v7, rx={'spi': 0, 'key': KEY1}), errno.ERANGE, 'out of range'),
        ('sa-new', dict(v7, rx={'key': KEY1}), errno.EINVAL, 'missing attribute'),
        ('sa-new', dict(v7, rx={'spi': 5}), errno.EINVAL, 'missing attribute'),
        ('sa-new', dict(v7, rx={'spi': 5, 'key': KEY1[:-2]}), errno.EINVAL,
         '16 (AES-128-GCM) or 32'),
        ('sa-new', dict(v7, rx={'spi': 5, 'key': KEY1, 'lifetime': 0}), errno.ERANGE,
         'out of range'),
        ('sa-new', dict(v7, rx={'spi': 5, 'key': KEY1, 'lifetime': 86401}), errno.ERANGE,
         'out of range'),
        ('sa-new', dict(v7, rx={'spi': 5, 'key': KEY3}, tx={'spi': 6, 'key': KEY3}),
         errno.EINVAL, 'keys must differ'),
        ('sa-new', dict(v7, tx=tx2), errno.EEXIST, 'already active'),
        ('sa-new', dict(v7, rx={'spi': 2, 'key': KEY1}, tx={'spi': 2, 'key': KEY3},
                        manual=True), errno.EINVAL, 'greater than'),
        ('sa-new', dict(v7, rx={'spi': 3, 'key': KEY1}, tx={'spi': 4, 'key': KEY3},
                        manual=True), errno.EINVAL, 'greater than'),
        ('sa-del', dict(v7, spi=99), errno.ENOENT, 'no receive SA'),
        ('sa-del', v7, errno.EINVAL, 'missing attribute'),
        ('sa-get', dict(v7, spi=99), errno.ENOENT, 'no such SA'),
        ('sa-get', dict(v7, spi=1, dir=2), errno.ERANGE, 'out of range'),
        ('sa-get', dict(v7, spi=1, dir=1), errno.ENOENT, 'no such SA'),
    ]
    for op, attrs, want_errno, want_text in rows:
        try:
            c.request(op, attrs)
        except c.NlError as e:
            got = -e.nl_msg.error
            text = (e.nl_msg.extack or {}).get('msg', '')
            if got != want_errno or want_text not in text:
                fail(f'{op} {attrs}: {os.strerror(got)} "{text}", '
                     f'expected {os.strerror(want_errno)} "{want_text}"')
            print(f'ok - {op} refused: {text}')
            continue
        fail(f'{op} {attrs} succeeded')
    # Receive SAs are limited per network; the fifth is refused.
    for spi in (10, 11, 12):
        c.request('sa-new', dict(v7, rx={'spi': spi, 'key': KEY3}))
    try:
        c.request('sa-new', dict(v7, rx={'spi': 13, 'key': KEY3}))
        fail('a fifth receive SA was accepted')
    except c.NlError as e:
        if 'too many receive SAs' not in (e.nl_msg.extack or {}).get('msg', ''):
            fail(f'fifth receive SA: {e}')
    print('ok - a fifth receive SA refused')
    # Nothing above changed what the network has.
    net = c.request('net-get', v7)
    if net['route-count'] != 1 or net['rx-sa-count'] != 4 or net['tx-spi'] != 2:
        fail(f'failed requests changed network 7: {net}')
    c.request('net-del', v7)
    c.request('net-del', dict(d, vni=8))


class CountingSocket:
    """Counts the recv() calls a dump needs (one per kernel message batch)."""

    def __init__(self, sock):
        self.sock, self.recvs = sock, 0

    def recv(self, *a):
        self.recvs += 1
        return self.sock.recv(*a)

    def recvmsg(self, *a):      # (the YNL library of 7.x reads so)
        self.recvs += 1
        return self.sock.recvmsg(*a)

    def __getattr__(self, name):
        return getattr(self.sock, name)


def scale(c, dev):
    d = {'ifname': dev}
    nets = 1000
    for vni in range(1, nets + 1):
        c.request('net-new', dict(d, vni=vni, peer4=0xc0000000 + vni))
    want = set()
    batch = []
    for i in range(10000):
        local = f'10.{i // 256 % 256}.{i % 256}.1/32'
        remote = f'172.16.{i // 256}.{i % 256}/32'
        want.add((1, f'{local}={remote}'))
        batch.append(route(local, remote))
        if len(batch) == 1000:
            c.request('route-add', dict(d, vni=1, route=batch))
            batch = []
    counting = CountingSocket(c.ynl.sock)
    c.ynl.sock = counting
    got = c.cmd_routes([dev])
    c.ynl.sock = counting.sock
    got = {(r['vni'], r['route']) for r in got}
    if got != want:
        fail(f'route dump: {len(got)} routes, {len(got - want)} unexpected, '
             f'{len(want - got)} missing')
    print(f'ok - 10000 routes dumped in {counting.recvs} reads')
    if counting.recvs < 3:
        fail('the route dump did not span several messages')
    one = {(r['vni'], r['route']) for r in c.cmd_routes([dev, 'vni', '1'])}
    if one != want:
        fail('the dump of network 1 differs')
    shown = c.cmd_show([dev])
    vnis = sorted(n['vni'] for n in shown)
    if vnis != list(range(1, nets + 1)):
        fail(f'network dump: {len(vnis)} networks')
    peers = {n['vni']: n['peer4'] for n in shown}
    if peers[500] != str(ipaddress.ip_address(0xc0000000 + 500)):
        fail(f'network 500 has peer {peers[500]}')
    if c.request('dev-get', d)['networks'] != nets:
        fail('dev-get does not count the networks')
    print(f'ok - {nets} networks dumped')
    # Bulk replace: one request swaps the whole set.
    c.request('net-set', dict(d, vni=1, route=[route('10.9.9.9/32', '172.31.0.1/32')],
                              **{'replace-routes': True}))
    if c.request('net-get', dict(d, vni=1))['route-count'] != 1:
        fail('replace-routes did not replace the set')
    print('ok - replace-routes')


def dump_with_a_change(c, op, ifindex, change):
    """Dump op for the device, calling change() after the first read;
    returns (the flags of every message, reads)."""
    cmd = c.ynl.ops[op].req_value
    aset = c.ynl.ops[op].attr_set     # resolved to the set, or its name
    aset = c.ynl.attr_sets[aset] if isinstance(aset, str) else aset
    attr_id = aset['ifindex'].value
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)  # NETLINK_GENERIC
    body = struct.pack('=BBH', cmd, 1, 0) + struct.pack('=HHI', 8, attr_id, ifindex)
    sock.send(struct.pack('=IHHII', 16 + len(body), c.ynl.nlproto.family_id,
                          0x1 | 0x300, 1, 0) + body)
    flags_seen, reads, done = 0, 0, False
    while not done:
        data = sock.recv(16384)
        reads += 1
        if reads == 1:
            change()
        off = 0
        while off < len(data):
            mlen, mtype, mflags = struct.unpack_from('=IHH', data, off)
            flags_seen |= mflags
            if mtype == 3:       # NLMSG_DONE
                done = True
            off += (mlen + 3) & ~3
    return flags_seen, reads


def intr(c, dev):
    """Start a route dump, then an SA dump, each long enough for several
    reads, and change the routes (the SAs) between two reads."""
    d = {'ifname': dev}
    c.request('net-new', dict(d, vni=1))
    c.request('route-add', dict(d, vni=1, route=[
        route(f'10.0.{i // 256}.{i % 256}/32', '172.16.0.0/16') for i in range(2000)]))
    ifindex = c.request('dev-get', d)['ifindex']
    flags, reads = dump_with_a_change(c, 'route-get', ifindex, lambda: c.request(
        'route-add', dict(d, vni=1, route=[route('10.99.0.1/32', '10.98.0.1/32')])))
    if not flags & 0x10:
        fail(f'no NLM_F_DUMP_INTR after a route change mid-dump ({reads} reads)')
    print(f'ok - NLM_F_DUMP_INTR set by a route change ({reads} reads)')
    # Two SAs in each of 200 networks.
    for vni in range(2, 202):
        c.request('net-new', dict(d, vni=vni))
        c.request('sa-new', dict(d, vni=vni, rx={'spi': 0x200, 'key': bytes(16)},
                                 tx={'spi': 0x100, 'key': bytes([1] * 16)}))
    flags, reads = dump_with_a_change(c, 'sa-get', ifindex, lambda: c.request(
        'sa-new', dict(d, vni=201, rx={'spi': 0x201, 'key': bytes([2] * 16)})))
    if reads < 2:
        fail(f'the SA dump took {reads} read: no change could come between two')
    if not flags & 0x10:
        fail(f'no NLM_F_DUMP_INTR after an SA change mid-dump ({reads} reads)')
    print(f'ok - NLM_F_DUMP_INTR set by an SA change ({reads} reads)')


def replace(c, dev, vni, count, first, *pairs):
    """Encoded here, timed from send to ack: YNL's encoder takes longer than
    the kernel for thousands of pairs under emulation. The attributes'
    numbers come from the spec."""
    ynl = c.ynl
    net = ynl.attr_sets['network']
    rta = ynl.attr_sets['route']
    nla = gsnl.nla

    def pair(local, lplen, remote, rplen):
        return nla(net['route'].value | 0x8000,     # NLA_F_NESTED
                   nla(rta['local'].value, local) + nla(rta['local-plen'].value, bytes([lplen])) +
                   nla(rta['remote'].value, remote) + nla(rta['remote-plen'].value, bytes([rplen])))

    body = [nla(net['ifname'].value, dev.encode() + b'\0'),
            nla(net['vni'].value, struct.pack('=I', int(vni))),
            nla(net['replace-routes'].value, b'')]
    for text in pairs:
        r = route(*text.split('='))
        body.append(pair(bytes.fromhex(r['local']), r['local-plen'],
                         bytes.fromhex(r['remote']), r['remote-plen']))
    # /32 pairs in 10.128.0.0/9, each address to itself.
    base = (10 << 24) | (1 << 23)
    for i in range(int(first), int(first) + int(count)):
        addr = struct.pack('!I', base + i % (1 << 23))
        body.append(pair(addr, 32, addr, 32))
    payload = b''.join(body)
    op = ynl.ops['net-set'].req_value
    msg = struct.pack('=IHHII', 20 + len(payload), ynl.nlproto.family_id, 1 | 4, 1, 0) + \
        struct.pack('BBH', op, 1, 0) + payload
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)   # NETLINK_GENERIC
    sock.setsockopt(socket.SOL_SOCKET, 32, 4 * len(msg))   # SO_SNDBUFFORCE
    sock.setsockopt(270, 10, 1)                              # NETLINK_CAP_ACK
    start = time.monotonic()
    sock.send(msg)
    reply = sock.recv(65536)
    took = time.monotonic() - start
    err = struct.unpack_from('=i', reply, 16)[0]
    if struct.unpack_from('=H', reply, 4)[0] != 2 or err:
        fail(f'replacing the routes: {os.strerror(-err) if err else "no ack"}')
    print(f'{took:.3f}')


def main(argv):
    c = gsnl.Client()
    if argv[0] == 'replace':
        replace(c, *argv[1:])
        return 0
    {'table': table, 'scale': scale, 'intr': intr}[argv[0]](c, argv[1])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
