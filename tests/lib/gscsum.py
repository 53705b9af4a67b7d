# SPDX-License-Identifier: GPL-2.0
"""What a receiving device is told of a frame's checksum.

  gscsum.py status DEV SRC PORT COUNT TIMEOUT
      capture on DEV (AF_PACKET, PACKET_AUXDATA) until COUNT IPv4 UDP
      frames from SRC to PORT came or TIMEOUT seconds passed; print
      "frames N verified V partial P": how many arrived marked checksum
      verified (TP_STATUS_CSUM_VALID) and checksum pending
      (TP_STATUS_CSUMNOTREADY); "listening" on stderr once it is
"""

import socket
import struct
import sys
import time

ETH_P_IP = 0x0800
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_CSUMNOTREADY = 1 << 3
TP_STATUS_CSUM_VALID = 1 << 7


def status(dev, src, port, count, timeout):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                      socket.htons(ETH_P_IP))
    s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    s.bind((dev, ETH_P_IP))
    print('listening', file=sys.stderr, flush=True)
    src = socket.inet_aton(src)
    frames = verified = partial = 0
    end = time.monotonic() + timeout
    while frames < count and time.monotonic() < end:
        s.settimeout(max(end - time.monotonic(), 0.01))
        try:
            data, anc, _, addr = s.recvmsg(256, socket.CMSG_SPACE(32))
        except socket.timeout:
            break
        if addr[2] == socket.PACKET_OUTGOING or len(data) < 28 or \
           data[9] != socket.IPPROTO_UDP or data[12:16] != src:
            continue
        ihl = (data[0] & 15) * 4
        if struct.unpack('!H', data[ihl + 2:ihl + 4])[0] != port:
            continue
        frames += 1
        for level, kind, aux in anc:
            if level == SOL_PACKET and kind == PACKET_AUXDATA:
                st = struct.unpack('I', aux[:4])[0]
                verified += bool(st & TP_STATUS_CSUM_VALID)
                partial += bool(st & TP_STATUS_CSUMNOTREADY)
    print(f'frames {frames} verified {verified} partial {partial}')


def main(argv):
    if argv[:1] == ['status'] and len(argv) == 6:
        status(argv[1], argv[2], int(argv[3]), int(argv[4]), float(argv[5]))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv[1:])
