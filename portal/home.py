"""The home page's blocks (首页): the latest documents of every home column and the latest items
of the other sections (政策解读, 建议提案, 互动交流, 文化日历, 网上办事), rendered once per content
version (`portal.versioning`) and cached as HTML.

A render reads a fixed number of queries, whatever the number of home columns and sections:

1. the column tree (`disclosure.selectors.column_tree`, itself cached under the version);
2. the latest documents of every home column, in one UNION ALL (`first_rows`);
3. the latest items of every other section, in one UNION ALL of `HomeRow`s;
4. the next scheduled document, which ends the cached entry when it becomes due.

A section takes part by providing, in its selectors module, `home_querysets(at)` (its block's
items, best first, each projected with `home_rows`) and `home_items(rows, limit)` (the items its
partial shows, built from the first rows of each of those querysets: unsaved instances that
carry only the fields the partial reads, or plain records).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from importlib import import_module
from itertools import chain, islice
from typing import Any, NamedTuple

from django.db.models import BooleanField, DateTimeField, QuerySet, Value, Window
from django.db.models.functions import Cast, RowNumber
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from disclosure import selectors

from . import localcache
from .versioning import content_version

HOME_ITEMS_PER_COLUMN = 8
HOME_CACHE_SECONDS = 300

#: The other sections' home blocks, in page order: (selectors module, partial).
HOME_SECTIONS = [
    ("interpretations.selectors", "interpretations/includes/_home_block.html"),
    ("proposals.selectors", "proposals/includes/_home_block.html"),
    ("interaction.selectors", "interaction/includes/_home_block.html"),
    ("events.selectors", "events/includes/_home_block.html"),
    ("services_hall.selectors", "services_hall/includes/_home_block.html"),
]

# The two columns `first_rows` adds to every row: which queryset it comes from, and its rank there.
PART = "home_part"
POSITION = "home_position"


def home_blocks_html() -> SafeString:
    """The home page's blocks, from the cache or rendered now (four queries, see above).

    The entry is keyed by the content version, so a publish or a withdrawal shows at once; it
    also expires when a scheduled document becomes due, and after HOME_CACHE_SECONDS at most
    (the calendar block lists upcoming events; other sections' scheduled items show by then).
    """
    at = timezone.now()

    def render() -> str:
        html = render_to_string(
            "portal/includes/_home_blocks.html", {"blocks": column_blocks(at=at)}
        )
        for template, items in section_blocks(at=at):
            html += render_to_string(template, {"items": items})
        return html

    html = localcache.get_or_set(
        f"portal:home-blocks:v{content_version()}",
        render,
        lambda: selectors.cache_seconds_until_publication(HOME_CACHE_SECONDS, at=at),
    )
    # Safe: rendered from our own templates with autoescaping on.
    return mark_safe(html)  # noqa: S308


def column_blocks(*, at: datetime) -> list[dict[str, Any]]:
    """Each home column (in column order) with its latest documents: those
    `disclosure.selectors.published_documents` lists (published and due, from the column and
    the columns below it, newest first), for every column in one query.

    One part per column rather than a window partitioned by column: a document of a sub-column
    belongs to its parent's block too, and the sub-column may be a home column itself."""
    columns = selectors.column_tree().home_columns()
    latest = first_rows(
        [selectors.published_documents(column, at=at) for column in columns],
        HOME_ITEMS_PER_COLUMN,
    )
    return [
        {"column": column, "documents": documents}
        for column, documents in zip(columns, latest, strict=True)
    ]


def section_blocks(*, at: datetime) -> list[tuple[str, list[Any]]]:
    """(partial, items) of each section in HOME_SECTIONS, for all of them in one query."""
    sections = [(import_module(path), template) for path, template in HOME_SECTIONS]
    querysets = [module.home_querysets(at) for module, _ in sections]
    rows = iter(first_home_rows(list(chain.from_iterable(querysets)), HOME_ITEMS_PER_COLUMN))
    blocks = []
    for (module, template), own in zip(sections, querysets, strict=True):
        own_rows = list(islice(rows, len(own)))
        blocks.append((template, module.home_items(own_rows, HOME_ITEMS_PER_COLUMN)))
    return blocks


# --- Reading the first rows of several querysets in one query -------------------------------


class HomeRow(NamedTuple):
    """An item of a section's home block, in the one shape every section's rows share (so that
    they fit one UNION ALL): see `home_rows`."""

    pk: int
    title: str
    #: The choice the block shows with the title (解读形式, 建议/提案, 征集阶段, 信箱, 城市 …).
    choice: str
    date: datetime
    #: An event's end (None for the other sections).
    end: datetime | None
    #: Whether an event is an all-day one (False for the other sections).
    all_day: bool


def home_rows(
    queryset: QuerySet,
    *,
    choice: str,
    title: str = "title",
    date: str = "published_at",
    end: str | None = None,
    all_day: str | None = None,
) -> QuerySet:
    """An ordered queryset projected to the fields of `HomeRow`, given by field name."""
    return queryset.values_list(
        "pk",
        title,
        choice,
        date,
        # Typed, so that PostgreSQL matches them with the events' columns in the UNION.
        end or Cast(Value(None), DateTimeField()),
        all_day or Value(False, output_field=BooleanField()),
    )


def first_home_rows(querysets: Sequence[QuerySet], limit: int) -> list[list[HomeRow]]:
    """`first_rows` of querysets made with `home_rows`, as `HomeRow`s."""
    return [[HomeRow._make(row) for row in rows] for rows in first_rows(querysets, limit)]


def first_rows(querysets: Sequence[QuerySet], limit: int) -> list[list[Any]]:
    """The first `limit` rows of each ordered queryset, read in one query (UNION ALL), in each
    queryset's order: model instances, or tuples for `values_list()` querysets.

    Each part keeps its queryset's filters, order and plan: its LIMIT runs in a subquery
    (`pk IN (… ORDER BY … LIMIT n)`, since SQLite does not allow one on a part of a UNION), and
    ROW_NUMBER() over those few rows gives the order back. Querysets must be explicitly
    ordered (`order_by()`), with a unique last key; the same model may appear several times.
    """
    if not querysets:
        return []
    parts = []
    for number, queryset in enumerate(querysets):
        ordering = queryset.query.order_by
        if not ordering:
            raise ValueError(f"first_rows() needs an ordered queryset of {queryset.model}.")
        parts.append(
            queryset.filter(pk__in=queryset.values("pk")[:limit])
            .order_by()
            .annotate(**{PART: Value(number), POSITION: Window(RowNumber(), order_by=ordering)})
        )
    combined = parts[0].union(*parts[1:], all=True).order_by(PART, POSITION)
    found: list[list[Any]] = [[] for _ in querysets]
    for row in combined:
        if isinstance(row, tuple):  # values_list(): the part and the position come last
            found[row[-2]].append(row[:-2])
        else:
            found[getattr(row, PART)].append(row)
    return found
