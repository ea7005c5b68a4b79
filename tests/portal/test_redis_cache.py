"""The production cache backend (portal.cache.PortalRedisCache) against a real Redis: Django's
cache API works unchanged, and one Redis client serves every operation."""

import pytest

redis = pytest.importorskip("redis")


@pytest.fixture
def redis_cache():
    from portal.cache import PortalRedisCache

    backend = PortalRedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "portal-test"})
    try:
        backend.clear()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    yield backend
    backend.clear()


def test_the_cache_api_works(redis_cache):
    assert redis_cache.add("counter", 0)
    assert not redis_cache.add("counter", 5)
    assert redis_cache.incr("counter", 3) == 3
    redis_cache.set("page", {"body": "政务公开"}, 60)
    assert redis_cache.get_many(["counter", "page", "missing"]) == {
        "counter": 3,
        "page": {"body": "政务公开"},
    }
    redis_cache.delete("page")
    assert redis_cache.get("page") is None


def test_one_client_serves_every_operation(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    redis_cache.set("a", 1)
    redis_cache.get("a")
    assert redis_cache._cache.get_client(write=False) is client
