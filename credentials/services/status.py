"""The signed Bitstring Status List credential, made when asked for: its bits are read from
the awards (revoked or not) at that moment, so it never lags a revocation."""

from django.utils import timezone

from .. import documents, jws, selectors
from ..status_lists import encode
from .issuing import current_issuer_key

# Verifiers may keep a copy of the list this long (its validUntil and Cache-Control).
STATUS_LIST_TTL_SECONDS = 300
STATUS_LIST_TYPE = "vc+jwt"


def signed_status_list(number):
    key, _ = current_issuer_key()
    payload = documents.status_list_credential(
        number,
        encode(selectors.revoked_positions(number)),
        issued_at=timezone.now().replace(microsecond=0),
        valid_seconds=STATUS_LIST_TTL_SECONDS,
    )
    return jws.sign(payload, key, kid=documents.key_id(key.thumbprint), typ=STATUS_LIST_TYPE)
