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


def test_a_window_counter_counts_and_expires(redis_cache):
    """Rate limits (requests_app.ratelimit) count in one round trip; the counter is readable
    through the cache API and lives as long as its window."""
    assert [redis_cache.incr_in_window("rl", 60) for _ in range(3)] == [1, 2, 3]
    assert redis_cache.get("rl") == 3
    client = redis_cache._cache.get_client(write=False)
    assert 55 <= client.ttl(redis_cache.make_and_validate_key("rl")) <= 60
    redis_cache.incr_in_window("short", 1)
    import time

    time.sleep(1.2)
    assert redis_cache.incr_in_window("short", 1) == 1  # a new window


def test_a_rate_limit_on_redis(redis_cache, monkeypatch):
    from requests_app import ratelimit

    monkeypatch.setattr(ratelimit, "cache", redis_cache)
    limit = ratelimit.Limit("search-ip", 2, 60)
    assert [limit.hit("192.0.2.1") for _ in range(3)] == [True, True, False]
    assert limit.hit("192.0.2.2")
    assert limit.exhausted("192.0.2.1")
