"""Staff API tokens: made (the secret shown once, only its digest kept), revoked, and
checked on each use, every use on the audit log."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import record
from kitemark.refusals import Refused

from ..models import ApiToken

TOKEN_PREFIX = "km_"  # noqa: S105  (the prefix of every token, not a secret)


class TokenError(Refused):
    """A request about a token that the rules refuse; the message is shown to staff."""


def digest_of(secret):
    # The secret is 256 random bits, so a fast hash is enough to make the stored value
    # useless to someone who reads the database.
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(*, name, scope, expires_at, actor):
    """Make a token; returns (token, secret). The secret is never stored or shown again."""
    if expires_at <= timezone.now():
        raise TokenError("Choose an expiry date in the future.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        scope=scope,
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        digest=digest_of(secret),
        expires_at=expires_at,
        created_by=actor,
    )
    record(
        AuditEvent.Event.API_TOKEN,
        actor=actor,
        obj=token,
        summary=f"API token {token.prefix}… made, scope {scope}",
        scope=scope,
        action="created",
    )
    return token, secret


@transaction.atomic
def revoke_token(token, *, actor):
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        raise TokenError("This token has already been revoked.")
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_by"])
    record(
        AuditEvent.Event.API_TOKEN,
        actor=actor,
        obj=locked,
        summary=f"API token {locked.prefix}… revoked",
        scope=locked.scope,
        action="revoked",
    )
    return locked


def token_for(secret):
    """The usable token whose secret this is, or None (unknown, expired or revoked)."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    return ApiToken.objects.usable().filter(digest=digest_of(secret)).first()


@transaction.atomic
def record_use(token, request):
    """Every use of a token goes on the audit log, with what it read."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    record(
        AuditEvent.Event.API_USE,
        request=request,
        obj=token,
        summary=f"API token {token.prefix}… read {request.path}",
        scope=token.scope,
        path=request.path,
        query=request.META.get("QUERY_STRING", "")[:500],
    )
