import datetime

import pytest
from django.utils import timezone

from api.models import Scope
from api.services.tokens import create_token, revoke_token


@pytest.fixture
def make_token(staff_user):
    """make_token(scope, state="active"|"expired"|"revoked") -> the secret."""

    def make(scope=Scope.APPLICATIONS_READ, state="active"):
        token, secret = create_token(
            name=f"{scope} {state}",
            scope=scope,
            expires_at=timezone.now() + datetime.timedelta(days=30),
            actor=staff_user,
        )
        if state == "expired":
            type(token).objects.filter(pk=token.pk).update(
                expires_at=timezone.now() - datetime.timedelta(seconds=1)
            )
        elif state == "revoked":
            revoke_token(token, actor=staff_user)
        return secret

    return make


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
