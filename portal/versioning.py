"""A site-wide content version, bumped after every committed publishing change.

Cached fragments and counts include the version in their key, so invalidation never scans keys:
a publish makes every older entry unreachable, and it expires on its own.

Each process trusts the version it read for ``PORTAL_LOCAL_CACHE_SECONDS`` (`portal.localcache`),
and forgets it as soon as it publishes itself.
"""

import time

from django.core.cache import cache
from django.db import transaction

from .localcache import MISSING, forget_all, process_cache

VERSION_KEY = "portal:content-version"


def trusted_version(now: float) -> int | None:
    """The version this process read less than ``PORTAL_LOCAL_CACHE_SECONDS`` ago, or None."""
    version = process_cache.get(VERSION_KEY, now)
    return None if version is MISSING else version


def remember_version(version: int, now: float) -> None:
    """Keep a version just read from the shared cache (see `trusted_version`)."""
    process_cache.set(VERSION_KEY, version, now)


def content_version() -> int:
    now = time.time()
    version = trusted_version(now)
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    remember_version(version, now)
    return version


def bump_content_version() -> None:
    """Bump the version once the current transaction commits (immediately outside one)."""

    def _bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, None)
        # This process sees its own publish on the next request (others within
        # PORTAL_LOCAL_CACHE_SECONDS).
        forget_all()

    transaction.on_commit(_bump)
