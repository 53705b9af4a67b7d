# SPDX-License-Identifier: GPL-2.0
"""An independent implementation of the genevesec wire format, written from
the protocol description (Documentation/protocol.md), for the tests: it
builds and parses frames, seals and opens them with AES-GCM, so captures can
be decrypted on the host and crafted frames sent at the kernel.

Nothing here is shared with the kernel module; the two must agree only
through the bytes on the wire.
"""

import struct

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

HDR_LEN = 32
TAG_LEN = 16
OPT_CLASS = 0xFF00
OPT_KEY_EPOCH = 0x81
OPT_TX_COUNTER = 0x82
PROTO_KEEPALIVE = 0x0000
PROTO_IPV4 = 0x0800
PROTO_IPV6 = 0x86DD
PROTOS = (PROTO_KEEPALIVE, PROTO_IPV4, PROTO_IPV6)
PORT = 6081

# ver/optlen, flags, protocol, VNI<<8, class, type, len, SPI,
# class, type, len, nonce SPI, counter
_HDR = struct.Struct("!BBHIHBBIHBBIQ")
assert _HDR.size == HDR_LEN


class Malformed(ValueError):
    """The header is not exactly the genevesec layout."""


def build_header(proto, vni, spi, counter):
    """The 32-byte header for one frame."""
    if proto not in PROTOS:
        raise ValueError("protocol 0x%04x" % proto)
    return _HDR.pack(0x06, 0x40, proto, (vni & 0xFFFFFF) << 8,
                     OPT_CLASS, OPT_KEY_EPOCH, 1, spi,
                     OPT_CLASS, OPT_TX_COUNTER, 3, spi, counter)


def parse_header(payload):
    """Decode a UDP payload's header: a dict of its variable fields.

    Raises Malformed unless the payload holds at least a header and a tag
    and the header is exactly the genevesec layout.
    """
    if len(payload) < HDR_LEN + TAG_LEN:
        raise Malformed("too short: %d bytes" % len(payload))
    (vo, flags, proto, vni_word, c1, t1, l1, spi,
     c2, t2, l2, nonce_spi, counter) = _HDR.unpack_from(payload)
    if vo != 0x06:
        raise Malformed("version/option length 0x%02x" % vo)
    if flags != 0x40:
        raise Malformed("flags 0x%02x" % flags)
    if proto not in PROTOS:
        raise Malformed("protocol 0x%04x" % proto)
    if vni_word & 0xFF:
        raise Malformed("reserved byte set")
    if (c1, t1, l1) != (OPT_CLASS, OPT_KEY_EPOCH, 1):
        raise Malformed("KeyEpoch option")
    if (c2, t2, l2) != (OPT_CLASS, OPT_TX_COUNTER, 3):
        raise Malformed("TxCounter option")
    return {"proto": proto, "vni": vni_word >> 8, "spi": spi,
            "nonce_spi": nonce_spi, "counter": counter}


def inner_proto(packet):
    """The Geneve protocol type for an inner IP packet."""
    version = packet[0] >> 4
    if version == 4:
        return PROTO_IPV4
    if version == 6:
        return PROTO_IPV6
    raise ValueError("not an IP packet")


def seal(key, vni, spi, counter, plaintext, proto=None):
    """A complete UDP payload: header, ciphertext, tag."""
    if proto is None:
        proto = inner_proto(plaintext) if plaintext else PROTO_KEEPALIVE
    hdr = build_header(proto, vni, spi, counter)
    nonce = hdr[20:32]
    return hdr + AESGCM(key).encrypt(nonce, bytes(plaintext), hdr)


def open_(key, payload):
    """(fields, plaintext) of a UDP payload; raises on any failure."""
    fields = parse_header(payload)
    hdr = bytes(payload[:HDR_LEN])
    plain = AESGCM(key).decrypt(hdr[20:32], bytes(payload[HDR_LEN:]), hdr)
    return fields, plain
