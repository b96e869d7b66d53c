"""The links emailed to bookers: cancel, accept an offered place, pledge, follow-up.

Each is signed with Django's signing (the purpose is part of the salt, so one kind of
link never works as another) and carries the booking's nonce. A link that changes the
booking replaces the nonce, so it works once: the second use is refused with its own
message.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .refusals import TrainingRefused

PURPOSES = ("cancel", "accept", "pledge", "follow_up")


def token(booking, purpose):
    assert purpose in PURPOSES
    # No timestamp: the same booking state always gives the same link.
    return signing.Signer(salt=f"training.{purpose}").sign_object(
        {"b": booking.pk, "n": booking.nonce.hex}, compress=True
    )


def url(booking, purpose):
    return f"{settings.SITE_URL}{reverse(f'training:{purpose}', args=[token(booking, purpose)])}"


def read(value, purpose):
    """(booking id, nonce hex) from a link, or TrainingRefused if it was not ours."""
    try:
        data = signing.Signer(salt=f"training.{purpose}").unsign_object(value)
        return int(data["b"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise TrainingRefused(
            "This link is not valid. Copy the whole link from your email, or contact us."
        ) from None
