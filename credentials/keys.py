"""The issuer's Ed25519 signing key. It comes from the environment
(CREDENTIAL_SIGNING_KEY, a PEM text) or from a file named by CREDENTIAL_SIGNING_KEY_FILE;
it is never stored in the database and never logged. With neither set, a development
run (DEBUG) derives a key from SECRET_KEY; settings refuse to start without one when
DEBUG is false. Its public half is published as a JWK whose id is its RFC 7638
thumbprint, and every public key ever used stays published (credentials.models.IssuerKey)."""

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey
    public_jwk: dict
    thumbprint: str

    def __repr__(self):  # never show the private key, even in a traceback
        return f"SigningKey(thumbprint={self.thumbprint!r})"


def public_jwk_of(private: Ed25519PrivateKey) -> dict:
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}


def thumbprint_of(jwk: dict) -> str:
    """RFC 7638: SHA-256 of the required members, sorted, without whitespace."""
    required = {name: jwk[name] for name in ("crv", "kty", "x")}
    canonical = json.dumps(required, sort_keys=True, separators=(",", ":")).encode()
    return b64url(hashlib.sha256(canonical).digest())


def _pem_from_settings() -> bytes | None:
    text = getattr(settings, "CREDENTIAL_SIGNING_KEY", "")
    if text:
        return text.encode()
    path = getattr(settings, "CREDENTIAL_SIGNING_KEY_FILE", "")
    if path:
        try:
            return Path(path).read_bytes()
        except OSError as error:
            raise ImproperlyConfigured(
                f"CREDENTIAL_SIGNING_KEY_FILE names a file that cannot be read ({error.strerror})."
            ) from None
    return None


def _development_key() -> Ed25519PrivateKey:
    seed = HKDF(algorithm=SHA256(), length=32, salt=None, info=b"kitemark credentials").derive(
        settings.SECRET_KEY.encode()
    )
    return Ed25519PrivateKey.from_private_bytes(seed)


@lru_cache(maxsize=4)
def _load(pem: bytes | None, secret_key: str) -> SigningKey:
    if pem is None:
        private = _development_key()
    else:
        try:
            private = serialization.load_pem_private_key(pem, password=None)
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                "The credential signing key is not a PEM private key."
            ) from None
        if not isinstance(private, Ed25519PrivateKey):
            raise ImproperlyConfigured("The credential signing key must be an Ed25519 key.")
    jwk = public_jwk_of(private)
    return SigningKey(private=private, public_jwk=jwk, thumbprint=thumbprint_of(jwk))


def signing_key() -> SigningKey:
    """The current key (cached per configured value, so a rotation takes effect at once)."""
    return _load(_pem_from_settings(), settings.SECRET_KEY)


def new_private_key_pem() -> str:
    """A new Ed25519 private key as PEM (for `manage.py credential_key`)."""
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
