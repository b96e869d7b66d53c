"""Compact JWS with EdDSA (RFC 8037), the signature of a VC-JWT: base64url(header) "."
base64url(payload) "." base64url(Ed25519 signature over the first two parts)."""

import json

from .keys import SigningKey, b64url


def sign(payload: dict, key: SigningKey, *, kid: str, typ: str) -> str:
    header = {"alg": "EdDSA", "typ": typ, "kid": kid}
    signing_input = f"{_part(header)}.{_part(payload)}".encode("ascii")
    return f"{signing_input.decode('ascii')}.{b64url(key.private.sign(signing_input))}"


def _part(value: dict) -> str:
    return b64url(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())
