"""kitemark.cache.RedisCache: Django's Redis backend, with one client per connection pool."""

import os

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.real_stack


@pytest.fixture
def redis_cache(settings):
    # The broker's Redis server, on a database of its own that this test empties.
    broker = os.environ["CELERY_BROKER_URL"]
    settings.CACHES = {
        "default": {
            "BACKEND": "kitemark.cache.RedisCache",
            "LOCATION": broker.rsplit("/", 1)[0] + "/10",
        }
    }
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()


def test_every_cache_call_uses_the_same_client(redis_cache):
    client = redis_cache._cache.get_client("a")
    assert redis_cache._cache.get_client("b", write=True) is client
    # Django's own client would build a new one for each call.
    from django.core.cache.backends.redis import RedisCacheClient

    django_client = RedisCacheClient(redis_cache._servers)
    assert django_client.get_client("a") is not django_client.get_client("a")


def test_the_cache_reads_writes_counts_and_deletes_through_redis(redis_cache):
    redis_cache.set("session", {"user": 7}, 60)
    assert redis_cache.get("session") == {"user": 7}
    assert redis_cache.add("count", 1) is True
    assert redis_cache.incr("count") == 2
    redis_cache.delete("session")
    assert redis_cache.get("session") is None
    # What this process wrote is in Redis itself, not in a copy of its own.
    raw = redis_cache._cache.get_client("count")
    assert raw.get(redis_cache.make_and_validate_key("count")) == b"2"
