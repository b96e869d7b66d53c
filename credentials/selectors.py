"""Reads for the credential pages: the published keys and the status lists' set bits."""

from django.db.models import Q

from .models import AwardCredential, IssuerKey


def published_keys():
    """[(thumbprint, public JWK)] of every key the issuer has signed with, oldest first."""
    return list(IssuerKey.objects.values_list("thumbprint", "public_jwk"))


def public_jwk(thumbprint):
    return (
        IssuerKey.objects.filter(thumbprint=thumbprint).values_list("public_jwk", flat=True).first()
    )


def list_exists(number):
    return AwardCredential.objects.filter(status_list=number).exists()


def revoked_positions(number):
    """The positions in list `number` whose award is revoked (or deleted): the set bits."""
    return AwardCredential.objects.filter(
        Q(award__isnull=True) | Q(award__revoked_at__isnull=False), status_list=number
    ).values_list("status_index", flat=True)


def issued_credential(code):
    """The issued credential of the award with verification code `code`, or None."""
    return (
        AwardCredential.objects.exclude(jwt="")
        .filter(award__verification_code=code)
        .only("jwt")
        .first()
    )
