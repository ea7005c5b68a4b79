"""Per-process copies (进程内缓存) of values read from the shared cache, for a moment.

A public page reads a handful of shared values: the content version (`portal.versioning`), and
values cached under it (the column tree, list counts, the public stamp, the site profile, the
filter form). Each read is a round trip to Redis, about 0.1 ms of CPU; a column page made ten of
them. A process therefore keeps what it read for ``PORTAL_LOCAL_CACHE_SECONDS`` (a quarter of a
second by default; 0 turns the copies off, as the tests do):

* a publish on another server is seen by every process within that delay (the content version is
  re-read), and at once by the process that published (`forget_all` on commit);
* a value cached under a version can only change by a new version or by its own expiry, so a copy
  that lives a quarter of a second is never staler than that.

Copies are bounded (``MAX_ENTRIES``, least recently used first) and never written back.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")
MISSING: Any = object()
MAX_ENTRIES = 4096
DEFAULT_SECONDS = 0.25


def local_seconds() -> float:
    return float(getattr(settings, "PORTAL_LOCAL_CACHE_SECONDS", DEFAULT_SECONDS))


class ProcessCache:
    """Values with the moment they stop being trusted (wall clock, so tests can travel)."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._max_entries = max_entries
        self._lock = threading.Lock()

    def get(self, key: str, now: float) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return MISSING
            until, value = entry
            if not now < until or until - now > local_seconds():  # expired, or the clock went back
                del self._entries[key]
                return MISSING
            self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: Any, now: float) -> None:
        seconds = local_seconds()
        if seconds <= 0:
            return
        with self._lock:
            self._entries[key] = (now + seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)

    def delete(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


#: The copies of this process.
process_cache = ProcessCache()


def remembered(key: str, read: Callable[[], T]) -> T:
    """This process's copy of `key`, else `read()` (which reads, or makes, the shared value),
    kept as this process's copy."""
    now = time.time()
    value = process_cache.get(key, now)
    if value is MISSING:
        value = read()
        process_cache.set(key, value, now)
    return value


def get_or_set(key: str, compute: Callable[[], T], timeout: int | Callable[[], int]) -> T:
    """The value of `key`: this process's copy, else the shared cache's, else `compute()`
    stored in the shared cache for `timeout` seconds (a callable is asked only then)."""

    def read() -> T:
        value = cache.get(key, MISSING)
        if value is MISSING:
            value = compute()
            cache.set(key, value, timeout() if callable(timeout) else timeout)
        return value

    return remembered(key, read)


def get_cached(key: str) -> Any:
    """This process's copy of `key`, else the shared cache's, else None (nothing computed)."""
    return remembered(key, lambda: cache.get(key))


def set_shared(key: str, value: Any, timeout: int) -> None:
    """Store `value` in the shared cache and in this process's copies."""
    cache.set(key, value, timeout)
    process_cache.set(key, value, time.time())


def delete(key: str) -> None:
    """Remove `key` from the shared cache and from this process's copies."""
    cache.delete(key)
    process_cache.delete(key)


def forget_all() -> None:
    """Drop this process's copies (it has just published: the version changed)."""
    process_cache.clear()
