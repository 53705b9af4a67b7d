#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Allocation-failure injection for genevesec's write operations.

  gsfault.py setup       point failslab and fail_page_alloc at the module
                         (outside `ip netns exec`, which hides debugfs)
  gsfault.py [OP...]     every operation below, or the ones named

For each operation: build the device's state afresh, run the operation once
to learn what it changes and which events it sends; then fail the 1st, 2nd,
3rd ... allocation made from genevesec's code (fail-nth, with failslab's and
fail_page_alloc's stack-trace filter set to the module's text, so that the
netlink and socket layers around it allocate freely) until the operation
succeeds with nothing failed. Each failure must either be refused with the
state intact (the dumps equal the ones before) or, where the allocation was
not needed for the operation itself, give the same state as the clean run;
an event that could not be sent must reach its listener as ENOBUFS, never be
lost silently. kmemleak (the runner) finds what an error path leaked.

The debug kernel needs CONFIG_FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC,
FAULT_INJECTION_DEBUG_FS and FAULT_INJECTION_STACKTRACE_FILTER. Prints one
line per operation; "FAIL: ..." lines and status 1 for what went wrong.
"""

import errno
import os
import shlex
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gsnl  # noqa: E402  pylint: disable=wrong-import-position

DEBUGFS = '/sys/kernel/debug'
KEYS = [bytes([i]) * 16 for i in range(1, 9)]
# The device the operations start from: two networks (an IPv4 and an IPv6
# peer), routes of both kinds, a combined SA.
WORLD = [
    'link add gs0',
    'set gs0 vni 10 peer 192.0.2.2 route 10.10.0.0/24 route 10.11.0.1/32=10.12.0.0/16',
    f'set gs0 vni 10 sa rx-spi 0x100 tx-spi 0x200 rx-key {KEYS[0].hex()} '
    f'tx-key {KEYS[1].hex()}',
    'set gs0 vni 11 peer [2001:db8::2]:6081 route fd00::/64',
]
OPS = {
    'link-add': 'link add gs1 port 6082',
    'link-set': 'link set gs0 port 6090 ttl 9 udpcsum local 192.0.2.1',
    'net-new': 'set gs0 vni 12 peer 192.0.2.3 route 10.13.0.0/24',
    'net-set': 'set gs0 vni 10 peer [2001:db8::3]:6081',
    'route-add': 'set gs0 vni 10 route 10.14.0.0/24 route 10.15.0.0/16=10.16.0.0/16',
    'route-replace': 'set gs0 vni 10 route 10.17.0.0/24 replace-routes',
    'route-del': 'del gs0 vni 10 route 10.10.0.0/24',
    'net-del': 'del gs0 vni 10',
    'sa-new': f'set gs0 vni 10 sa rx-spi 0x101 tx-spi 0x201 rx-key {KEYS[2].hex()} '
              f'tx-key {KEYS[3].hex()}',
    'sa-new-rx': f'set gs0 vni 11 rx-sa spi 0x300 key {KEYS[4].hex()}',
    'sa-new-tx': f'set gs0 vni 11 tx-sa spi 0x301 key {KEYS[5].hex()}',
    'sa-new-manual': f'set gs0 vni 11 key spi 0x302 rx-key {KEYS[6].hex()} '
                     f'tx-key {KEYS[7].hex()}',
    'sa-del': 'del gs0 vni 10 rx-sa spi 0x100',
    'link-del': 'link del gs0',
}
# What changes by itself or names a device instance rather than the state.
VOLATILE = {'ifindex', 'expires-in', 'counter', 'packets', 'stats',
            'last-rx', 'last-tx', 'last-keepalive'}
FAIL_NTH = '/proc/thread-self/fail-nth'
MAX_SITES = 400


def write(path, value):
    with open(path, 'w', encoding='ascii') as f:
        f.write(value)


def module_text():
    """The module's address range as /proc/modules gives it."""
    with open('/proc/modules', encoding='ascii') as f:
        for line in f:
            words = line.split()
            if words[0] == 'genevesec':
                base = int(words[5], 16)
                if not base:
                    sys.exit('gsfault: /proc/modules hides the addresses')
                return base, base + int(words[1])
    sys.exit('gsfault: genevesec is not loaded')


def set_up_injection():
    start, end = module_text()
    for name in ('failslab', 'fail_page_alloc'):
        attrs = {'verbose': '0', 'ignore-gfp-wait': 'N', 'probability': '0',
                 'require-start': str(start), 'require-end': str(end),
                 'stacktrace-depth': '32'}
        if name == 'fail_page_alloc':
            attrs.update({'min-order': '0', 'ignore-gfp-highmem': 'N'})
        for attr, value in attrs.items():
            write(f'{DEBUGFS}/{name}/{attr}', value)


def stripped(obj):
    if isinstance(obj, dict):
        return {k: stripped(v) for k, v in obj.items() if k not in VOLATILE}
    if isinstance(obj, list):
        return [stripped(v) for v in obj]
    return obj


class Injector:
    """Arms fail-nth for the next write request of this thread only."""

    def __init__(self):
        self.pending = 0

    def fire(self):
        if self.pending:
            write(FAIL_NTH, str(self.pending))
            self.pending = 0

    @staticmethod
    def disarm():
        """True when the armed failure was injected."""
        with open(FAIL_NTH, encoding='ascii') as f:
            left = int(f.read())
        write(FAIL_NTH, '0')
        return left == 0


INJECT = Injector()


class Rtnl(gsnl.Rtnl):
    def request(self, mtype, flags, body):
        if mtype != self.RTM_GETLINK:
            INJECT.fire()
        return super().request(mtype, flags, body)


class Client(gsnl.Client):
    def request(self, op, attrs, dump=False):
        if not dump:
            INJECT.fire()
        return super().request(op, attrs, dump)

    @staticmethod
    def cmd_link(args):
        return Rtnl().link(args)


class Listener:
    """A member of the genevesec group: counts events, sees ENOBUFS."""

    def __init__(self):
        self.ynl, _ = gsnl._ynl()  # pylint: disable=protected-access
        self.ynl.ntf_subscribe('genevesec')
        self.ynl.sock.setblocking(False)

    def drain(self):
        """(events received, ENOBUFS seen) since the last drain."""
        events, lost = 0, False
        while True:
            try:
                data = self.ynl.sock.recv(65536)
            except BlockingIOError:
                return events, lost
            except OSError as e:
                if e.errno != errno.ENOBUFS:
                    raise
                lost = True
                continue
            off = 0
            while off + 16 <= len(data):
                mlen = int.from_bytes(data[off:off + 4], sys.byteorder)
                events += 1
                off += max((mlen + 3) & ~3, 16)


class Run:
    def __init__(self):
        self.client = Client()
        self.listener = Listener()
        self.failures = 0

    def fail(self, msg):
        print(f'FAIL: {msg}')
        self.failures += 1

    def cmd(self, line):
        return self.client.run(shlex.split(line))

    def state(self):
        names = sorted(n for _, n in socket.if_nameindex())
        out = {'links': names}
        for dev in ('gs0', 'gs1'):
            if dev not in names:
                continue
            c = self.client
            out[dev] = stripped({
                'link': Rtnl().link(['show', dev]),
                'nets': c.request('net-get', {'ifname': dev}, dump=True),
                'routes': c.cmd_routes([dev]),
                'sas': c.request('sa-get', {'ifname': dev}, dump=True),
            })
        return out

    def drop_devices(self):
        names = [n for _, n in socket.if_nameindex()]
        for dev in ('gs0', 'gs1'):
            if dev in names:
                self.cmd(f'link del {dev}')

    def world(self):
        self.drop_devices()
        for line in WORLD:
            self.cmd(line)
        self.listener.drain()
        return self.state()

    def attempt(self, line, nth):
        """(succeeded, failure injected, error text)"""
        INJECT.pending = nth
        try:
            self.cmd(line)
            ok, text = True, ''
        except (gsnl.RtnlError, self.client.NlError) as e:
            ok, text = False, gsnl.error_text(self.client, e)
        INJECT.pending = 0
        return ok, INJECT.disarm(), text

    def operation(self, name, line):
        before = self.world()
        ok, _, text = self.attempt(line, 0)
        if not ok:
            self.fail(f'{name}: fails without injection: {text}')
            return
        after = self.state()
        want_events, _ = self.listener.drain()
        self.world()
        refused = absorbed = 0
        for nth in range(1, MAX_SITES + 1):
            ok, injected, text = self.attempt(line, nth)
            now = self.state()
            events, lost = self.listener.drain()
            if not injected:
                if not ok:
                    self.fail(f'{name}: fails with nothing injected: {text}')
                elif now != after:
                    self.fail(f'{name}: state differs from the clean run')
                print(f'{name}: {nth - 1} allocations failed in turn: {refused} refused '
                      f'with the state intact, {absorbed} not needed')
                return
            if not ok:
                refused += 1
                if now != before:
                    self.fail(f'{name}: allocation {nth} failed ({text}) '
                              f'and the state changed')
                    before = self.world()
                if events:
                    self.fail(f'{name}: allocation {nth} failed and {events} events '
                              f'told of a change')
                continue
            absorbed += 1
            if now != after:
                self.fail(f'{name}: allocation {nth} failed, the operation succeeded, '
                          f'and the state differs from the clean run')
            if events < want_events and not lost:
                self.fail(f'{name}: allocation {nth} failed: {want_events - events} '
                          f'events lost without ENOBUFS to the listener')
            before = self.world()
        self.fail(f'{name}: still failing after {MAX_SITES} allocations')


def main(argv):
    if argv == ['setup']:
        set_up_injection()
        return 0
    unknown = [op for op in argv if op not in OPS]
    if unknown:
        sys.exit(f'gsfault: unknown operation {unknown[0]}; known: {" ".join(OPS)}')
    run = Run()
    for name in argv or OPS:
        run.operation(name, OPS[name])
    run.drop_devices()
    return 1 if run.failures else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
