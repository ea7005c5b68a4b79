"""Page-view counting (访问量统计) without a database write on the request path.

`PageViewMiddleware` counts each successful GET of a public HTML page in the shared cache:

* a counter per (day, path): ``cache.add(key, 0)`` then ``cache.incr(key)`` — atomic in Redis
  and in the local-memory cache;
* the first hit of a path on a day also registers the path in that day's slot list: a slot
  number from ``cache.incr`` on the day's sequence key, and the (path) in the slot's key. The
  cache API has no sets, and a sequence of slots needs nothing else.

`drain(day)` (called by the `flush_pageviews` command, see `services.pageviews_flush`) reads
every registered counter of a day and subtracts what it read (``cache.decr``), so hits that
arrive meanwhile stay for the next run and a second flush adds nothing.

Deployment: the web processes and the cron command must share the cache — set ``REDIS_URL``
(the local-memory cache is per process; the system check ``site_stats.W001`` warns). Run
``manage.py flush_pageviews`` every minute from cron. Counters live for
``COUNTER_TTL_SECONDS`` (3 days), so a stopped cron loses nothing if restarted within that.

Each process first adds its views up in memory (`ViewBuffer`) and writes them to the cache at most
once a second (``SITE_STATS_PAGEVIEW_BUFFER_SECONDS``; 0 writes every view at once, as the tests
do), so a page-cache hit costs no counter round trip.

Only the path is kept: no query string, IP, user agent or cookie (no personal data).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import hashlib
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import PATH_MAX_LENGTH

COUNTER_TTL_SECONDS = 3 * 24 * 3600
KEY_PREFIX = "site_stats:pv"

#: Paths never counted (staff, files, machine interfaces). Override with the setting
#: ``SITE_STATS_PAGEVIEW_EXCLUDED_PREFIXES``.
logger = logging.getLogger(__name__)

DEFAULT_EXCLUDED_PREFIXES = ("/admin/", "/staff/", "/static/", "/media/", "/api/")


def excluded_prefixes() -> tuple[str, ...]:
    configured = getattr(settings, "SITE_STATS_PAGEVIEW_EXCLUDED_PREFIXES", None)
    return tuple(DEFAULT_EXCLUDED_PREFIXES if configured is None else configured)


def _digest(path: str) -> str:
    return hashlib.sha256(path.encode()).hexdigest()[:32]


def counter_key(day: dt.date, path: str) -> str:
    return f"{KEY_PREFIX}:c:{day:%Y%m%d}:{_digest(path)}"


def _sequence_key(day: dt.date) -> str:
    return f"{KEY_PREFIX}:seq:{day:%Y%m%d}"


def _slot_key(day: dt.date, number: int) -> str:
    return f"{KEY_PREFIX}:slot:{day:%Y%m%d}:{number}"


def normalise_path(path: str) -> str | None:
    """The path as counted, or None when it is not counted (too long, or not a path)."""
    if not path.startswith("/") or len(path) > PATH_MAX_LENGTH:
        return None
    return path


def is_countable(request: HttpRequest, response: HttpResponse) -> bool:
    """A successful GET of an HTML page outside the staff and file areas."""
    if request.method != "GET" or response.status_code != 200:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    return not request.path.startswith(excluded_prefixes())


def _incr(key: str, delta: int = 1) -> tuple[int, bool]:
    """Add `delta` to `key` (created at 0 when missing); returns (value, created)."""
    created = cache.add(key, 0, timeout=COUNTER_TTL_SECONDS)
    try:
        return cache.incr(key, delta), created
    except ValueError:  # expired or evicted between add() and incr()
        created = cache.add(key, 0, timeout=COUNTER_TTL_SECONDS)
        return cache.incr(key, delta), created


def record_view(path: str, day: dt.date | None = None, views: int = 1) -> None:
    """Count `views` views of `path` on `day` (default today) in the cache. No database access."""
    path = normalise_path(path)
    if path is None or views < 1:
        return
    day = day or timezone.localdate()
    _, created = _incr(counter_key(day, path), views)
    if created:
        number, _ = _incr(_sequence_key(day))
        cache.set(_slot_key(day, number), path, timeout=COUNTER_TTL_SECONDS)


class ViewBuffer:
    """Views counted in this process and written to the shared cache at most once per
    ``SITE_STATS_PAGEVIEW_BUFFER_SECONDS`` (default 1; 0 writes every view at once).

    A busy page is viewed hundreds of times a second per process; writing each view would cost
    two cache round trips per request, most of the work of a page-cache hit. Buffered, a
    process writes one increment per (day, path) per second. What a process holds when it is
    killed outright (not stopped: the buffer is written at exit) is lost: at most a second of
    its views.
    """

    def __init__(self) -> None:
        self._counts: Counter[tuple[dt.date, str]] = Counter()
        self._written_at = time.time()
        self._lock = threading.Lock()

    def add(self, path: str) -> None:
        seconds = float(getattr(settings, "SITE_STATS_PAGEVIEW_BUFFER_SECONDS", 1.0))
        if seconds <= 0:
            record_view(path)
            return
        with self._lock:
            self._counts[(timezone.localdate(), path)] += 1
            due = not 0 <= time.time() - self._written_at < seconds  # or the clock went back
        if due:
            self.write()

    def write(self) -> None:
        """Write what this process holds to the shared cache; kept for the next try on error."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._written_at = time.time()
        failed: Counter[tuple[dt.date, str]] = Counter()
        for (day, path), views in counts.items():
            try:
                record_view(path, day, views)
            except Exception:  # noqa: BLE001 — a cache outage must not cost the page
                failed[(day, path)] += views
        if failed:
            logger.warning("page views kept in memory: the cache is unavailable")
            with self._lock:
                self._counts.update(failed)

    def pending(self) -> int:
        with self._lock:
            return sum(self._counts.values())


#: The buffer of this process (see `ViewBuffer`).
view_buffer = ViewBuffer()
atexit.register(view_buffer.write)


def count_view(path: str) -> None:
    """Count one view of `path` today, through this process's buffer."""
    view_buffer.add(path)


def pending_paths(day: dt.date) -> list[str]:
    """Paths registered for `day` (each once)."""
    total = cache.get(_sequence_key(day)) or 0
    paths: dict[str, None] = {}
    numbers = list(range(1, total + 1))
    for start in range(0, len(numbers), 500):
        keys = [_slot_key(day, n) for n in numbers[start : start + 500]]
        for path in cache.get_many(keys).values():
            paths[path] = None
    return list(paths)


def drain(day: dt.date, paths: Iterable[str] | None = None) -> dict[str, int]:
    """Take the buffered counts of `day` out of the cache: {path: views since last drain}.

    Each counter is decreased by the value read, so concurrent hits are kept for the next
    drain. Callers must not run two drains at once (`services.pageviews_flush` holds a lock).
    """
    paths = pending_paths(day) if paths is None else list(paths)
    counts: dict[str, int] = {}
    for start in range(0, len(paths), 500):
        batch = paths[start : start + 500]
        keys = {counter_key(day, path): path for path in batch}
        for key, value in cache.get_many(list(keys)).items():
            if not value:
                continue
            # Expired after the read: the value read is all there was.
            with contextlib.suppress(ValueError):
                cache.decr(key, value)
            counts[keys[key]] = value
    return counts


def restore(day: dt.date, path: str, value: int) -> None:
    """Give drained views back to the buffer (when writing them to the database failed)."""
    record_view(path, day, value)


def buffered_count(day: dt.date, path: str) -> int:
    """Views of `path` on `day` still waiting in the cache (for tests and diagnostics)."""
    return cache.get(counter_key(day, path)) or 0


class PageViewMiddleware:
    """Counts views of public HTML pages in the cache (see the module docstring).

    Place it after `AuthenticationMiddleware` or anywhere: it reads only the request path and
    the response status and type. A cache failure never breaks the page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_countable(request, response):
            try:
                count_view(request.path)
            except Exception:  # noqa: BLE001 — counting must never cost the visitor the page
                logger.warning("page view not counted", exc_info=True)
        return response
