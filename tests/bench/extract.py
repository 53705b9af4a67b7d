#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The bench guest's parsers: each prints JSON lines for $GS_OUT/bench.jsonl.

  extract.py iperf CONFIG TEST FILE     one iperf3 -J result: bits/s, and
                                        packets/s for UDP
  extract.py tcrypt FILE                `modprobe tcrypt mode=211` results
                                        from a dmesg text (after the last
                                        "genevesec-bench: tcrypt" marker)
  extract.py aead-driver NAME           the driver the crypto API gives for
                                        an AEAD NAME, from /proc/crypto
  extract.py gsec-driver                the transmit SA's driver, from
                                        `genevesec show DEV -j` on stdin
  extract.py esp-packets                packets through the SAs, from
                                        `ip -s xfrm state` on stdin
  extract.py record KEY=VALUE...        one object (numbers stay numbers)
  extract.py kv TYPE [KEY=VALUE...]     one object of type TYPE from the
                                        "TYPE.key value" lines on stdin (the
                                        genevesec debugfs bench file), plus
                                        the KEY=VALUEs
"""

import json
import re
import sys


def emit(obj):
    print(json.dumps(obj, sort_keys=True))


def iperf(config, test, path):
    rec = {'type': 'iperf', 'config': config, 'test': test}
    try:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        rec['error'] = f'no iperf3 result: {e}'
        emit(rec)
        return
    if 'error' in data:
        rec['error'] = data['error']
    end = data.get('end', {})
    start = data.get('start', {})
    if 'tcp_mss_default' in start:
        rec['mss'] = start['tcp_mss_default']
    rec['streams'] = start.get('test_start', {}).get('num_streams')
    rx = end.get('sum_received') or {}
    tx = end.get('sum_sent') or {}
    if rx.get('bits_per_second') is not None:
        rec['bps'] = rx['bits_per_second']
    if tx.get('bits_per_second') is not None:
        rec['tx_bps'] = tx['bits_per_second']
    if test.startswith('udp'):
        # The receiver's view: what arrived, over its own time.
        if rx.get('seconds'):
            got = rx.get('packets', 0) - rx.get('lost_packets', 0)
            rec['pps'] = got / rx['seconds']
            rec['lost_percent'] = rx.get('lost_percent')
        if tx.get('seconds'):
            rec['tx_pps'] = tx.get('packets', 0) / tx['seconds']
    if 'sum_sent' in end and 'retransmits' in tx:
        rec['retransmits'] = tx['retransmits']
    if 'bps' not in rec and 'error' not in rec:
        rec['error'] = 'no throughput in the iperf3 result'
    emit(rec)


TCRYPT = re.compile(
    r'testing speed of (?P<alg>\S+) \((?P<driver>\S+)\) (?P<dir>encryption|decryption)'
    r'|test (?P<n>\d+) \((?P<bits>\d+) bit key, (?P<size>\d+) byte blocks\):'
    # (other messages may come between the two halves of a pr_cont() line)
    r'(?:(?!test \d+ \(|testing speed).)*?'
    r'(?:(?P<ops>\d+) operations in (?P<secs>\d+) seconds'
    r'|1 operation in (?P<cycles>\d+) cycles)')


def tcrypt(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        text = f.read()
    tsc = re.search(r'tsc: (?:Refined TSC clocksource calibration|Detected):? ([0-9.]+) MHz', text)
    mark = text.rfind('genevesec-bench: tcrypt')
    if mark >= 0:
        text = text[mark:]
    # One string without timestamps: pr_cont() output may have been split
    # over two lines when other messages came in between.
    text = ' '.join(re.sub(r'^\[\s*[0-9.]+\]\s*', '', line) for line in text.splitlines())
    alg = driver = direction = None
    count = 0
    for m in TCRYPT.finditer(text):
        if m.group('alg'):
            alg, driver = m.group('alg'), m.group('driver')
            direction = 'enc' if m.group('dir') == 'encryption' else 'dec'
            continue
        if alg is None:
            continue
        rec = {'type': 'crypto', 'alg': alg, 'driver': driver, 'dir': direction,
               'key_bits': int(m.group('bits')), 'size': int(m.group('size'))}
        if m.group('ops'):
            rec['ops'] = int(m.group('ops'))
            rec['secs'] = int(m.group('secs'))
            if rec['ops']:
                rec['ns_per_op'] = 1e9 * rec['secs'] / rec['ops']
        else:
            rec['cycles'] = int(m.group('cycles'))
        emit(rec)
        count += 1
    if count == 0:
        emit({'type': 'crypto-error', 'error': 'no tcrypt results in dmesg'})
    elif tsc:
        emit({'type': 'record', 'tsc_mhz': float(tsc.group(1))})


def aead_driver(name):
    """The crypto API's choice: the highest priority, not internal, tested."""
    best = None
    with open('/proc/crypto', encoding='utf-8') as f:
        blocks = f.read().split('\n\n')
    for block in blocks:
        alg = dict(re.findall(r'^(\w+)\s*:\s*(.*)$', block, re.M))
        if alg.get('name') != name or alg.get('internal') == 'yes':
            continue
        if alg.get('selftest', 'passed') != 'passed':
            continue
        prio = int(alg.get('priority', 0))
        if best is None or prio > best[0]:
            best = (prio, alg.get('driver', '?'))
    print(best[1] if best else 'unknown')


def gsec_driver():
    devs = json.load(sys.stdin)
    sas = [sa for dev in devs for net in dev.get('networks', []) for sa in net.get('sas', [])]
    sas.sort(key=lambda sa: sa.get('dir') != 'tx')
    print((sas[0].get('driver') or 'unknown') if sas else 'unknown')


def esp_packets():
    print(sum(int(p) for p in re.findall(r'\d+\(bytes\),\s*(\d+)\(packets\)', sys.stdin.read())))


def number(value):
    for conv in (int, float):
        try:
            return conv(value)
        except ValueError:
            pass
    return value


def record(pairs):
    rec = {}
    for pair in pairs:
        key, _, value = pair.partition('=')
        rec[key] = number(value)
    emit(rec)


def kv(rtype, pairs):
    """`tx.total_ns 12345.678` -> {"type": "tx", "total_ns": 12345.678}."""
    rec = {'type': rtype}
    for line in sys.stdin:
        key, _, value = line.strip().partition(' ')
        if key:
            rec[key.removeprefix(rtype + '.')] = number(value.strip())
    if len(rec) == 1:
        sys.exit(f'extract.py kv: no "{rtype}.key value" lines on stdin')
    for pair in pairs:
        key, _, value = pair.partition('=')
        rec[key] = number(value)
    emit(rec)


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ''
    args = argv[2:]
    if cmd == 'iperf' and len(args) == 3:
        iperf(*args)
    elif cmd == 'tcrypt' and len(args) == 1:
        tcrypt(args[0])
    elif cmd == 'aead-driver' and len(args) == 1:
        aead_driver(args[0])
    elif cmd == 'gsec-driver' and not args:
        gsec_driver()
    elif cmd == 'esp-packets' and not args:
        esp_packets()
    elif cmd == 'record':
        record(args)
    elif cmd == 'kv' and args:
        kv(args[0], args[1:])
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
