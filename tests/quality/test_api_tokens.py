"""The API's permission matrix by token: every operation in the OpenAPI document, with no
token, a made-up one, the right scope, the wrong scope, an expired and a revoked token."""

import datetime

import pytest
from django.utils import timezone

from api.models import ApiToken, Scope
from api.services.tokens import create_token, revoke_token
from tests.certificates.factories import AwardFactory

pytestmark = pytest.mark.django_db

TOKENS = ("none", "made_up", "right", "wrong_scope", "expired", "revoked")
PUBLIC = dict.fromkeys(TOKENS, 200)


def staff_only(scope):
    return {
        "none": 401,
        "made_up": 401,
        "right": (scope, 200),
        "wrong_scope": 403,
        "expired": 401,
        "revoked": 401,
    }


MATRIX = {
    "/api/v1/register/awards": PUBLIC,
    "/api/v1/issuer": PUBLIC,
    "/api/v1/awards": staff_only(Scope.REGISTER_READ),
    "/api/v1/applications": staff_only(Scope.APPLICATIONS_READ),
}
OTHER = {Scope.REGISTER_READ: Scope.APPLICATIONS_READ, Scope.APPLICATIONS_READ: Scope.REGISTER_READ}


def _secret(kind, scope, actor):
    if kind == "none":
        return None
    if kind == "made_up":
        return "km_" + "x" * 43
    token, secret = create_token(
        name=kind,
        scope=OTHER[scope] if kind == "wrong_scope" else scope,
        expires_at=timezone.now() + datetime.timedelta(days=1),
        actor=actor,
    )
    if kind == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    if kind == "revoked":
        revoke_token(token, actor=actor)
    return secret


def test_the_matrix_covers_every_operation(client):
    document = client.get("/api/openapi.json").json()
    assert set(document["paths"]) == set(MATRIX)
    for path, operations in document["paths"].items():
        assert set(operations) == {"get"}, f"{path} is read-only"


@pytest.mark.parametrize("path", sorted(MATRIX))
@pytest.mark.parametrize("kind", TOKENS)
def test_api_token_matrix(client, staff_user, path, kind):
    AwardFactory()
    right = MATRIX[path]["right"]
    scope = right[0] if isinstance(right, tuple) else Scope.REGISTER_READ
    expected = MATRIX[path][kind]
    status = expected[1] if isinstance(expected, tuple) else expected
    secret = _secret(kind, scope, staff_user)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    response = client.get(path, **headers)
    assert response.status_code == status, f"{path} with {kind}: {response.status_code}"
    # Nothing is ever written through the API.
    assert client.post(path, **headers).status_code == 405
