"""A site-wide content version, bumped after every committed publishing change.

Cached fragments and counts include the version in their key, so invalidation never scans keys:
a publish makes every older entry unreachable, and it expires on its own.
"""

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "portal:content-version"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version() -> None:
    """Bump the version once the current transaction commits (immediately outside one)."""

    def _bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, None)

    transaction.on_commit(_bump)
