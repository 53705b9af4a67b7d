#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn a device's offloads on or off through the legacy ethtool ioctl.

  features.py DEV FEATURE=on|off...     FEATURE: tso, gso, gro
  features.py DEV                       print them

The bench kernel has no ethtool netlink (allnoconfig leaves it out) and the
host may not have ethtool(8); SIOCETHTOOL is always there. Run it in the
device's namespace (ip netns exec NS ...).
"""

import ctypes
import fcntl
import socket
import struct
import sys

SIOCETHTOOL = 0x8946
# include/uapi/linux/ethtool.h: (get, set) commands on a struct ethtool_value
FEATURES = {
    'tso': (0x1e, 0x1f),
    'gso': (0x23, 0x24),
    'gro': (0x2b, 0x2c),
}


def ethtool_value(sock, dev, cmd, value=0):
    """One ETHTOOL_[GS]* request; returns the value the kernel left."""
    buf = ctypes.create_string_buffer(struct.pack('II', cmd, value))
    # struct ifreq: the name, then the union whose ifr_data points at buf.
    ifr = struct.pack('16sP16x', dev.encode(), ctypes.addressof(buf))
    fcntl.ioctl(sock.fileno(), SIOCETHTOOL, ifr)
    return struct.unpack_from('II', buf.raw)[1]


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    dev = argv[1]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for arg in argv[2:]:
        name, _, state = arg.partition('=')
        if name not in FEATURES or state not in ('on', 'off'):
            sys.exit(f'features.py: {arg}: FEATURE=on|off, FEATURE one of {", ".join(FEATURES)}')
        ethtool_value(sock, dev, FEATURES[name][1], int(state == 'on'))
    print(' '.join(f'{name}={"on" if ethtool_value(sock, dev, cmds[0]) else "off"}'
                   for name, cmds in FEATURES.items()))


if __name__ == '__main__':
    main(sys.argv)
