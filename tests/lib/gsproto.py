# SPDX-License-Identifier: GPL-2.0
"""An independent implementation of the genevesec wire format, written from
the protocol description (Documentation/protocol.md), for the tests: it
builds and parses frames, seals and opens them with AES-GCM, so captures can
be decrypted on the host and crafted frames sent at the kernel.

Nothing here is shared with the kernel module; the two must agree only
through the bytes on the wire.
"""

import ctypes
import struct

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


class InvalidTag(ValueError):
    """The frame does not authenticate under the key."""


# AES-GCM from OpenSSL's libcrypto through ctypes. (python3-cryptography
# does the same, but loading it costs seconds on the debug test kernel
# under emulation, and the selftests start this module often.)
_EVP_CTRL_GCM_SET_IVLEN = 0x9
_EVP_CTRL_GCM_GET_TAG = 0x10
_EVP_CTRL_GCM_SET_TAG = 0x11
_libcrypto = None


def _lib():
    global _libcrypto  # pylint: disable=global-statement
    if _libcrypto is None:
        lib = ctypes.CDLL("libcrypto.so.3")
        vp, ip, cp = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
        for name in ("EVP_aes_128_gcm", "EVP_aes_256_gcm", "EVP_CIPHER_CTX_new"):
            getattr(lib, name).restype = vp
            getattr(lib, name).argtypes = []
        lib.EVP_CIPHER_CTX_free.argtypes = [vp]
        lib.EVP_CIPHER_CTX_free.restype = None
        lib.EVP_CIPHER_CTX_ctrl.argtypes = [vp, ip, ip, vp]
        for op in ("Encrypt", "Decrypt"):
            getattr(lib, f"EVP_{op}Init_ex").argtypes = [vp, vp, vp, cp, cp]
            getattr(lib, f"EVP_{op}Update").argtypes = [vp, vp, ctypes.POINTER(ip), cp, ip]
            getattr(lib, f"EVP_{op}Final_ex").argtypes = [vp, vp, ctypes.POINTER(ip)]
        _libcrypto = lib
    return _libcrypto


def _gcm(key, nonce, data, aad, tag=None):
    """Encrypt data (tag None: returns ciphertext + tag) or decrypt it
    against tag (returns the plaintext or raises InvalidTag)."""
    lib = _lib()
    if len(key) not in (16, 32) or len(nonce) != 12:
        raise ValueError("AES-128/256-GCM with a 96-bit nonce")
    cipher = lib.EVP_aes_128_gcm() if len(key) == 16 else lib.EVP_aes_256_gcm()
    op = "Encrypt" if tag is None else "Decrypt"
    init, update, final = (getattr(lib, f"EVP_{op}{f}") for f in ("Init_ex", "Update", "Final_ex"))
    ctx = lib.EVP_CIPHER_CTX_new()
    if not ctx:
        raise MemoryError("EVP_CIPHER_CTX_new")
    try:
        out = ctypes.create_string_buffer(len(data) + 16)
        n = ctypes.c_int(0)
        ok = (init(ctx, cipher, None, None, None) == 1 and
              lib.EVP_CIPHER_CTX_ctrl(ctx, _EVP_CTRL_GCM_SET_IVLEN, 12, None) == 1 and
              init(ctx, None, None, bytes(key), bytes(nonce)) == 1 and
              (not aad or update(ctx, None, ctypes.byref(n), bytes(aad), len(aad)) == 1) and
              update(ctx, out, ctypes.byref(n), bytes(data), len(data)) == 1)
        if not ok:
            raise RuntimeError(f"EVP_{op}: failed")
        done = n.value
        if tag is None:
            if final(ctx, ctypes.byref(out, done), ctypes.byref(n)) != 1:
                raise RuntimeError("EVP_EncryptFinal_ex: failed")
            tagbuf = ctypes.create_string_buffer(16)
            lib.EVP_CIPHER_CTX_ctrl(ctx, _EVP_CTRL_GCM_GET_TAG, 16, tagbuf)
            return out.raw[:done] + tagbuf.raw
        tagbuf = ctypes.create_string_buffer(bytes(tag), 16)
        lib.EVP_CIPHER_CTX_ctrl(ctx, _EVP_CTRL_GCM_SET_TAG, 16, tagbuf)
        if final(ctx, ctypes.byref(out, done), ctypes.byref(n)) != 1:
            raise InvalidTag("authentication failed")
        return out.raw[:done]
    finally:
        lib.EVP_CIPHER_CTX_free(ctx)


def aead_seal(key, nonce, plaintext, aad):
    """AES-GCM: ciphertext followed by the 16-byte tag."""
    return _gcm(key, nonce, plaintext, aad)


def aead_open(key, nonce, sealed, aad):
    """AES-GCM: the plaintext of ciphertext + tag, or InvalidTag."""
    if len(sealed) < TAG_LEN:
        raise InvalidTag("shorter than a tag")
    return _gcm(key, nonce, sealed[:-TAG_LEN], aad, sealed[-TAG_LEN:])


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
    return hdr + aead_seal(key, nonce, bytes(plaintext), hdr)


def open_(key, payload):
    """(fields, plaintext) of a UDP payload; raises on any failure."""
    fields = parse_header(payload)
    hdr = bytes(payload[:HDR_LEN])
    plain = aead_open(key, hdr[20:32], bytes(payload[HDR_LEN:]), hdr)
    return fields, plain
