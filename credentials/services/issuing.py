"""Issuing awards' credentials: a status list position for each award, and its signed
OpenBadgeCredential. New awards are issued in the transaction that makes them; awards
made before credentials existed are issued by the worker (`manage.py issue_credentials`)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from certificates.models import Award

from .. import documents, jws
from ..keys import signing_key
from ..models import AwardCredential, IssuerKey
from ..status_lists import LIST_FILL, random_index

BACKFILL_BATCH = 200


def current_issuer_key():
    """The current signing key and its published row (added the first time it signs)."""
    key = signing_key()
    row, _ = IssuerKey.objects.get_or_create(
        thumbprint=key.thumbprint, defaults={"public_jwk": key.public_jwk}
    )
    return key, row


def sign_credential(payload):
    """`payload` signed as a VC-JWT with the current key: (the JWT, the key's published
    row)."""
    key, key_row = current_issuer_key()
    jwt = jws.sign(
        payload, key, kid=documents.key_id(key.thumbprint), typ=documents.CREDENTIAL_TYPE
    )
    return jwt, key_row


def _open_list():
    """The status list that takes new positions: the first one not yet half full."""
    number = 1
    while AwardCredential.objects.filter(status_list=number).count() >= LIST_FILL:
        number += 1
    return number


def allocate_position(award):
    """The award's credential row with a random, never reused status list position."""
    existing = AwardCredential.objects.filter(award=award).first()
    if existing is not None:
        return existing
    number = _open_list()
    while True:
        try:
            with transaction.atomic():
                return AwardCredential.objects.create(
                    award=award, status_list=number, status_index=random_index()
                )
        except IntegrityError:
            if AwardCredential.objects.filter(award=award).exists():
                return AwardCredential.objects.get(award=award)
            # The position was taken: draw again.


@transaction.atomic
def issue(award):
    """Sign the award's credential if it has none yet. Idempotent; returns the row."""
    position = allocate_position(award)
    credential = AwardCredential.objects.select_for_update().get(pk=position.pk)
    if credential.is_issued:
        return credential
    award = Award.objects.select_related("organisation", "level").get(pk=award.pk)
    issued_at = timezone.now()
    payload = documents.award_credential(
        award,
        status_list=credential.status_list,
        status_index=credential.status_index,
        issued_at=issued_at,
    )
    credential.jwt, credential.key = sign_credential(payload)
    credential.issued_at = issued_at
    credential.save(update_fields=["jwt", "key", "issued_at"])
    return credential


def award_saved(sender, instance, created, raw=False, **kwargs):
    """post_save of Award: a new award gets its credential in the same transaction."""
    if created and not raw:
        issue(instance)


def awards_without_credential():
    return Award.objects.filter(credential__jwt__isnull=True) | Award.objects.filter(
        credential__jwt=""
    )


def issue_missing(batch=BACKFILL_BATCH):
    """Issue every award that has no credential yet, one transaction per award. Returns
    how many were issued. Safe to run again, and beside new awards being made."""
    issued = 0
    while True:
        ids = list(awards_without_credential().order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return issued
        for award in Award.objects.filter(pk__in=ids):
            issue(award)
            issued += 1
