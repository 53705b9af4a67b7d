# SPDX-License-Identifier: GPL-2.0
"""Unit tests of the test suite's own protocol implementation, so that a
capture it decrypts, or a frame it crafts, means what the tests think."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
import gsproto  # noqa: E402

# The same bytes as tests/kunit/proto_test.c's spec_frame.
SPEC_FRAME = bytes.fromhex(
    "06400800" "01234500" "ff008101" "a1b2c3d4"
    "ff008203" "a1b2c3d4" "0102030405060708")


class Header(unittest.TestCase):
    def test_build_matches_spec(self):
        self.assertEqual(gsproto.build_header(0x0800, 0x012345, 0xA1B2C3D4,
                                              0x0102030405060708), SPEC_FRAME)

    def test_parse_roundtrip(self):
        f = gsproto.parse_header(SPEC_FRAME + bytes(16))
        self.assertEqual(f, {"proto": 0x0800, "vni": 0x012345,
                             "spi": 0xA1B2C3D4, "nonce_spi": 0xA1B2C3D4,
                             "counter": 0x0102030405060708})

    def test_malformed(self):
        for off, val in ((0, 0x46), (1, 0xC0), (2, 0x65), (7, 1),
                         (10, 0x82), (11, 2), (18, 0x81), (19, 2)):
            frame = bytearray(SPEC_FRAME + bytes(16))
            frame[off] = val
            with self.assertRaises(gsproto.Malformed, msg="offset %d" % off):
                gsproto.parse_header(frame)
        with self.assertRaises(gsproto.Malformed):
            gsproto.parse_header(SPEC_FRAME + bytes(15))


class Aead(unittest.TestCase):
    KEY16 = bytes(range(16))
    KEY32 = bytes(range(32))
    PACKET = bytes.fromhex("4500001c0001000040017cdd0a0000010a000002"
                           "0800f7ff00000000")

    def test_seal_open(self):
        for key in (self.KEY16, self.KEY32):
            payload = gsproto.seal(key, 74565, 7, 1, self.PACKET)
            self.assertEqual(len(payload), 32 + len(self.PACKET) + 16)
            fields, plain = gsproto.open_(key, payload)
            self.assertEqual(plain, self.PACKET)
            self.assertEqual(fields["proto"], gsproto.PROTO_IPV4)
            self.assertEqual(fields["counter"], 1)
            # Ciphertext, not the packet, follows the header.
            self.assertNotIn(self.PACKET[20:], payload)

    def test_keepalive_is_48_bytes(self):
        payload = gsproto.seal(self.KEY16, 1, 2, 3, b"")
        self.assertEqual(len(payload), 48)
        self.assertEqual(gsproto.open_(self.KEY16, payload)[1], b"")

    def test_header_is_authenticated(self):
        payload = bytearray(gsproto.seal(self.KEY16, 1, 2, 3, self.PACKET))
        payload[6] ^= 1     # the VNI
        with self.assertRaises(Exception):
            gsproto.open_(self.KEY16, payload)

    def test_known_answer(self):
        # The known-answer frames the kernel's AEAD must reproduce byte for
        # byte (header SPEC_FRAME, then ciphertext and tag).
        for key, want in ((self.KEY16, KAT_AES128), (self.KEY32, KAT_AES256)):
            payload = gsproto.seal(key, 0x012345, 0xA1B2C3D4,
                                   0x0102030405060708, self.PACKET)
            self.assertEqual(payload[:32], SPEC_FRAME)
            self.assertEqual(payload[32:].hex(), want)

    def test_gcm_spec_vector(self):
        # McGrew and Viega's GCM specification, test case 4 (AES-128, AAD).
        key = bytes.fromhex("feffe9928665731c6d6a8f9467308308")
        nonce = bytes.fromhex("cafebabefacedbaddecaf888")
        aad = bytes.fromhex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
        pt = bytes.fromhex(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39")
        sealed = bytes.fromhex(
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
            "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
            "5bc94fbc3221a5db94fae95ae7121a47")
        self.assertEqual(gsproto.aead_seal(key, nonce, pt, aad), sealed)
        self.assertEqual(gsproto.aead_open(key, nonce, sealed, aad), pt)
        for i in (0, len(pt), len(sealed) - 1):
            bad = bytearray(sealed)
            bad[i] ^= 0x80
            with self.assertRaises(gsproto.InvalidTag, msg="byte %d" % i):
                gsproto.aead_open(key, nonce, bytes(bad), aad)
        with self.assertRaises(gsproto.InvalidTag):
            gsproto.aead_open(key, nonce, sealed, aad[:-1])

    def test_agrees_with_python_cryptography(self):
        try:
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        except ImportError:
            self.skipTest("python3-cryptography is not installed")
        for klen in (16, 32):
            for plen in (0, 1, 15, 16, 17, 1400):
                key, nonce = os.urandom(klen), os.urandom(12)
                pt, aad = os.urandom(plen), os.urandom(32)
                self.assertEqual(gsproto.aead_seal(key, nonce, pt, aad),
                                 AESGCM(key).encrypt(nonce, pt, aad))


# Key bytes 00..0f (or 00..1f), header SPEC_FRAME, plaintext Aead.PACKET.
KAT_AES128 = ("3f805d5d15c50e81cf0c2104e9bbef155bdd18fd8e1b3bb0"
              "ea41b392c44c7667932a6657f2c8d90e498509ce")
KAT_AES256 = ("6041749be10c101ee8de29f7848f9d066912359030596d80"
              "71338037358f83ccb0c26a9629199eb09ffa5270")


if __name__ == "__main__":
    unittest.main()
