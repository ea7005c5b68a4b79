"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache operation;
its constructor registers some 170 response callbacks, which made up about a third of the CPU
of a cache round trip in the portal's profiles (rate limits, page-cache reads, counters).
`redis.Redis` objects are thread-safe and only hold their pool, so one per pool is reused.
Everything else (pools, serialisation, key handling) is Django's.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class PortalRedisCache(RedisCache):
    """`django.core.cache.backends.redis.RedisCache` with reused clients (see above)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
