# SPDX-License-Identifier: GPL-2.0
"""What a queue below the tunnel sees: a qdisc's backlog, ECN marks.

  gsqueue.py peak-backlog DEV -- CMD...
      run CMD; print the most bytes DEV's root qdisc held while it ran
  gsqueue.py udp-flood DST PORT SECONDS SNDBUF
      UDP GSO sends (16 x 1200 bytes) as fast as a SNDBUF-byte send
      buffer lets them go, for SECONDS
  gsqueue.py ect-send DST PORT SENDS SEGS
      SENDS UDP GSO sends of SEGS 1000-byte datagrams marked ECT(0), the
      datagram's index in its first 4 bytes
  gsqueue.py burst DST PORT SEGS SIZE
      one UDP GSO send of SEGS datagrams of SIZE bytes
  gsqueue.py ect-recv ADDR PORT COUNT TIMEOUT
      receive until COUNT datagrams came or none for TIMEOUT seconds;
      print "received R ce C"
"""

import json
import socket
import struct
import subprocess
import sys
import time

SOL_UDP = 17
UDP_SEGMENT = 103
SO_RCVBUFFORCE = 33


def backlog(dev):
    out = subprocess.run(['tc', '-s', '-j', 'qdisc', 'show', 'dev', dev],
                         capture_output=True, text=True, check=True).stdout
    return max((q.get('backlog', 0) for q in json.loads(out)
                if q.get('root')), default=0)


def peak_backlog(dev, cmd):
    proc = subprocess.Popen(cmd)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, backlog(dev))
        time.sleep(0.05)
    if proc.returncode:
        sys.exit(f'{cmd[0]} exited with {proc.returncode}')
    print(peak)


def udp_flood(dst, port, seconds, sndbuf):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, sndbuf)
    s.setsockopt(SOL_UDP, UDP_SEGMENT, 1200)
    s.connect((dst, port))
    buf = bytes(16 * 1200)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            s.send(buf)
        except ConnectionRefusedError:
            pass    # (nobody listens: the datagrams are the load)


def ect_send(dst, port, sends, segs):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, 0x02)
    s.setsockopt(SOL_UDP, UDP_SEGMENT, 1000)
    s.connect((dst, port))
    for i in range(sends):
        s.send(b''.join(struct.pack('!I', i * segs + j) + bytes(996)
                        for j in range(segs)))


def burst(dst, port, segs, size):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(SOL_UDP, UDP_SEGMENT, size)
    s.connect((dst, port))
    try:
        s.send(bytes(segs * size))
    except ConnectionRefusedError:
        pass    # (an ICMP error of an earlier send: nobody listens)


def ect_recv(addr, port, count, timeout):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 8 << 20)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_RECVTOS, 1)
    s.bind((addr, port))
    s.settimeout(timeout)
    got = ce = 0
    while got < count:
        try:
            _, anc, _, _ = s.recvmsg(2048, socket.CMSG_SPACE(1))
        except socket.timeout:
            break
        got += 1
        for level, kind, data in anc:
            if level == socket.IPPROTO_IP and kind == socket.IP_TOS and \
               data[0] & 3 == 3:
                ce += 1
    print(f'received {got} ce {ce}')


def main(argv):
    if argv[:1] == ['peak-backlog'] and argv[2:3] == ['--']:
        peak_backlog(argv[1], argv[3:])
    elif argv[:1] == ['udp-flood'] and len(argv) == 5:
        udp_flood(argv[1], int(argv[2]), float(argv[3]), int(argv[4]))
    elif argv[:1] == ['ect-send'] and len(argv) == 5:
        ect_send(argv[1], int(argv[2]), int(argv[3]), int(argv[4]))
    elif argv[:1] == ['burst'] and len(argv) == 5:
        burst(argv[1], int(argv[2]), int(argv[3]), int(argv[4]))
    elif argv[:1] == ['ect-recv'] and len(argv) == 5:
        ect_recv(argv[1], int(argv[2]), int(argv[3]), float(argv[4]))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv[1:])
