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
    """`django.core.cache.backends.redis.RedisCache` with reused clients (see above) and a
    counter of a fixed window in one round trip (`incr_in_window`)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def incr_in_window(self, key: str, window: int, version=None) -> int:
        """Add one to the counter `key`, created at 0 to live `window` seconds if it does not
        exist, and return it. One round trip (MULTI: SET NX EX, INCR), where Django's
        `add` + `incr` take three; atomic, so a window that ends between them cannot leave
        a counter without its expiry."""
        key = self.make_and_validate_key(key, version=version)
        client = self._cache.get_client(key, write=True)
        with client.pipeline(transaction=True) as pipe:
            pipe.set(key, 0, ex=window, nx=True)
            pipe.incr(key)
            return int(pipe.execute()[1])
