"""Writes of the search index (索引维护): one row per item the public may see, now or when due.

`search_entry_sync(obj=…)` is called by `publishing.services` in the transaction of every change
of a published item's visibility or content (publish, reviewer edit, withdraw, return to draft),
so the index never shows an item the public cannot see and a withdrawal disappears from search
with the same commit. `rebuild_index()` rebuilds everything from the content tables, in batches
(`manage.py rebuild_search_index`), e.g. after a bulk import that bypassed the services.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from publishing.models import PublicationStatus, Publishable
from publishing.registry import publishable_models

from .models import EXCERPT_LENGTH, SearchEntry, TitleWord
from .text import index_text

# Items published "at" this moment include every scheduled one: the index holds scheduled items
# with their future date and every search filters on `published_at <= now`.
_END_OF_TIME = datetime(9999, 1, 1, tzinfo=UTC)

_UPDATED_FIELDS = [
    "kind", "title", "url", "published_at", "year", "column", "organisation",
    "document_number", "index_number", "excerpt", "indexed_at",
]

ProgressCallback = Callable[[int, int, float], None]


def searchable(model: type[Publishable]) -> QuerySet:
    """The items of `model` that belong in the index: published ones, scheduled included, under
    the model's own `published()` rules (e.g. a Q&A only with the citizen's consent)."""
    return model._default_manager.published(at=_END_OF_TIME)


def _is_indexed_model(model: type) -> bool:
    return model in publishable_models()


@dataclass
class _Row:
    """An index row ready to be written, with the segmented texts of its tsvector."""

    entry: SearchEntry
    title_words: str
    keyword_words: str
    body_words: str


def build_row(obj: Publishable, *, content_type: ContentType | None = None) -> _Row:
    """The index row of a published item (segmenting its texts: the costly part)."""
    fields = obj.search_fields()
    published_at = obj.published_at
    entry = SearchEntry(
        content_type=content_type or ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        kind=str(obj._meta.verbose_name),
        title=" ".join(fields.title.split())[:500],
        url=obj.get_absolute_url(),
        published_at=published_at,
        year=timezone.localtime(published_at).year,
        column_id=fields.column_id,
        organisation_id=fields.organisation_id,
        document_number=fields.document_number[:100],
        index_number=fields.index_number[:100],
        excerpt=" ".join(fields.body.split())[:EXCERPT_LENGTH],
        indexed_at=timezone.now(),
    )
    return _Row(
        entry=entry,
        title_words=index_text(fields.title),
        keyword_words=index_text(fields.keywords),
        body_words=index_text(fields.body),
    )


# PostgreSQL: one statement per batch, every value an array parameter. The tsvector is
# setweight(title,'A') || setweight(主题词 and numbers,'B') || body ('D') over the words
# segmented in Python, with the `simple` configuration (no stemming, no stop words). The body
# part is stripped of positions: each word once, weight D. That halves the vector, keeping most
# rows' vectors under the TOAST threshold: every match check and ts_rank reads the vector, and
# reading it from TOAST was most of the time of a search over a common word.
_PG_UPSERT = """
INSERT INTO {table} ({columns}, search_vector)
SELECT {values},
       setweight(to_tsvector('simple', v.title_words), 'A')
       || setweight(to_tsvector('simple', v.keyword_words), 'B')
       || strip(to_tsvector('simple', v.body_words))
FROM unnest({arrays}) AS v({names})
ON CONFLICT (content_type_id, object_id) DO UPDATE SET {updates}
"""

_PG_COLUMNS = [
    ("content_type_id", "integer"), ("object_id", "bigint"), ("kind", "text"),
    ("title", "text"), ("url", "text"), ("published_at", "timestamptz"), ("year", "integer"),
    ("column_id", "bigint"), ("organisation_id", "bigint"), ("document_number", "text"),
    ("index_number", "text"), ("excerpt", "text"), ("indexed_at", "timestamptz"),
]
_PG_WORDS = ["title_words", "keyword_words", "body_words"]


# The title words of the entries just written (`TitleWord`): the lexemes of weight 'A' of each
# vector, with the vector's rank for each. Words no longer in the title are deleted, new ones
# inserted, and a word is rewritten only when its rank or date changed: an edit that leaves the
# title alone, or a rebuild of an unchanged index, writes no title word.
_PG_WRITTEN = """
SELECT e.id, e.search_vector, e.published_at,
       tsvector_to_array(ts_filter(e.search_vector, '{{a}}')) AS title_words
FROM {entries} e
JOIN unnest(%s::integer[], %s::bigint[]) AS k(content_type_id, object_id)
  ON e.content_type_id = k.content_type_id AND e.object_id = k.object_id
"""
_PG_TITLE_WORDS_DELETE = """
DELETE FROM {words} w USING ({written}) x
WHERE w.entry_id = x.id AND w.word <> ALL(x.title_words)
"""
_PG_TITLE_WORDS_UPSERT = """
INSERT INTO {words} AS w (entry_id, word, score, published_at)
SELECT x.id, t.word, ts_rank(x.search_vector, plainto_tsquery('simple', t.word)), x.published_at
FROM ({written}) x, unnest(x.title_words) AS t(word)
WHERE char_length(t.word) <= {max_length}
ON CONFLICT (entry_id, word) DO UPDATE
SET score = EXCLUDED.score, published_at = EXCLUDED.published_at
WHERE (w.score, w.published_at) IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.published_at)
"""


def _pg_title_words(cursor, keys: list) -> None:
    names = {
        "words": TitleWord._meta.db_table,
        "written": _PG_WRITTEN.format(entries=SearchEntry._meta.db_table),
        "max_length": TitleWord._meta.get_field("word").max_length,
    }
    cursor.execute(_PG_TITLE_WORDS_DELETE.format(**names), keys)
    cursor.execute(_PG_TITLE_WORDS_UPSERT.format(**names), keys)


def _pg_upsert(rows: Sequence[_Row]) -> None:
    columns = [name for name, _type in _PG_COLUMNS]
    sql = _PG_UPSERT.format(
        table=SearchEntry._meta.db_table,
        columns=", ".join(columns),
        values=", ".join(f"v.{name}" for name in columns),
        arrays=", ".join(
            [f"%s::{sql_type}[]" for _name, sql_type in _PG_COLUMNS] + ["%s::text[]"] * 3
        ),
        names=", ".join(columns + _PG_WORDS),
        updates=", ".join(
            f"{name} = EXCLUDED.{name}"
            for name in [*columns[2:], "search_vector"]
        ),
    )
    params = [[getattr(row.entry, name) for row in rows] for name in columns]
    params += [[getattr(row, name) for row in rows] for name in _PG_WORDS]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        _pg_title_words(cursor, params[:2])


def _upsert(rows: Sequence[_Row]) -> None:
    if connection.vendor == "postgresql":
        _pg_upsert(rows)
        return
    # SQLite (the demo): no tsvector; search reads the title, the numbers and the excerpt.
    SearchEntry.objects.bulk_create(
        [row.entry for row in rows],
        update_conflicts=True,
        unique_fields=["content_type", "object_id"],
        update_fields=_UPDATED_FIELDS,
    )


def search_entry_sync(*, obj: Publishable) -> None:
    """Make the index row of `obj` match what the public may see (创建、更新或删除检索条目).

    Call in the transaction of the change, after saving `obj`.
    """
    model = type(obj)
    if not _is_indexed_model(model):
        return
    if obj.status == PublicationStatus.PUBLISHED and searchable(model).filter(pk=obj.pk).exists():
        _upsert([build_row(obj)])
    else:
        search_entry_delete(obj=obj)


def search_entry_delete(*, obj: Publishable) -> None:
    """Remove `obj` from the index (its row, if any)."""
    SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).delete()


def rebuild_index(
    *,
    models: Iterable[type[Publishable]] | None = None,
    batch_size: int = 2000,
    progress: ProgressCallback | None = None,
) -> int:
    """Rebuild the index of `models` (default: every registered one) from the content tables.

    Rows are upserted batch by batch, each batch in its own transaction, so search keeps
    working during a rebuild; rows not rewritten by it (items no longer public, models no
    longer registered) are deleted at the end. Returns the number of items indexed.
    """
    started = timezone.now()
    clock = time.perf_counter()
    everything = models is None
    targets = list(publishable_models() if models is None else models)
    total = sum(searchable(model).count() for model in targets)
    done = 0
    for model in targets:
        content_type = ContentType.objects.get_for_model(model)
        items = model.search_queryset(searchable(model)).order_by("pk")
        last_pk = None
        while True:
            batch_items = items if last_pk is None else items.filter(pk__gt=last_pk)
            batch = list(batch_items[:batch_size])
            if not batch:
                break
            with transaction.atomic():
                _upsert([build_row(obj, content_type=content_type) for obj in batch])
            last_pk = batch[-1].pk
            done += len(batch)
            if progress:
                progress(done, total, time.perf_counter() - clock)
        SearchEntry.objects.filter(content_type=content_type, indexed_at__lt=started).delete()
    if everything:
        indexed_types = [ContentType.objects.get_for_model(model) for model in targets]
        SearchEntry.objects.exclude(content_type__in=indexed_types).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
    return done
