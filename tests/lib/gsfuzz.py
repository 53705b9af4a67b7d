#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Seeded fuzzers against a live genevesec tunnel (tests/selftests/fuzz.sh).

  gsfuzz.py netlink SEED SECONDS DEV KEEP_VNI
      Generic-netlink requests built from the YAML spec: every operation,
      as a request and as a dump, with random subsets of its attribute
      set, edge values, wrong lengths, nesting, duplicates, unknown ids
      and random request flags. Network KEEP_VNI (the tunnel carrying
      traffic meanwhile) is never named. Run in the device's namespace.

  gsfuzz.py frames SEED SECONDS RX_KEY SPI VNI
      Hostile frames at h1's port from h2 (the gs_tunnel set-up): genuine
      frames, each once, among truncated, extended, bit-flipped and
      replayed copies, frames under other keys and SPIs, and garbage.
      Every genuine frame must be delivered exactly once and nothing
      else: h1's gs0 is watched for the frames' marked inner packets.

Both print their seed and a summary, and exit 1 on a failed check. The
same seed gives the same inputs (what the kernel answers may still
differ with timing).
"""

import collections
import errno
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gscraft  # noqa: E402
import gsnl  # noqa: E402
import gsproto  # noqa: E402

NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300
# Request flags a genetlink request may carry, with or without meaning.
EXTRA_FLAGS = (0x8, 0x10, 0x100, 0x200, 0x400, 0x800)
# What a request that means something names: in sane requests, always.
SANE_ALWAYS = ('ifindex', 'vni', 'spi', 'key', 'local', 'remote',
               'local-plen', 'remote-plen', 'rx')
NLA_F_NESTED = 0x8000
INT_SIZES = {'u8': 1, 'u16': 2, 'u32': 4, 'u64': 8,
             's8': 1, 's16': 2, 's32': 4, 's64': 8}


def nla_id(attr, rnd):
    """The attribute's type, flagged nested for a nest (strict validation
    wants the flag; now and then it is left out)."""
    if attr.type in ('nest', 'indexed-array') and rnd.random() < 0.95:
        return attr.value | NLA_F_NESTED
    return attr.value


class NetlinkFuzzer:
    def __init__(self, rnd, dev, keep_vni):
        self.rnd, self.keep_vni = rnd, keep_vni
        self.client = gsnl.Client()
        self.ynl = self.client.ynl
        self.family = self.ynl.nlproto.family_id
        self.ifindex = self.client.request('dev-get', {'ifname': dev})['ifindex']
        self.dev = dev.encode()
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
        self.sock.setsockopt(270, 11, 1)    # SOL_NETLINK, NETLINK_EXT_ACK
        self.sock.settimeout(5)
        self.seq = 0
        self.answers = collections.Counter()

    def aset(self, name):
        return self.ynl.attr_sets[name]

    def sane(self, attr, depth):
        """A payload the kernel may well accept, so that requests reach
        the state behind validation (networks, routes, SAs to change)."""
        rnd = self.rnd
        name, kind = attr.name, attr.type
        if name in ('vni', 'spi'):
            return struct.pack('=I', rnd.choice((1, 2, 3)) << (8 if name == 'spi' else 0))
        if name in ('local', 'remote', 'peer6'):
            return bytes([10, 9, rnd.randrange(4), rnd.randrange(4)]) if \
                name != 'peer6' and rnd.random() < 0.6 else \
                bytes.fromhex('fd09') + bytes(12) + bytes([0, rnd.randrange(4)])
        if name in ('local-plen', 'remote-plen'):
            return bytes([rnd.choice((0, 8, 24, 32, 64, 128))])
        if name == 'peer4':
            return bytes([192, 0, 2, rnd.randrange(10, 20)])
        if name == 'key':
            return rnd.randbytes(rnd.choice((16, 32)))
        if name == 'dir':
            return struct.pack('=I', rnd.randrange(2))
        if kind in ('nest', 'indexed-array') and depth < 3:
            nested = self.aset(attr.yaml['nested-attributes'])
            return self.attrs(nested, depth + 1, request=list(nested.attrs), sane=True)
        if kind in INT_SIZES or kind == 'uint':
            size = INT_SIZES.get(kind) or 4
            return rnd.choice((1, 2, 60, 3600)).to_bytes(size, 'little')
        return self.value(attr, depth, wrong=False)

    def value(self, attr, depth, wrong=True):
        """A payload for one attribute, right or subtly wrong."""
        rnd = self.rnd
        kind = attr.type
        name = attr.name
        if wrong and rnd.random() < 0.07:      # any length at all
            return rnd.randbytes(rnd.choice((0, 1, 2, 3, 5, 7, 9, 17)))
        if name == 'ifindex':
            return struct.pack('=I', rnd.choice((self.ifindex,) * 6 + (0, 1, 2**31, 2**32 - 1)))
        if name == 'ifname':
            return rnd.choice((self.dev + b'\0',) * 4 + (b'lo\0', b'\0', b'x' * 16 + b'\0',
                                                         self.dev, b'nope\0'))
        if name == 'vni':
            vni = rnd.choice((1, 2, 3, 0, 1 << 24, (1 << 24) - 1, 2**32 - 1,
                              rnd.getrandbits(24)))
            return struct.pack('=I', vni + 1 if vni == self.keep_vni else vni)
        if name == 'key':
            return rnd.randbytes(rnd.choice((16, 16, 32, 32, 0, 15, 17, 31, 33, 64)))
        if kind in INT_SIZES or kind == 'uint':
            size = INT_SIZES.get(kind) or rnd.choice((4, 8))
            bits = size * 8
            v = rnd.choice((0, 1, 2, 0x7f, 0x80, (1 << bits) - 1, (1 << bits) - 2,
                            1 << (bits - 1), rnd.getrandbits(bits)))
            order = '>' if attr.yaml.get('byte-order') == 'big-endian' else '<'
            return v.to_bytes(size, 'big' if order == '>' else 'little')
        if kind == 'flag':
            return b''
        if kind == 'string':
            s = bytes(rnd.choice(b'abcxyz09-_.') for _ in range(rnd.randrange(0, 20)))
            return s + (b'\0' if rnd.random() < 0.8 else b'')
        if kind in ('nest', 'indexed-array') and depth < 3:
            return self.attrs(self.aset(attr.yaml['nested-attributes']), depth + 1)
        # binary, or too deep
        return rnd.randbytes(rnd.choice((0, 1, 4, 4, 16, 16, 15, 17, 32, 200)))

    def attrs(self, aset, depth=0, request=None, sane=False):
        """Attributes of aset: mostly of the request's own list (others
        fail strict validation at once), sometimes of the whole set; sane:
        the device named, values the kernel may accept, and one mutation
        at most."""
        rnd = self.rnd
        all_attrs = list(aset.attrs.values())
        pool = all_attrs
        if request and (sane or rnd.random() < 0.9):
            pool = [aset[name] for name in request]
        if sane:
            picked = [a for a in pool if a.name in SANE_ALWAYS or rnd.random() < 0.4]
            out = b''.join(gsnl.nla(nla_id(a, rnd), self.value(a, depth) if a.name == 'ifindex'
                               else self.sane(a, depth)) for a in picked)
            if picked and rnd.random() < 0.3:
                a = rnd.choice(picked)
                out += gsnl.nla(nla_id(a, rnd), self.value(a, depth))
            return out
        out = b''
        for attr in rnd.sample(pool, rnd.randrange(0, len(pool) + 1)):
            for _ in range(2 if rnd.random() < 0.1 else 1):    # duplicates
                out += gsnl.nla(nla_id(attr, rnd), self.value(attr, depth))
        if rnd.random() < 0.1:      # an id the set does not have
            top = max(a.value for a in all_attrs)
            out += gsnl.nla(rnd.choice((0, top + 1, top + 7, 0x3fff)), rnd.randbytes(4))
        if rnd.random() < 0.05:     # a nest flag on a plain attribute
            out += struct.pack('=HH', 8, 0x8000 | rnd.choice(all_attrs).value) + rnd.randbytes(4)
        return out

    def one(self):
        rnd = self.rnd
        op = rnd.choice(list(self.ynl.ops.values()))
        if not getattr(op, 'req_value', None) or op.is_async:
            return
        dump = 'dump' in op.yaml and ('do' not in op.yaml or rnd.random() < 0.4)
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        if rnd.random() < 0.05:
            flags |= rnd.choice(EXTRA_FLAGS)
        aset = op.attr_set if not isinstance(op.attr_set, str) else self.aset(op.attr_set)
        request = op.yaml.get('dump' if dump else 'do', {}).get('request', {})
        body = struct.pack('=BBH', op.req_value, rnd.choice((1, 1, 1, 1, 0, 2)), 0) + \
            self.attrs(aset, request=request.get('attributes'), sane=rnd.random() < 0.5)
        self.seq += 1
        self.sock.send(struct.pack('=IHHII', 16 + len(body), self.family, flags,
                                   self.seq, 0) + body)
        self.answers[(op.name, self.read())] += 1

    def read(self):
        """Until the request's end: its error code, or 'dump'."""
        got = 'dump'
        while True:
            data = self.sock.recv(1 << 17)
            off = 0
            while off < len(data):
                mlen, mtype, _, seq = struct.unpack_from('=IHHI', data, off)
                if mlen < 16:
                    raise RuntimeError(f'a message of {mlen} bytes')
                if seq != self.seq:     # the end of an earlier request
                    off += (mlen + 3) & ~3
                    continue
                if mtype == 2:      # NLMSG_ERROR: the ACK or the error
                    err = -struct.unpack_from('=i', data, off + 16)[0]
                    return errno.errorcode.get(err, str(err)) if err else 'ok'
                if mtype == 3:      # NLMSG_DONE
                    got = 'done'
                off += (mlen + 3) & ~3
            if got == 'done':
                return 'dump'


def fuzz_netlink(seed, seconds, dev, keep_vni):
    rnd = random.Random(seed)
    f = NetlinkFuzzer(rnd, dev, keep_vni)
    n = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        f.one()
        n += 1
    print(f'netlink: seed {seed}, {n} requests')
    for (op, answer), count in sorted(f.answers.items()):
        print(f'  {op:10} {answer:12} {count}')
    if not any(a == 'ok' for (_, a) in f.answers):
        print('FAIL - no request succeeded: the fuzzer never reached the state')
        return 1
    return 0


# ---- frames -----------------------------------------------------------------

def mutants(rnd, frame, n):
    """n copies of frame, each different from it in another way."""
    out = []
    while len(out) < n:
        m = bytearray(frame)
        how = rnd.randrange(5)
        if how == 0:        # truncated, maybe into the header
            m = m[:rnd.randrange(0, len(m))]
        elif how == 1:      # longer
            m += rnd.randbytes(rnd.randrange(1, 40))
        elif how == 2:      # one bit anywhere
            i = rnd.randrange(len(m) * 8)
            m[i // 8] ^= 1 << (i % 8)
        elif how == 3:      # a few bytes in the header (options, SPI, counter)
            for _ in range(rnd.randrange(1, 4)):
                m[rnd.randrange(0, 32)] = rnd.getrandbits(8)
        else:               # a byte in the ciphertext or tag
            m[rnd.randrange(32, len(m))] ^= rnd.randrange(1, 256)
        if bytes(m) != frame:
            out.append(bytes(m))
    return out


def fuzz_frames(seed, seconds, key, spi, vni):
    rnd = random.Random(seed)
    h = gscraft.Harness(key, spi, vni)
    h.inner.settimeout(0)
    before = h.counters()
    genuine, delivered, sent = set(), collections.Counter(), collections.Counter()

    def drain():
        while True:
            try:
                pkt = h.inner.recv(65536)
            except (BlockingIOError, socket.timeout):
                return
            # Echo requests only: h1's own replies carry the marker too.
            if len(pkt) > 28 and pkt[9] == 1 and pkt[20] == 8 and b'gsfuzz-' in pkt:
                delivered[pkt[pkt.index(b'gsfuzz-'):]] += 1

    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end:
        marker = b'gsfuzz-%08d' % i
        i += 1
        frame = h.frame(gscraft.icmp_echo('10.0.0.2', '10.0.0.1', marker))
        batch = mutants(rnd, frame, rnd.randrange(2, 8))
        batch.append(gsproto.seal(os.urandom(16), vni, spi, h.next_counter(),
                                  gscraft.icmp_echo('10.0.0.2', '10.0.0.1', marker + b'k')))
        batch.append(h.frame(gscraft.icmp_echo('10.0.0.2', '10.0.0.1', marker + b's'),
                             spi=spi + rnd.randrange(1, 1000)))
        batch.append(rnd.randbytes(rnd.randrange(0, 120)))
        rnd.shuffle(batch)
        at = rnd.randrange(len(batch) + 1)
        # The genuine frame once among the others, then replayed.
        replays = rnd.randrange(1, 3)
        for payload in batch[:at] + [frame] + batch[at:] + [frame] * replays:
            h.send(payload)
        sent['hostile'] += len(batch) + replays
        genuine.add(marker)
        drain()
    time.sleep(1)
    drain()
    after = h.counters()
    print(f'frames: seed {seed}, {len(genuine)} genuine, {sent["hostile"]} hostile'
          f' (replays included)')
    moved = {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)}
    print(f'  counters moved: {moved}')
    bad = {m: c for m, c in delivered.items() if m not in genuine or c != 1}
    missing = genuine - set(delivered)
    if bad:
        print(f'FAIL - delivered what was not genuine, or more than once: '
              f'{dict(list(bad.items())[:5])}')
        return 1
    if missing:
        print(f'FAIL - {len(missing)} genuine frames not delivered, e.g. {sorted(missing)[:3]}')
        return 1
    if moved.get('rx_packets') != len(genuine):
        print(f'FAIL - rx_packets moved by {moved.get("rx_packets")}, {len(genuine)} genuine')
        return 1
    return 0


def main(argv):
    seed, seconds = int(argv[1]), float(argv[2])
    if argv[0] == 'netlink':
        return fuzz_netlink(seed, seconds, argv[3], int(argv[4], 0))
    if argv[0] == 'frames':
        return fuzz_frames(seed, seconds, bytes.fromhex(argv[3]), int(argv[4], 0),
                           int(argv[5], 0))
    sys.exit(__doc__)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
