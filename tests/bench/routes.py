#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Add many routes to a genevesec network through generic netlink, timed.

  routes.py DEV VNI COUNT [--offset N] [--base ADDR] [--local PREFIX]
            [--batch N] [--settle S]

Adds COUNT IPv4 routes LOCAL -> BASE+OFFSET+k/32 (0 <= k < COUNT) to the
network VNI of device DEV (in the caller's network namespace) with the
route-add command, BATCH routes per request (default 2000). Every request
is encoded before the clock starts; only the send / wait-for-ack loop is
timed, with CLOCK_MONOTONIC (guest time under icount). Kernel memory is
read from /proc/meminfo before and after. Prints one JSON object:

  {"type": "routes-add", "routes": COUNT, "seconds": S, "routes_per_second": R,
   "meminfo_delta": {"Slab": B, ...}, "bytes": B, "bytes_per_route": B, ...}

bytes is the growth of Slab + VmallocUsed + Percpu (large kmallocs count
as Slab); memfree_drop_bytes, the fall of MemFree, is a cross-check. Exits
non-zero with the kernel's extended-ack message when a request fails.
Standard library only: it runs in the bench guest (tests/bench/guest).
Numeric command and attribute values are read from the uapi header
include/uapi/linux/genevesec_genl.h, so they follow the spec.
"""

import argparse
import ipaddress
import json
import os
import re
import socket
import struct
import sys
import time

HEADER = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      '../../include/uapi/linux/genevesec_genl.h')

# <linux/netlink.h>, <linux/genetlink.h>
NLMSG_ERROR = 2
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLM_F_CAPPED = 0x100
NLA_F_NESTED = 0x8000
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLMSGERR_ATTR_MSG = 1
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NETLINK_GENERIC = 16
SO_SNDBUFFORCE = getattr(socket, 'SO_SNDBUFFORCE', 32)

NLMSGHDR = struct.Struct('=IHHII')  # len, type, flags, seq, pid
GENLMSGHDR = struct.Struct('=BBH')  # cmd, version, reserved
NLATTR = struct.Struct('=HH')  # len, type

MEMINFO = ('Slab', 'VmallocUsed', 'Percpu')


class NetlinkError(Exception):
    pass


def uapi_values(path):
    """NAME -> value for every enumerator and #define number of a header."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    vals = {m[0]: int(m[1], 0) for m in re.findall(r'^#define\s+(\w+)\s+(\d+)\s*$', text, re.M)}
    for body in re.findall(r'\benum\b[^{;]*\{(.*?)\}', text, re.S):
        v = -1
        for name, expr in re.findall(r'^\s*(\w+)\s*(?:=\s*([^,\n]+))?,', body, re.M):
            expr = (expr or '').strip()
            if not expr:
                v += 1
            elif expr.isdigit():
                v = int(expr)
            else:
                continue  # the *_MAX = (__*_MAX - 1) entries: not needed
            vals[name] = v
    return vals


def uapi_name(path):
    """GENEVESEC_GENL_NAME, the family's name."""
    with open(path, encoding='utf-8') as f:
        return re.search(r'#define\s+GENEVESEC_GENL_NAME\s+"([^"]+)"', f.read()).group(1)


def align4(n):
    return (n + 3) & ~3


def attr(atype, payload):
    return NLATTR.pack(NLATTR.size + len(payload), atype) + payload + \
        b'\0' * (align4(len(payload)) - len(payload))


def parse_attrs(buf, off=0):
    """{type: payload} of the attributes in buf from off."""
    res = {}
    while off + NLATTR.size <= len(buf):
        alen, atype = NLATTR.unpack_from(buf, off)
        if alen < NLATTR.size:
            break
        res[atype & ~NLA_F_NESTED] = buf[off + NLATTR.size:off + alen]
        off += align4(alen)
    return res


class Genl:
    """A generic netlink socket that sends one request at a time."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        # Error messages from the kernel (extack), and acks without a copy
        # of the (large) request.
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sock.bind((0, 0))
        self.seq = 0

    def sndbuf(self, size):
        """Room for a request of size bytes: netlink refuses a request
        larger than the send buffer (EMSGSIZE). SO_SNDBUFFORCE (root) goes
        past net.core.wmem_max. The receive buffer stays: it holds one ack
        at a time."""
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, SO_SNDBUFFORCE, size)
        except PermissionError:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, size)

    def message(self, family, cmd, payload, version=1):
        self.seq += 1
        return NLMSGHDR.pack(NLMSGHDR.size + GENLMSGHDR.size + len(payload), family,
                             NLM_F_REQUEST | NLM_F_ACK, self.seq, 0) + \
            GENLMSGHDR.pack(cmd, version, 0) + payload

    def transact(self, msg):
        """Send msg and wait for its ack; the replies that came before it.
        Raises NetlinkError with the extack message on an error ack."""
        self.sock.send(msg)
        seq = NLMSGHDR.unpack_from(msg)[3]
        replies = []
        while True:
            buf = self.sock.recv(1 << 16)
            off = 0
            while off + NLMSGHDR.size <= len(buf):
                mlen, mtype, flags, mseq, _ = NLMSGHDR.unpack_from(buf, off)
                body = buf[off + NLMSGHDR.size:off + mlen]
                off += align4(mlen)
                if mseq != seq:
                    continue
                if mtype != NLMSG_ERROR:
                    replies.append(body)
                    continue
                err = struct.unpack_from('=i', body)[0]
                if err:
                    ext = self.extack_msg(body, flags)
                    raise NetlinkError(os.strerror(-err) + (f': {ext}' if ext else ''))
                return replies

    @staticmethod
    def extack_msg(body, flags):
        """NLMSGERR_ATTR_MSG of an error ack (struct nlmsgerr, then the
        request, whole or capped to its header, then the TLVs)."""
        olen = NLMSGHDR.unpack_from(body, 4)[0]
        off = 4 + (NLMSGHDR.size if flags & NLM_F_CAPPED else align4(olen))
        msg = parse_attrs(body, off).get(NLMSGERR_ATTR_MSG, b'')
        return msg.split(b'\0')[0].decode(errors='replace')

    def family(self, name):
        msg = self.message(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                           attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b'\0'))
        try:
            replies = self.transact(msg)
        except NetlinkError as e:
            raise NetlinkError(f'no generic netlink family "{name}" '
                               f'(is the module loaded?): {e}') from e
        for body in replies:
            fid = parse_attrs(body, GENLMSGHDR.size).get(CTRL_ATTR_FAMILY_ID)
            if fid:
                return struct.unpack('=H', fid)[0]
        raise NetlinkError(f'no family id for "{name}" in the reply')


def route_requests(nl, uapi, family, args):
    """The route-add requests, BATCH routes each."""
    local = ipaddress.IPv4Network(args.local, strict=False)
    first = int(ipaddress.IPv4Address(args.base)) + args.offset
    if first + args.count > 1 << 32:
        sys.exit(f'routes.py: {args.count} addresses from {args.base} + {args.offset} '
                 'go past 255.255.255.255')
    u = uapi
    # One nested route: everything but the remote address is the same.
    head = (attr(u['GENEVESEC_A_ROUTE_LOCAL'], local.network_address.packed) +
            attr(u['GENEVESEC_A_ROUTE_LOCAL_PLEN'], bytes([local.prefixlen])) +
            NLATTR.pack(NLATTR.size + 4, u['GENEVESEC_A_ROUTE_REMOTE']))
    tail = attr(u['GENEVESEC_A_ROUTE_REMOTE_PLEN'], bytes([32]))
    nest = NLATTR.pack(NLATTR.size + len(head) + 4 + len(tail),
                       u['GENEVESEC_A_NET_ROUTE'] | NLA_F_NESTED) + head
    net = (attr(u['GENEVESEC_A_NET_IFNAME'], args.dev.encode() + b'\0') +
           attr(u['GENEVESEC_A_NET_VNI'], struct.pack('=I', args.vni)))
    msgs = []
    for start in range(first, first + args.count, args.batch):
        stop = min(start + args.batch, first + args.count)
        routes = b''.join(nest + a.to_bytes(4, 'big') + tail for a in range(start, stop))
        msgs.append(nl.message(family, u['GENEVESEC_CMD_ROUTE_ADD'], net + routes,
                               u['GENEVESEC_GENL_VERSION']))
    return msgs


def meminfo():
    with open('/proc/meminfo', encoding='ascii') as f:
        return {k: int(v) * 1024 for k, v in re.findall(r'^(\w+):\s+(\d+) kB', f.read(), re.M)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    ap.add_argument('dev')
    ap.add_argument('vni', type=int)
    ap.add_argument('count', type=int)
    ap.add_argument('--offset', type=int, default=0,
                    help='first address: BASE + OFFSET (successive calls add new routes)')
    ap.add_argument('--base', default='100.64.0.0')
    ap.add_argument('--local', default='10.0.0.1/32',
                    help="the routes' local prefix (default: gs_tunnel's own in h1)")
    ap.add_argument('--batch', type=int, default=2000, help='routes per request')
    ap.add_argument('--settle', type=float, default=1.0,
                    help='seconds to wait before reading memory again (RCU frees)')
    args = ap.parse_args()
    if args.count < 0 or args.batch < 1:
        sys.exit('routes.py: COUNT >= 0 and --batch >= 1')

    uapi = uapi_values(HEADER)
    nl = Genl()
    try:
        family = nl.family(uapi_name(HEADER))
    except NetlinkError as e:
        sys.exit(f'routes.py: {e}')
    msgs = route_requests(nl, uapi, family, args)
    nl.sndbuf(max((len(m) for m in msgs), default=0) + (64 << 10))

    before = meminfo()
    t0 = time.clock_gettime(time.CLOCK_MONOTONIC)
    for n, msg in enumerate(msgs):
        try:
            nl.transact(msg)
        except NetlinkError as e:
            sys.exit(f'routes.py: route-add request {n + 1} of {len(msgs)} '
                     f'(routes {args.offset + n * args.batch} and on): {e}')
    seconds = time.clock_gettime(time.CLOCK_MONOTONIC) - t0
    time.sleep(args.settle)
    after = meminfo()

    delta = {k: after.get(k, 0) - before.get(k, 0) for k in MEMINFO + ('MemFree',)}
    used = sum(delta[k] for k in MEMINFO)
    print(json.dumps({
        'type': 'routes-add', 'dev': args.dev, 'vni': args.vni, 'routes': args.count,
        'offset': args.offset, 'base': args.base, 'local': args.local,
        'batch': args.batch, 'requests': len(msgs),
        'request_bytes': sum(len(m) for m in msgs),
        'seconds': seconds,
        'routes_per_second': args.count / seconds if seconds > 0 else None,
        'meminfo_delta': delta, 'bytes': used,
        'bytes_per_route': used / args.count if args.count else None,
        'memfree_drop_bytes': -delta['MemFree'],
    }, sort_keys=True))


if __name__ == '__main__':
    main()
