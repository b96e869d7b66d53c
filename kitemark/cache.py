"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django's RedisCacheClient builds a new redis.Redis object for every cache call (its
connection pool is kept; only the client object is new), a large part of a cache read's
cost, and every signed-in page reads its session from the cache. A redis.Redis client
is safe to share: each command takes a connection from the pool and gives it back.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
