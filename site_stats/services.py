"""Writes of 统计与自查: moving buffered page views into `PageViewDaily`.

`pageviews_flush` is the only writer of page-view rows; the `flush_pageviews` command calls it
from cron (every minute). It is idempotent: counts move out of the cache as they are written,
so running it twice adds nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import pageviews
from .models import PageViewDaily

FLUSH_LOCK_KEY = "site_stats:pv:flush-lock"
FLUSH_LOCK_SECONDS = 300
#: Days looked at by default: today and the two days before (counters live 3 days).
DEFAULT_FLUSH_DAYS = 3


class FlushInProgress(Exception):
    """Another flush holds the lock."""


@dataclass(frozen=True)
class FlushResult:
    days: int
    pages: int
    views: int


def pageviews_add(*, day: dt.date, counts: dict[str, int]) -> None:
    """Add `counts` ({path: views}) to the rows of `day` (UPSERT with increments).

    Existing rows are increased with one UPDATE … SET count = count + n per distinct n (views
    per minute are mostly small numbers, so there are few), missing rows inserted in bulk.
    """
    if not counts:
        return
    with transaction.atomic():
        existing = set(
            PageViewDaily.objects.filter(day=day, path__in=list(counts)).values_list(
                "path", flat=True
            )
        )
        by_increment: dict[int, list[str]] = defaultdict(list)
        for path in existing:
            by_increment[counts[path]].append(path)
        for increment, paths in by_increment.items():
            PageViewDaily.objects.filter(day=day, path__in=paths).update(
                count=F("count") + increment
            )
        PageViewDaily.objects.bulk_create(
            [
                PageViewDaily(path=path, day=day, count=views)
                for path, views in counts.items()
                if path not in existing
            ],
            batch_size=500,
        )


def pageviews_flush(*, today: dt.date | None = None, days: int = DEFAULT_FLUSH_DAYS) -> FlushResult:
    """Move the buffered views of the last `days` days (today included) into the database.

    Raises `FlushInProgress` when another flush is running (the lock expires by itself after
    `FLUSH_LOCK_SECONDS`, should a flush die).
    """
    if not cache.add(FLUSH_LOCK_KEY, 1, timeout=FLUSH_LOCK_SECONDS):
        raise FlushInProgress
    try:
        today = today or timezone.localdate()
        pages = views = 0
        for offset in range(days):
            day = today - dt.timedelta(days=offset)
            counts = pageviews.drain(day)
            try:
                pageviews_add(day=day, counts=counts)
            except Exception:
                # Put the counts back so the next run writes them.
                for path, value in counts.items():
                    pageviews.restore(day, path, value)
                raise
            pages += len(counts)
            views += sum(counts.values())
        return FlushResult(days=days, pages=pages, views=views)
    finally:
        cache.delete(FLUSH_LOCK_KEY)
