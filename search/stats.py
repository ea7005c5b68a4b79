"""How common each indexed word is (词频), read from PostgreSQL's statistics of the index, to
plan a search before running it.

`ANALYZE` (autovacuum, or the rebuild command) keeps, for the `search_vector` column, the most
common words and the share of rows holding each (`pg_stats.most_common_elems`: about a thousand
words, down to the rarest share it kept, about 1 % at a million rows). A search uses them to
know, without counting, that a word is common:

* a word held by more rows than a results page can ever list (`SEARCH_MAX_COUNT`) is searched as
  itself only, not also through all of its sub-words (文化产业 alone, not also 文化 & 产业: 文化
  is in nearly every row, and the sub-words would only add rows beyond the 1000 already found);
* when the words are common enough, newest-first results come from walking the date index, and
  without a filter the count is known to be "1000+" without counting (`SearchPlan`).

A word missing from the list is rarer than the rarest one kept. The figures are cached for an
hour; with no statistics yet (a new or tiny index, or one still being rebuilt) nothing is
assumed, and they are asked again after a minute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import connection

from portal import localcache

from .models import SearchEntry

STATS_SECONDS = 3600
#: No statistics yet (a new or still-loading index): asked again soon, not after an hour.
EMPTY_STATS_SECONDS = 60
CACHE_KEY = "search:word-statistics"


@dataclass(frozen=True)
class WordStatistics:
    rows: int  # rows of the index when last analysed
    shares: dict[str, float]  # word → share of rows holding it
    floor: float  # every word not in `shares` is held by fewer rows than this share

    def rows_holding(self, word: str) -> float | None:
        """Estimated rows holding `word`; None when it is not among the common words."""
        share = self.shares.get(word)
        return None if share is None else share * self.rows

    def dense_threshold(self) -> float:
        """Matches above which walking the date index finds a page of newest results sooner
        than sorting every match: a walk reads about 20 × rows / matches index entries at
        ~4.5 µs each, a sort costs ~2 µs per match; they cost the same at
        matches = √(45 × rows) (6,700 at a million rows)."""
        return math.sqrt(45 * max(self.rows, 1))


EMPTY = WordStatistics(rows=0, shares={}, floor=0.0)


#: The statistics of the index table: one row (words, shares, rows) or none.
STATISTICS_SQL = (
    "SELECT s.most_common_elems::text::text[] AS words, s.most_common_elem_freqs AS shares, "
    "c.reltuples AS rows FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename "
    "AND c.relnamespace = to_regnamespace(s.schemaname) "
    "WHERE s.schemaname = current_schema() AND s.tablename = %s AND s.attname = 'search_vector'"
)


def statistics_params() -> list:
    return [SearchEntry._meta.db_table]


def word_statistics() -> WordStatistics:
    """The statistics of the index (PostgreSQL), or `EMPTY`; read now if not cached."""
    if connection.vendor != "postgresql":
        return EMPTY
    stats = localcache.get_cached(CACHE_KEY)
    if stats is None:
        stats = _read_statistics()
        localcache.set_shared(CACHE_KEY, stats, _seconds(stats))
    return stats


def _seconds(stats: WordStatistics) -> int:
    return EMPTY_STATS_SECONDS if stats is EMPTY else STATS_SECONDS


def cached_statistics() -> WordStatistics | None:
    """The cached statistics, `EMPTY` off PostgreSQL, or None: the search then reads them in
    the statement it runs first (`search.query._SeqScans`)."""
    if connection.vendor != "postgresql":
        return EMPTY
    return localcache.get_cached(CACHE_KEY)


def remember_statistics(row: tuple | None) -> WordStatistics:
    """The statistics from a row of `STATISTICS_SQL` (None: no row), cached."""
    stats = statistics_from_row(row)
    localcache.set_shared(CACHE_KEY, stats, _seconds(stats))
    return stats


def _read_statistics() -> WordStatistics:
    with connection.cursor() as cursor:
        cursor.execute(STATISTICS_SQL, statistics_params())
        return statistics_from_row(cursor.fetchone())


def statistics_from_row(row: tuple | None) -> WordStatistics:
    if not row or not row[0] or not row[1] or row[2] is None or row[2] < 1:
        return EMPTY
    words, shares, rows = row
    # The shares list ends with three extra figures: the smallest share, the largest, nulls.
    kept = shares[: len(words)]
    return WordStatistics(rows=int(rows), shares=dict(zip(words, kept, strict=True)), floor=min(kept))
