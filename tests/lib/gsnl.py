#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Test client for the genevesec generic-netlink family.

Speaks the family through the kernel's own YNL library (tools/net/ynl from
linux-source-6.12) and the project's YAML spec, with a command syntax close
to the `genevesec` tool's, so that the selftests' configuration helper can
switch to that tool without changing the tests:

  gsnl.py set DEV vni VNI [peer ADDR[:PORT] | peer [ADDR6]:PORT]
               [route LOCAL=REMOTE | route PREFIX]... [replace-routes]
               [sa rx-spi SPI tx-spi SPI rx-key KEY tx-key KEY [lifetime S]]
               [rx-sa spi SPI key KEY [lifetime S]]
               [tx-sa spi SPI key KEY [lifetime S]]
               [key spi SPI rx-key KEY tx-key KEY [lifetime S]]
  gsnl.py del DEV vni VNI [route ...]... [rx-sa spi SPI]
  gsnl.py show DEV [vni VNI]       networks as JSON (counters by spec name)
  gsnl.py sas DEV [vni VNI]        SAs as JSON
  gsnl.py routes DEV [vni VNI]     routes as JSON
  gsnl.py dev DEV                  the device as JSON
  gsnl.py raw OP JSON              one request, attributes as the spec names
  gsnl.py -f FILE|-                one command per line, in one process

KEY is HEX or @FILE (hex in the file). Errors print the kernel's extended
ack message and exit 1; in a batch, `!` before a command expects it to fail
and prints its error instead (for tables of bad requests).
"""

import ipaddress
import json
import os
import shlex
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = os.path.join(REPO, 'Documentation/netlink/specs/genevesec.yaml')


def _ynl():
    ksrc = os.environ.get('GS_KSRC')
    if not ksrc:
        sys.exit('gsnl: GS_KSRC (the kernel source tree) is not set')
    sys.path.insert(0, os.path.join(ksrc, 'tools/net/ynl'))
    from lib import YnlFamily, NlError  # pylint: disable=import-outside-toplevel
    return YnlFamily(SPEC, schema=''), NlError


class UsageError(Exception):
    pass


class Client:
    def __init__(self):
        self.ynl, self.NlError = _ynl()

    # ---- requests ---------------------------------------------------------

    def request(self, op, attrs, dump=False):
        if dump:
            return self.ynl.dump(op, attrs)
        return self.ynl.do(op, attrs)

    # ---- argument parsing ---------------------------------------------------

    @staticmethod
    def dev_attrs(dev):
        return {'ifindex': int(dev)} if dev.isdigit() else {'ifname': dev}

    @staticmethod
    def key(text):
        if text.startswith('@'):
            with open(text[1:], encoding='ascii') as f:
                text = f.read().strip()
        try:
            raw = bytes.fromhex(text)
        except ValueError as e:
            raise UsageError('a key is hexadecimal') from e
        if len(raw) not in (16, 32):
            raise UsageError('a key is 16 or 32 bytes')
        return raw.hex()

    @staticmethod
    def peer(text):
        if text.startswith('['):
            addr, _, port = text[1:].partition(']')
            port = port.lstrip(':')
        elif text.count(':') == 1:
            addr, port = text.split(':')
        else:
            addr, port = text, ''
        ip = ipaddress.ip_address(addr)
        attrs = {}
        if ip.version == 4:
            attrs['peer4'] = int(ip)
        else:
            attrs['peer6'] = ip.packed.hex()
        if port:
            attrs['peer-port'] = int(port)
        return attrs

    @staticmethod
    def route(text):
        local, sep, remote = text.partition('=')
        if not sep:
            remote = local
        ln = ipaddress.ip_network(local, strict=False)
        rn = ipaddress.ip_network(remote, strict=False)
        if ln.version != rn.version:
            raise UsageError(f'route {text}: one family on both sides')
        return {'local': ln.network_address.packed.hex(),
                'local-plen': ln.prefixlen,
                'remote': rn.network_address.packed.hex(),
                'remote-plen': rn.prefixlen}

    @staticmethod
    def words(args, spec):
        """Parse KEY VALUE pairs named in spec; returns a dict."""
        out = {}
        while args and args[0] in spec:
            word = args.pop(0)
            if not args:
                raise UsageError(f'{word} needs a value')
            out[word] = spec[word](args.pop(0))
        return out

    def sa_key(self, spi, key, lifetime):
        attrs = {'spi': int(spi, 0), 'key': self.key(key)}
        if lifetime is not None:
            attrs['lifetime'] = int(lifetime)
        return attrs

    # ---- commands ---------------------------------------------------------

    def cmd_set(self, args):
        dev = args.pop(0)
        base = self.dev_attrs(dev)
        net = {}
        routes = []
        replace = False
        sa = None
        while args:
            word = args.pop(0)
            if word == 'vni':
                base['vni'] = int(args.pop(0), 0)
            elif word == 'peer':
                net.update(self.peer(args.pop(0)))
            elif word == 'route':
                routes.append(self.route(args.pop(0)))
            elif word == 'replace-routes':
                replace = True
            elif word in ('sa', 'rx-sa', 'tx-sa', 'key'):
                v = self.words(args, {w: str for w in (
                    'spi', 'rx-spi', 'tx-spi', 'key', 'rx-key', 'tx-key',
                    'lifetime')})
                life = v.get('lifetime')
                if word == 'sa':
                    sa = {'rx': self.sa_key(v['rx-spi'], v['rx-key'], life),
                          'tx': self.sa_key(v['tx-spi'], v['tx-key'], life)}
                elif word == 'rx-sa':
                    sa = {'rx': self.sa_key(v['spi'], v['key'], life)}
                elif word == 'tx-sa':
                    sa = {'tx': self.sa_key(v['spi'], v['key'], life)}
                else:
                    sa = {'rx': self.sa_key(v['spi'], v['rx-key'], life),
                          'tx': self.sa_key(v['spi'], v['tx-key'], life),
                          'manual': True}
            else:
                raise UsageError(f'unknown word "{word}"')
        if 'vni' not in base:
            raise UsageError('set needs a vni')
        exists = any(n['vni'] == base['vni'] for n in
                     self.request('net-get', self.dev_attrs(dev), dump=True))
        attrs = dict(base, **net)
        if routes:
            attrs['route'] = routes
        if not exists:
            self.request('net-new', attrs)
        elif net or routes or replace:
            if replace:
                attrs['replace-routes'] = True
            self.request('net-set', attrs)
        if sa:
            self.request('sa-new', dict(base, **sa))

    def cmd_del(self, args):
        dev = args.pop(0)
        base = self.dev_attrs(dev)
        routes = []
        spi = None
        while args:
            word = args.pop(0)
            if word == 'vni':
                base['vni'] = int(args.pop(0), 0)
            elif word == 'route':
                routes.append(self.route(args.pop(0)))
            elif word == 'rx-sa':
                spi = self.words(args, {'spi': lambda s: int(s, 0)})['spi']
            else:
                raise UsageError(f'unknown word "{word}"')
        if routes:
            self.request('route-del', dict(base, route=routes))
        if spi is not None:
            self.request('sa-del', dict(base, spi=spi))
        if not routes and spi is None:
            self.request('net-del', base)

    @staticmethod
    def flat_stats(obj):
        stats = obj.pop('stats', {})
        for k, v in stats.items():
            obj[k.replace('-', '_')] = v
        return obj

    def filtered(self, op, args):
        dev = args.pop(0)
        attrs = self.dev_attrs(dev)
        if args[:1] == ['vni']:
            attrs['vni'] = int(args[1], 0)
        return self.request(op, attrs, dump=True)

    def cmd_show(self, args):
        nets = self.request('net-get', self.dev_attrs(args[0]), dump=True)
        if args[1:2] == ['vni']:
            nets = [n for n in nets if n['vni'] == int(args[2], 0)]
        for n in nets:
            self.flat_stats(n)
            if 'peer4' in n:
                n['peer4'] = str(ipaddress.ip_address(n['peer4']))
        return nets

    def cmd_sas(self, args):
        out = self.filtered('sa-get', args)
        for sa in out:
            sa['fingerprint'] = sa['fingerprint'].hex() \
                if isinstance(sa['fingerprint'], bytes) else sa['fingerprint']
        return out

    def cmd_routes(self, args):
        out = []
        for msg in self.filtered('route-get', args):
            for r in msg['route'] if isinstance(msg['route'], list) else [msg['route']]:
                loc = ipaddress.ip_address(bytes(r['local']))
                rem = ipaddress.ip_address(bytes(r['remote']))
                out.append({'vni': msg['vni'],
                            'route': f"{loc}/{r['local-plen']}={rem}/{r['remote-plen']}"})
        return out

    def cmd_dev(self, args):
        return self.flat_stats(self.request('dev-get', self.dev_attrs(args[0])))

    def cmd_raw(self, args):
        op, attrs = args[0], json.loads(args[1]) if len(args) > 1 else {}
        dump = op.endswith(':dump')
        return self.request(op.removesuffix(':dump'), attrs, dump=dump)

    def run(self, argv):
        if not argv:
            raise UsageError('no command')
        cmd = getattr(self, 'cmd_' + argv[0].replace('-', '_'), None)
        if cmd is None:
            raise UsageError(f'unknown command "{argv[0]}"')
        return cmd(list(argv[1:]))


def error_text(client, e):
    if isinstance(e, client.NlError):
        msg = (e.nl_msg.extack or {}).get('msg', '')
        return f'{os.strerror(-e.nl_msg.error)}: {msg}'.rstrip(': ')
    return str(e)


def emit(result):
    if result is not None:
        print(json.dumps(result, default=lambda o: o.hex() if isinstance(o, bytes) else str(o)))


def main(argv):
    if argv[:1] == ['-h'] or argv[:1] == ['--help'] or not argv:
        print(__doc__)
        return 0
    client = Client()
    if argv[0] != '-f':
        try:
            emit(client.run(argv))
        except (UsageError, client.NlError, ValueError, KeyError, IndexError) as e:
            print(f'error: {error_text(client, e)}', file=sys.stderr)
            return 1
        return 0
    lines = sys.stdin if argv[1] == '-' else open(argv[1], encoding='utf-8')
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        expect_fail = line.startswith('!')
        words = shlex.split(line.lstrip('!'))
        try:
            result = client.run(words)
        except (UsageError, client.NlError, ValueError, KeyError, IndexError) as e:
            if expect_fail:
                print(f'refused: {line.lstrip("!").strip()}: {error_text(client, e)}')
                continue
            print(f'error: line {n}: {error_text(client, e)}', file=sys.stderr)
            return 1
        if expect_fail:
            print(f'error: line {n}: succeeded but should fail: {line}', file=sys.stderr)
            return 1
        emit(result)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
