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
  gsnl.py link add|set NAME [OPTION...]   rtnetlink, options as ip-link's
  gsnl.py link del NAME
  gsnl.py link show NAME           the link attributes as JSON
  gsnl.py listen SECONDS           events of the genevesec group for that
                                   long, one JSON object a line:
                                   {"name": "sa-add-ntf", "msg": {...}}
  gsnl.py -f FILE|-                one command per line, in one process

KEY is HEX or @FILE (hex in the file). Errors print the kernel's extended
ack message and exit 1; in a batch, `!` before a command expects it to fail
and prints its error instead (for tables of bad requests).
"""

import ipaddress
import json
import os
import select
import shlex
import socket
import struct
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = os.path.join(REPO, 'Documentation/netlink/specs/genevesec.yaml')


def _ynl():
    ksrc = os.environ.get('GS_KSRC')
    if not ksrc:
        sys.exit('gsnl: GS_KSRC (the kernel source tree) is not set')
    ynl = os.path.join(ksrc, 'tools/net/ynl')
    # (In pyynl/ since 6.14.)
    if os.path.exists(os.path.join(ynl, 'pyynl/cli.py')):
        ynl = os.path.join(ynl, 'pyynl')
    sys.path.insert(0, ynl)
    from lib import YnlFamily, NlError  # pylint: disable=import-outside-toplevel
    return YnlFamily(SPEC, schema=''), NlError


def nla(atype, payload):
    """One netlink attribute, padded to four bytes."""
    return struct.pack('=HH', 4 + len(payload), atype) + payload + bytes(-len(payload) % 4)


class UsageError(Exception):
    pass


class RtnlError(Exception):
    pass


class Rtnl:
    """Just enough rtnetlink for genevesec links (IFLA_GENEVESEC_*)."""
    RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK = 16, 17, 18
    IFLA_IFNAME, IFLA_LINKINFO = 3, 18
    IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
    # name: (attribute, kind); kinds pack the value.
    ATTRS = {
        'port': (1, 'be16'), 'local': (2, 'in'), 'local6': (3, 'in6'),
        'mode': (4, 'u8'), 'srcport-hash': (5, 'u8'), 'udpcsum': (6, 'u8'),
        'ttl': (7, 'u8'), 'ttl-inherit': (8, 'u8'), 'tos': (9, 'u8'),
        'df': (10, 'u8'), 'peer-validation': (11, 'u8'),
        'rx-rate-limit': (12, 'u32'), 'keepalive': (13, 'u32'),
        'rekey-grace': (14, 'u32'), 'peer-mac': (15, 'mac'),
    }

    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
        self.sock.setsockopt(270, 11, 1)    # NETLINK_EXT_ACK
        self.sock.setsockopt(270, 10, 1)    # NETLINK_CAP_ACK
        self.seq = 0

    attr = staticmethod(nla)

    @staticmethod
    def attrs(data):
        out, off = {}, 0
        while off + 4 <= len(data):
            alen, atype = struct.unpack_from('=HH', data, off)
            if alen < 4:
                break
            out[atype & 0x3fff] = data[off + 4:off + alen]
            off += (alen + 3) & ~3
        return out

    def pack(self, name, value):
        atype, kind = self.ATTRS[name]
        if kind == 'mac':
            return self.attr(atype, bytes.fromhex(value.replace(':', '')))
        if kind not in ('in', 'in6') and isinstance(value, str):
            value = int(value, 0)
        if kind == 'be16':
            return self.attr(atype, struct.pack('!H', value))
        if kind == 'in':
            return self.attr(atype, socket.inet_aton(value))
        if kind == 'in6':
            return self.attr(atype, socket.inet_pton(socket.AF_INET6, value))
        if kind == 'u8':
            return self.attr(atype, struct.pack('B', value))
        return self.attr(atype, struct.pack('=I', value))

    def options(self, args):
        data = b''
        words = {'srcport-hash': ('srcport-hash', 1), 'nosrcport-hash': ('srcport-hash', 0),
                 'udpcsum': ('udpcsum', 1), 'noudpcsum': ('udpcsum', 0),
                 'peer-validation': ('peer-validation', 1),
                 'nopeer-validation': ('peer-validation', 0)}
        while args:
            word = args.pop(0)
            if word in words:
                data += self.pack(*words[word])
                continue
            if not args:
                raise UsageError(f'{word} needs a value')
            value = args.pop(0)
            if word == 'local':
                ip = ipaddress.ip_address(value)
                data += self.pack('local' if ip.version == 4 else 'local6', value)
            elif word == 'mode':
                data += self.pack('mode', {'l3': 0, 'l2': 1}[value])
            elif word == 'tos' and value == 'inherit':
                data += self.pack('tos', 1)
            elif word == 'ttl':
                data += self.pack('ttl-inherit', 1) if value == 'inherit' \
                    else self.pack('ttl', value)
            elif word == 'df':
                data += self.pack('df', {'set': 1, 'unset': 0}[value])
            elif word in self.ATTRS:
                data += self.pack(word, value)
            else:
                raise UsageError(f'unknown link option "{word}"')
        return data

    def request(self, mtype, flags, body):
        self.seq += 1
        msg = struct.pack('=IHHII', 16 + len(body), mtype, flags | 1, self.seq, 0) + body
        self.sock.sendto(msg, (0, 0))
        reply = b''
        while True:
            data = self.sock.recv(65536)
            off = 0
            while off < len(data):
                mlen, rtype, rflags, _, _ = struct.unpack_from('=IHHII', data, off)
                payload = data[off + 16:off + mlen]
                off += (mlen + 3) & ~3
                if rtype == 2:       # NLMSG_ERROR
                    err = struct.unpack_from('=i', payload)[0]
                    if err:
                        tlv = self.attrs(payload[20:]) if rflags & 0x200 else {}
                        text = tlv.get(1, b'').rstrip(b'\0').decode()
                        raise RtnlError(f'{os.strerror(-err)}: {text}'.rstrip(': '))
                    return reply
                reply = payload
                if not flags & 4:
                    return reply

    def link(self, args):
        op, name = args[0], args[1]
        if op == 'show':
            body = struct.pack('=BxHiII', 0, 0, 0, 0, 0) + \
                self.attr(self.IFLA_IFNAME, name.encode() + b'\0')
            reply = self.request(self.RTM_GETLINK, 0, body)
            info = self.attrs(self.attrs(reply[16:])[self.IFLA_LINKINFO])
            data = self.attrs(info.get(self.IFLA_INFO_DATA, b''))
            out = {}
            for key, (atype, kind) in self.ATTRS.items():
                if atype not in data:
                    continue
                raw = data[atype]
                out[key] = (struct.unpack('!H', raw)[0] if kind == 'be16' else
                            socket.inet_ntoa(raw) if kind == 'in' else
                            socket.inet_ntop(socket.AF_INET6, raw) if kind == 'in6' else
                            raw[0] if kind == 'u8' else raw.hex(':') if kind == 'mac' else
                            struct.unpack('=I', raw)[0])
            return out
        if op == 'del':
            body = struct.pack('=BxHiII', 0, 0, 0, 0, 0) + \
                self.attr(self.IFLA_IFNAME, name.encode() + b'\0')
            self.request(self.RTM_DELLINK, 4, body)
            return None
        flags = {'add': 0x400 | 0x200 | 4, 'set': 4}[op]
        linkinfo = self.attr(self.IFLA_INFO_KIND, b'genevesec\0') + \
            self.attr(self.IFLA_INFO_DATA, self.options(args[2:]))
        body = struct.pack('=BxHiII', 0, 0, 0, 0, 0) + \
            self.attr(self.IFLA_IFNAME, name.encode() + b'\0') + \
            self.attr(self.IFLA_LINKINFO, linkinfo)
        self.request(self.RTM_NEWLINK, flags, body)
        return None


class Client:
    def __init__(self):
        self.ynl, self.NlError = _ynl()

    # ---- requests ---------------------------------------------------------

    def request(self, op, attrs, dump=False):
        attrs = self._binary(self.ynl.ops[op].attr_set.name, attrs)
        if dump:
            return self.ynl.dump(op, attrs)
        return self.ynl.do(op, attrs)

    def _binary(self, set_name, attrs):
        """Hex strings given for binary attributes, as bytes: the YNL
        library of 6.14 and later reads a string given for an address
        attribute as its text form (2001:db8::1), the older as hex."""
        aset = self.ynl.attr_sets[set_name]
        out = {}
        for name, value in attrs.items():
            spec = aset.attrs.get(name)
            if spec is not None and spec.type == 'binary' and isinstance(value, str):
                try:
                    value = bytes.fromhex(value)
                except ValueError:
                    pass
            elif spec is not None and spec.type == 'nest' and \
                    isinstance(value, (dict, list)):
                nested = spec.yaml['nested-attributes']
                if isinstance(value, dict):
                    value = self._binary(nested, value)
                else:
                    value = [self._binary(nested, v) if isinstance(v, dict) else v
                             for v in value]
            out[name] = value
        return out

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

    @staticmethod
    def cmd_link(args):
        return Rtnl().link(args)

    def cmd_listen(self, args):
        """Print the group's events as they come, for args[0] seconds."""
        end = time.monotonic() + float(args[0])
        self.ynl.ntf_subscribe('genevesec')
        while (left := end - time.monotonic()) > 0:
            if select.select([self.ynl.sock], [], [], left)[0]:
                self.ynl.check_ntf()
            while self.ynl.async_msg_queue:
                emit(self.ynl.async_msg_queue.pop(0))
                sys.stdout.flush()

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
        except (UsageError, RtnlError, client.NlError, ValueError, KeyError, IndexError) as e:
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
        except (UsageError, RtnlError, client.NlError, ValueError, KeyError, IndexError) as e:
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
