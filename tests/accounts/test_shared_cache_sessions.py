"""Sessions with the production cache (Redis): read from the cache, written through to the
database, and gone from both at sign-out, so a copied cookie is useless afterwards."""

import os

import pytest
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.models import Session
from django.core.cache import caches

from scheme.selectors import current_scheme
from tests.accounts.factories import UserFactory

pytestmark = [pytest.mark.real_stack, pytest.mark.django_db]

PAGE = "/accounts/password/change/"


@pytest.fixture
def redis_sessions(settings):
    # The broker's Redis server, on a database of its own that this test empties.
    broker = os.environ["CELERY_BROKER_URL"]
    settings.CACHES = {
        "default": {
            "BACKEND": "kitemark.cache.RedisCache",  # as settings.py makes it for Redis
            "LOCATION": broker.rsplit("/", 1)[0] + "/9",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    cache = caches["default"]
    cache.clear()
    # The scheme's settings are in the cache of a running site; the clear above dropped
    # them, and reading them again is not what these tests measure.
    current_scheme()
    yield cache
    cache.clear()


def _cache_key(session_key):
    return cached_db.SessionStore(session_key).cache_key


def test_a_signed_in_page_reads_the_session_from_the_cache_not_the_database(
    client, redis_sessions, django_assert_num_queries
):
    client.force_login(UserFactory())
    key = client.cookies["sessionid"].value
    # Signing in wrote the session to both.
    assert redis_sessions.get(_cache_key(key))["_auth_user_id"]
    assert Session.objects.filter(session_key=key).exists()
    # Only the user is read from the database now (the session comes from Redis).
    with django_assert_num_queries(1):
        response = client.get(PAGE)
    assert response.status_code == 200


def test_sign_out_removes_the_session_from_cache_and_database(client, redis_sessions):
    client.force_login(UserFactory())
    key = client.cookies["sessionid"].value
    assert client.get(PAGE).status_code == 200
    client.post("/accounts/logout/")
    assert redis_sessions.get(_cache_key(key)) is None
    assert not Session.objects.filter(session_key=key).exists()
    # The old cookie, replayed, is a signed-out visitor.
    client.cookies["sessionid"] = key
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
