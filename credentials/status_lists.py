"""Bitstring Status List (W3C): positions and the encoded list. Plain functions."""

import base64
import gzip
import secrets

# 16 KB uncompressed, the specification's minimum, so that a list hides which award a
# verifier asks about among at least 131,072 positions.
LIST_SIZE = 131_072
# A list takes new awards until it is half full, so a random pick rarely collides.
LIST_FILL = LIST_SIZE // 2


def random_index() -> int:
    return secrets.randbelow(LIST_SIZE)


def encode(set_indexes) -> str:
    """The encodedList: multibase base64url (no padding, "u" prefix) of the GZIP of the
    bitstring, whose first index is the left-most bit of the first byte."""
    bits = bytearray(LIST_SIZE // 8)
    for index in set_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytes:
    padded = encoded[1:] + "=" * (-len(encoded[1:]) % 4)
    return gzip.decompress(base64.urlsafe_b64decode(padded))


def is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
