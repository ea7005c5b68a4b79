"""Site search queries (站内搜索): parsing, matching, ranking, bounded counting and paging.

Every search reads `SearchEntry` rows with `published_at <= now`, so drafts, withdrawn and
scheduled items never appear. The work a query can cost is capped whatever its words:

- a 文号 or 索引号 equal to the query (typed with [] or （） for 〔〕 too) is listed first;
- words: the query is segmented (`search.text`), stop words dropped, and every word must match
  (AND). On PostgreSQL a word matches through the weighted `tsvector` (GIN index) — a long word
  also through all of its sub-words — and the whole query of three or more characters also
  matches as a substring of the title, 文号 or 索引号 (trigram GIN indexes, `ILIKE`). The query
  only ever reaches PostgreSQL as parameters of `plainto_tsquery` / `ILIKE`, never as tsquery
  syntax. On SQLite (the demo) the same words are matched with `LIKE`;
- counts stop at `SEARCH_MAX_COUNT` (1000: "1000+ 条结果");
- relevance (`ts_rank`, plus a bonus when the title holds the query) is computed over at most
  `SEARCH_RANK_WINDOW` (2000) matches; newest-first takes the GIN bitmap and a top-N sort
  when the matches are few, the date index when they are many (`_by_date`); pages stop at
  `SEARCH_MAX_PAGES` (50);
- on PostgreSQL the index statistics plan a search before it runs (`plan_search`,
  `search.stats`): a word held by more rows than can be listed is searched as itself only (no
  sub-words, no title substring), many matches are walked by date and, without a filter, shown
  as "1000+" without counting, and ranked over `SEARCH_DENSE_RANK_WINDOW` (1000) matches;
- a query of one Chinese word (`title_word`, no filter) is ranked by tiers: the matches whose
  title holds it, best first from the title words' own index (`TitleWord`), then the other
  matches newest first (their ranks tie: the body is indexed without positions). When more
  titles hold it than pages can list, every page is a slice of that index; otherwise a page past
  the titles walks the other matches by date. Either way no ranking window is read, and the
  order is that of ranking every match (but for matches by 主题词 alone, listed by date with
  the body matches).
  At a million documents every query of `bench/search.py` takes at most 21 ms (p95).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import DatabaseError, connection, models
from django.db.models import (
    Case,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Lookup,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from disclosure.validators import suggest_document_number
from portal import statements

from .highlight import highlight, match_pattern, snippet
from .models import SearchEntry, TitleWord
from .stats import (
    EMPTY,
    STATISTICS_SQL,
    WordStatistics,
    cached_statistics,
    remember_statistics,
    statistics_params,
)
from .text import normalise, query_groups

MAX_QUERY_LENGTH = 100
SUBSTRING_MIN_LENGTH = 3  # the shortest substring a trigram index answers
EXACT_LIMIT = 10

_LIST_FIELDS = (
    "kind", "title", "url", "published_at", "column_id", "document_number", "index_number",
    "excerpt",
)


def max_count() -> int:
    return getattr(settings, "SEARCH_MAX_COUNT", 1000)


def rank_window(plan: SearchPlan | None = None) -> int:
    """Matches ranked by relevance: `SEARCH_RANK_WINDOW`, or `SEARCH_DENSE_RANK_WINDOW` (1000)
    for common words, whose matches are read from a large bitmap (`plan_search`)."""
    if plan is not None and plan.dense:
        return getattr(settings, "SEARCH_DENSE_RANK_WINDOW", 1000)
    return getattr(settings, "SEARCH_RANK_WINDOW", 2000)


def max_pages() -> int:
    return getattr(settings, "SEARCH_MAX_PAGES", 50)


class Sort(models.TextChoices):
    RELEVANCE = "relevance", _("相关度")
    NEWEST = "newest", _("最新发布")


class ILike(Lookup):
    """`lhs ILIKE rhs` (PostgreSQL): Django's `icontains` compares UPPER(…) and so cannot use
    the trigram indexes built on the plain columns."""

    lookup_name = "ilike"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]


def _like_pattern(text: str) -> str:
    """`%text%` with LIKE's wildcards and escape character taken literally."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


# --- The query -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    """A search query as typed and as the index reads it (检索式)."""

    text: str
    variants: tuple[str, ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...]
    #: Words searched as themselves only, not also through their sub-words (`plan_search`).
    whole_words: frozenset[str] = frozenset()

    @property
    def substrings(self) -> tuple[str, ...]:
        """Variants of one piece (no space) long enough for a substring (trigram) match on
        titles and numbers; none when every word is common (`plan_search`): the words alone
        then find more than a results page can list."""
        if self.groups and all(term in self.whole_words for term, _ in self.groups):
            return ()
        return tuple(
            v for v in self.variants if len(v) >= SUBSTRING_MIN_LENGTH and " " not in v
        )

    @property
    def is_searchable(self) -> bool:
        """False when nothing is left to search for (only stop words or punctuation)."""
        return bool(self.groups or self.substrings)

    def highlight_words(self) -> list[str]:
        words = [word for term, subwords in self.groups for word in (term, *subwords)]
        return [*words, *(normalise(v) for v in self.variants)]


def parse_query(raw: str) -> ParsedQuery:
    """Spaces collapsed, at most 100 characters; a 文号 typed with [] or （） also as 〔〕."""
    text = " ".join((raw or "").split())[:MAX_QUERY_LENGTH]
    variants = [text] if text else []
    fixed = suggest_document_number(text)
    if fixed and fixed != text and "〔" in fixed:
        variants.append(fixed)
    return ParsedQuery(text=text, variants=tuple(variants), groups=tuple(query_groups(text)))


@dataclass(frozen=True)
class Filters:
    """类型、栏目 (with the columns below it)、年份、发布机构; None means any."""

    content_type_id: int | None = None
    column_ids: tuple[int, ...] | None = None
    year: int | None = None
    organisation_id: int | None = None

    def apply(self, entries: QuerySet) -> QuerySet:
        if self.content_type_id is not None:
            entries = entries.filter(content_type_id=self.content_type_id)
        if self.column_ids is not None:
            entries = entries.filter(column_id__in=self.column_ids)
        if self.year is not None:
            entries = entries.filter(year=self.year)
        if self.organisation_id is not None:
            entries = entries.filter(organisation_id=self.organisation_id)
        return entries


# --- Matching --------------------------------------------------------------------------------


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _tsquery(query: ParsedQuery) -> SearchQuery | None:
    """Each word, or all of its sub-words, ANDed: plainto_tsquery('simple', word) combined
    with && and ||. Words only ever reach PostgreSQL as parameters."""
    combined = None
    for term, subwords in query.groups:
        word = SearchQuery(term, search_type="plain", config="simple")
        if subwords and term not in query.whole_words:
            word |= SearchQuery(" ".join(subwords), search_type="plain", config="simple")
        combined = word if combined is None else combined & word
    return combined


def _substring_condition(query: ParsedQuery) -> Q:
    """The query as a substring of the title, and of the 文号 and 索引号 when it holds a digit
    (a number's fragment: 〔2017〕41, 2026-00015)."""
    condition = Q(pk__in=[])
    for text in query.substrings:
        names = ["title"]
        if any(char.isdigit() for char in text):
            names += ["document_number", "index_number"]
        for name in names:
            if _is_postgresql():
                condition |= Q(ILike(F(name), Value(_like_pattern(text))))
            else:
                condition |= Q(**{f"{name}__icontains": text})
    return condition


def _word_condition(query: ParsedQuery) -> Q:
    if not query.groups:
        return Q(pk__in=[])
    if _is_postgresql():
        return Q(search_vector=_tsquery(query))
    condition = Q()
    for term, subwords in query.groups:
        condition &= _contains_everywhere(term) | (
            _all_contained(subwords) if subwords else Q(pk__in=[])
        )
    return condition


def _contains_everywhere(word: str) -> Q:
    """SQLite: the word somewhere in the title, the numbers or the body excerpt."""
    return (
        Q(title__icontains=word)
        | Q(document_number__icontains=word)
        | Q(index_number__icontains=word)
        | Q(excerpt__icontains=word)
    )


def _all_contained(words: tuple[str, ...]) -> Q:
    condition = Q()
    for word in words:
        condition &= _contains_everywhere(word)
    return condition


def visible_entries(at: datetime | None = None) -> QuerySet:
    """Index rows the public may see at `at` (default now): scheduled items stay out."""
    return SearchEntry.objects.filter(published_at__lte=at or timezone.now())


def exact_matches(query: ParsedQuery, filters: Filters, at: datetime | None = None) -> QuerySet:
    """Items whose 文号 or 索引号 is exactly the query (listed before the other results)."""
    if not query.variants:
        return SearchEntry.objects.none()
    return _exact_base(query, filters, at).only(*_LIST_FIELDS)[:EXACT_LIMIT]


def _exact_ids(query: ParsedQuery, filters: Filters) -> QuerySet:
    """`entry_id` of the exact matches at `statements.AT`, for a search statement."""
    return (
        _exact_base(query, filters, statements.AT)
        .annotate(entry_id=F("pk"))
        .values_list("entry_id")
    )[:EXACT_LIMIT]


def _exact_base(query: ParsedQuery, filters: Filters, at: datetime | None = None) -> QuerySet:
    return (
        filters.apply(visible_entries(at))
        .filter(Q(document_number__in=query.variants) | Q(index_number__in=query.variants))
        .order_by("-published_at", "-pk")
    )


def matching_entries(query: ParsedQuery, filters: Filters, at: datetime | None = None) -> QuerySet:
    """Visible rows matching every word of the query, or holding it as a substring."""
    if not query.is_searchable:
        return SearchEntry.objects.none()
    return filters.apply(visible_entries(at)).filter(
        _word_condition(query) | _substring_condition(query)
    )


# --- Planning --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchPlan:
    """What the index statistics (`search.stats`) tell about a query before it runs.

    `dense`: newest-first results come from walking the date index (many matches) or from
    sorting the matches (few); None when the statistics do not say, and the statement then
    decides by the capped count. `count`: False when the matches are known to exceed the cap
    (a common word and no filter): "1000+" without counting them.
    """

    dense: bool | None = None
    count: bool = True


UNPLANNED = SearchPlan()


def plan_search(
    query: ParsedQuery, filters: Filters, stats: WordStatistics = EMPTY
) -> tuple[ParsedQuery, SearchPlan]:
    """The query as it will run (common words without their sub-words) and its plan."""
    if not stats.rows or not query.groups:
        return query, UNPLANNED
    cap = max_count()
    whole_words = set()
    share = 1.0  # of rows matching every group (independent words)
    rare = False  # a group rarer than every word kept: few matches, sort them
    for term, subwords in query.groups:
        term_share = stats.shares.get(term, 0.0)
        if term_share * stats.rows > cap:
            whole_words.add(term)  # enough rows hold the word itself
            share *= term_share
            continue
        sub_share = 0.0
        if subwords and all(word in stats.shares for word in subwords):
            sub_share = math.prod(stats.shares[word] for word in subwords)
        group_share = max(term_share, sub_share)
        if not group_share:  # rarer than every word the statistics keep
            rare = True
            continue
        share *= group_share
    matches = share * stats.rows
    dense = not rare and matches >= stats.dense_threshold()
    count = not (dense and filters == Filters() and matches >= 2 * cap)
    return replace(query, whole_words=frozenset(whole_words)), SearchPlan(dense=dense, count=count)


_HAN_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def title_word(query: ParsedQuery, filters: Filters, sort: str) -> str | None:
    """The word of a search by relevance ranked by tiers (`_TitleWordArms`): a query of one
    Chinese word, searched as itself, with no filter and no substring to match.

    Every title holding the word outranks every other match (weight 'A' and the title bonus),
    so when more titles hold it than pages can list (`SEARCH_MAX_COUNT`), every page comes from
    them, best first from their own index, and the count is "1000+" — without reading the
    matches, which for a common word cost in proportion to their number (`_statement`).
    """
    if sort != Sort.RELEVANCE or filters != Filters() or len(query.groups) != 1:
        return None
    term, subwords = query.groups[0]
    if query.substrings or (subwords and term not in query.whole_words):
        return None
    return term if _HAN_WORD.fullmatch(term) else None


# --- Ordering --------------------------------------------------------------------------------


def _title_bonus(query: ParsedQuery):
    """1 when the title holds the whole query (a phrase, a name, a 文号), else 0."""
    whens = [When(title__icontains=text, then=Value(1.0)) for text in query.variants]
    return Case(*whens, default=Value(0.0), output_field=FloatField())


def _relevance_score(query: ParsedQuery):
    if _is_postgresql():
        tsquery = _tsquery(query)
        rank = (
            SearchRank(F("search_vector"), tsquery)
            if tsquery is not None
            else Value(0.0, output_field=FloatField())
        )
        return ExpressionWrapper(
            Cast(rank, FloatField()) + _title_bonus(query), output_field=FloatField()
        )
    # SQLite: how many query words the title holds, then the whole query in the title.
    words = [
        Case(When(title__icontains=term, then=Value(1)), default=Value(0),
             output_field=IntegerField())
        for term, _subwords in query.groups
    ]
    return ExpressionWrapper(sum(words, Value(0)) + _title_bonus(query), output_field=FloatField())


def _by_date(matches: QuerySet, *, dense: bool) -> QuerySet:
    """Newest first. With up to SEARCH_MAX_COUNT matches, `+ interval '0'` hides the date index
    from the planner: it takes the GIN bitmap and sorts the few matches (ms) instead of walking
    the dates and filtering (which reads most of the table for a rare word). With more matches
    (a common word) walking the date index finds a page of them at once, while sorting them
    all would cost in proportion to their number."""
    if _is_postgresql() and not dense:
        newest = ExpressionWrapper(
            F("published_at") + Value(timedelta(0)), output_field=DateTimeField()
        )
        return matches.order_by(newest.desc(), "-pk")
    return matches.order_by("-published_at", "-pk")


# --- Results ---------------------------------------------------------------------------------


@dataclass(slots=True)
class ListedEntry:
    """What a result shows of its `SearchEntry` (`_LIST_FIELDS`): read straight from the
    cursor, without building model instances."""

    pk: int
    kind: str
    title: str
    url: str
    published_at: datetime
    column_id: int | None
    document_number: str
    index_number: str
    excerpt: str


@dataclass
class Hit:
    """A result row with its highlighted title and snippet (safe HTML)."""

    entry: ListedEntry | SearchEntry
    title_html: SafeString
    snippet_html: SafeString
    column_name: str = ""


@dataclass
class ResultPage:
    exact: list[Hit]
    hits: list[Hit]
    count: int  # exact matches + others, at most `SEARCH_MAX_COUNT`
    more: bool  # more than `count` results exist ("1000+")
    number: int
    num_pages: int
    truncated_pages: bool = False  # the page asked for was past the last page allowed

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1


def _hits(entries, query: ParsedQuery) -> list[Hit]:
    pattern = match_pattern(query.highlight_words())
    return [
        Hit(
            entry=entry,
            title_html=highlight(entry.title, pattern),
            snippet_html=snippet(entry.excerpt, pattern),
        )
        for entry in entries
    ]


class _SeqScans:
    """PostgreSQL: the search's statements never scan the whole table.

    Under a LIMIT (the capped count, the ranking window) the planner expects a sequential scan
    to meet enough matches early, but it prices a tsvector match as one operator call while
    each row's vector must be decompressed: such a plan read 25,000 rows for a four-character
    word at 100k documents (144 ms instead of 13 ms through the GIN index).

    The setting is switched off by one statement and restored by the search statement itself
    (`restore_sql`: it runs after that statement was planned), so a search costs two round trips
    and no transaction of its own. Inside the caller's transaction the setting is local to it;
    outside one it is the session's, and an error restores it at once (`restore_now`).
    """

    def __init__(self, *, read_statistics: bool = False) -> None:
        self.previous: str | None = None  # the value to restore, while it must be restored
        self._local = False
        self._read_statistics = read_statistics
        #: The index statistics (`search.stats`), when read by `switch_off` (same round trip).
        self.statistics: WordStatistics | None = None

    def switch_off(self) -> None:
        sql = "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', %s)"
        params: list = [self._local]
        if self._read_statistics:
            sql += f", st.* FROM (SELECT 1) one LEFT JOIN ({STATISTICS_SQL}) st ON true"
            params += statistics_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        self.previous = row[0]
        if self._read_statistics:
            self._read_statistics = False
            self.statistics = remember_statistics(row[2:] if row[2] is not None else None)

    def restore_sql(self) -> tuple[str, list]:
        """A column restoring the setting, for the search statement (then restored)."""
        if self.previous is None:
            return "", []
        previous, self.previous = self.previous, None
        return ", set_config('enable_seqscan', %s, %s) AS search_restored", [previous, self._local]

    def restore_now(self) -> None:
        if self.previous is not None:
            previous, self.previous = self.previous, None
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('enable_seqscan', %s, %s)", [previous, self._local]
                )

    @contextmanager
    def scope(self, *, switched_from: str | None = None) -> Iterator[_SeqScans | None]:
        """Switched off for the block (by a statement of its own, or already by the caller's
        last statement, which found the setting at `switched_from`), restored after it."""
        if not _is_postgresql():
            yield None
            return
        self._local = connection.in_atomic_block
        try:
            if switched_from is None:
                self.switch_off()
            else:
                self.previous = switched_from
            yield self
        except BaseException:
            if not connection.needs_rollback:
                try:
                    self.restore_now()
                except DatabaseError:
                    pass
            raise
        self.restore_now()


def search(
    query: ParsedQuery,
    *,
    filters: Filters | None = None,
    sort: str = Sort.RELEVANCE,
    page: int = 1,
    per_page: int = 20,
    at: datetime | None = None,
) -> ResultPage:
    """One page of results: exact numbers, capped count and the page, in one statement (after
    `enable_seqscan = off` on PostgreSQL).

    `page` is clamped to the pages the capped count allows (never more than SEARCH_MAX_PAGES):
    a page past the last one costs the statement once more.
    """
    stats = cached_statistics()
    filters, at = filters or Filters(), at or timezone.now()
    if stats is not None and _is_postgresql():
        found = _search_titles(query, filters, sort, page, per_page, at, stats)
        if found is not None:
            return found
    with _SeqScans(read_statistics=stats is None).scope() as seqscans:
        if seqscans is not None and seqscans.statistics is not None:
            stats = seqscans.statistics
        return _search(
            query, filters=filters, sort=sort, page=page, per_page=per_page, at=at,
            seqscans=seqscans, stats=stats or EMPTY,
        )


def _page_numbers(
    counted: int, sort: str, page: int, per_page: int, plan: SearchPlan | None = None
) -> tuple[int, int, bool]:
    reachable = counted if sort == Sort.NEWEST else min(counted, rank_window(plan))
    num_pages = max(1, min(max_pages(), math.ceil(reachable / per_page)))
    number = max(1, page)
    truncated = number > num_pages
    return min(number, num_pages), num_pages, truncated


def _entry_columns() -> list[str]:
    """The columns of `ListedEntry`, in its order."""
    qn = connection.ops.quote_name
    fields = [SearchEntry._meta.pk, *(SearchEntry._meta.get_field(n) for n in _LIST_FIELDS)]
    return [f"e.{qn(model_field.column)}" for model_field in fields]


def _rows_sql(leading: str, source: str, *, exact_if: str = "") -> str:
    """The SELECT of a search statement over its CTEs `x` (exact matches) and `p` (the page):
    the `leading` columns from `source`, then `part, k1` and the `ListedEntry` columns of each
    row (`_read`); the exact matches only when `exact_if` holds."""
    qn = connection.ops.quote_name
    where = f" WHERE {exact_if}" if exact_if else ""
    return (
        f"SELECT {leading}, r.part AS search_part, r.k1 AS search_k1, "
        f"{', '.join(_entry_columns())} FROM {source} "
        f"LEFT JOIN (SELECT 0 AS part, x.entry_id, 0.0 AS k1 FROM x{where} "
        "UNION ALL SELECT 1 AS part, p.entry_id, p.k1 FROM p) r ON 1 = 1 "
        f"LEFT JOIN {qn(SearchEntry._meta.db_table)} e "
        f"ON e.{qn(SearchEntry._meta.pk.column)} = r.entry_id"
    )


def _shared_matches(sort: str, plan: SearchPlan) -> bool:
    """Whether the page is chosen from one set of matches that also gives the capped count: by
    relevance, the ranking window (when it holds more rows than the cap); newest first, all the
    matches when the statistics say they are few (`plan.dense` False). The matches are then
    read once, not once for the count and again for the page."""
    if not plan.count:
        return False
    if sort == Sort.NEWEST:
        return plan.dense is False
    return rank_window(plan) > max_count()


@dataclass(frozen=True)
class _PageSQL:
    """`entry_id, k1` of the page's rows (k1: the relevance score, or 0 by date) and, when they
    are chosen from the set of matches that also gives the count (`_shared_matches`), the SQL
    of that set (the CTE `m`)."""

    sql: str
    params: list
    shared_sql: str = ""
    shared_params: list = field(default_factory=list)


def _page_sql(
    matches: QuerySet, query: ParsedQuery, sort: str, offset: int, limit: int,
    plan: SearchPlan = UNPLANNED,
) -> _PageSQL:
    """The SQL choosing the page's rows (`_PageSQL`)."""
    if sort == Sort.NEWEST and plan.dense is False and _shared_matches(sort, plan):
        sql, params = (
            matches.order_by()
            .annotate(entry_id=F("pk"), entry_date=F("published_at"))
            .values_list("entry_id", "entry_date")
            .query.sql_with_params()
        )
        return _PageSQL(
            "SELECT m.entry_id, 0.0 AS k1 FROM m "
            "ORDER BY m.entry_date DESC, m.entry_id DESC LIMIT %s OFFSET %s",
            [limit, offset],
            f"SELECT entry_id, entry_date FROM ({sql}) mq",
            list(params),
        )
    if sort == Sort.NEWEST:
        sql, params = _newest_rows(matches, plan, offset, limit, max_count())
        return _PageSQL(f"SELECT d.entry_id, 0.0 AS k1 FROM ({sql}) d", params)
    window = (
        matches.annotate(
            score=_relevance_score(query), entry_id=F("pk"), entry_date=F("published_at")
        )
        .order_by()
        .values_list("entry_id", "score", "entry_date")[: rank_window(plan)]
    )
    sql, params = window.query.sql_with_params()
    order = "ORDER BY w.score DESC, w.entry_date DESC, w.entry_id DESC LIMIT %s OFFSET %s"
    if _shared_matches(sort, plan):
        return _PageSQL(
            f"SELECT w.entry_id, w.score AS k1 FROM m w {order}",
            [limit, offset],
            f"SELECT entry_id, score, entry_date FROM ({sql}) mq",
            list(params),
        )
    return _PageSQL(f"SELECT w.entry_id, w.score AS k1 FROM ({sql}) w {order}",
                    [*params, limit, offset])


#: Placeholders of the planner setting to restore, which changes from one run of a statement to
#: the next like the time (every search filters on `published_at <= now`: `statements.AT`).
_PREVIOUS, _LOCAL = object(), object()


@lru_cache(maxsize=256)
def _statement(
    vendor: str, query: ParsedQuery, filters: Filters, sort: str, offset: int, limit: int,
    plan: SearchPlan, restoring: bool, cap: int, window: int, tiers: bool = True,
) -> tuple[str, tuple]:
    """The search statement and its parameters, with placeholders where the time
    (`portal.statements`) and the setting to restore (`_PREVIOUS`, `_LOCAL`) go.

    The ORM builds and compiles the statement once per query, filters, page and plan in each
    process (`vendor`, `cap` and `window` only key the cache): that was a third of the search
    page's own CPU. The cache holds SQL text only — every search still runs it.
    """
    exact_ids = _exact_ids(query, filters)
    matches = matching_entries(query, filters, statements.AT).exclude(pk__in=exact_ids)
    restore_sql, restore_params = "", []
    if restoring:
        restore_sql = ", set_config('enable_seqscan', %s, %s) AS search_restored"
        restore_params = [_PREVIOUS, _LOCAL]
    word = title_word(query, filters, sort) if vendor == "postgresql" and tiers else None
    if word is None:
        page = _page_sql(matches, query, sort, offset, limit, plan)
    else:  # ranked by tiers (`_TitleWordArms`), counted without the ranking window
        page = _PageSQL("", [])
    shared = ""
    if page.shared_sql:  # the count and the page from one read of the matches
        materialized = "MATERIALIZED " if vendor == "postgresql" else ""
        shared = f"m AS {materialized}({page.shared_sql}), "
        count_cte = (
            f"SELECT COUNT(*) AS total{restore_sql} "  # noqa: S608 - SQL compiled by the ORM
            f"FROM (SELECT 1 FROM m LIMIT {cap + 1:d}) cq"
        )
        count_params = [*restore_params]
    elif plan.count:
        count_sql, count_params = (
            matches.order_by().values("pk")[: cap + 1].query.sql_with_params()
        )
        count_cte = f"SELECT COUNT(*) AS total{restore_sql} FROM ({count_sql}) cq"  # noqa: S608 - SQL compiled by the ORM
        count_params = [*restore_params, *count_params]
    else:  # known to exceed the cap (`plan_search`)
        count_cte = f"SELECT %s AS total{restore_sql}"
        count_params = [cap + 1, *restore_params]
    exact_sql, exact_params = exact_ids.query.sql_with_params()
    page_sql, page_params = page.sql, [*page.params]
    if word is not None:
        titles = _TitleWordArms(word, cap, offset, limit, restore_sql, restore_params)
        shared = f"{titles.count_cte()}, "
        count_cte, count_params = titles.count(count_cte, count_params)
        others = matches.exclude(
            Exists(TitleWord.objects.filter(entry_id=OuterRef("pk"), word=word))
        )
        page_sql, page_params = titles.page(_newest_rows(others, plan, 0, offset + limit, cap))
        page = replace(page, shared_params=titles.params)
    sql = (
        f"WITH {shared}c AS ({count_cte}), x AS ({exact_sql}), p AS ({page_sql}) "
        + _rows_sql("c.total AS search_total", "c")
    )
    params = (*page.shared_params, *count_params, *exact_params, *page_params)
    return sql, statements.time_placeholders(params, connection)


def _newest_rows(
    matches: QuerySet, plan: SearchPlan, offset: int, limit: int, cap: int
) -> tuple[str, list]:
    """SQL of `limit` matches newest first from `offset`, as `entry_id, entry_date`: walked by
    date or sorted (`_by_date`), as `plan.dense` says or, on PostgreSQL when the statistics do
    not say, as the capped count in the CTE `c` decides — a one-time filter: the other arm is
    never executed."""

    def newest(dense: bool) -> tuple[str, tuple]:
        return (
            _by_date(matches, dense=dense)
            .annotate(entry_id=F("pk"), entry_date=F("published_at"))
            .values_list("entry_id", "entry_date")[offset : offset + limit]
            .query.sql_with_params()
        )

    if plan.dense is not None or not _is_postgresql():
        sql, params = newest(bool(plan.dense))
        return f"SELECT * FROM ({sql}) nr", list(params)
    arms, params = [], []
    for dense in (False, True):
        sql, arm_params = newest(dense)
        arms.append(
            f"SELECT * FROM ({sql}) nr WHERE (SELECT total FROM c) {'>' if dense else '<='} %s"
        )
        params += [*arm_params, cap]
    return " UNION ALL ".join(arms), params


@dataclass(frozen=True)
class _TitleWordArms:
    """The parts of the search statement for a `title_word` query, ranked by tiers: first the
    matches whose title holds the word, best first from `TitleWord`'s index, then every other
    match newest first — their ranks all tie, the body being indexed without positions.

    `t` counts the word's visible titles up to the cap. When they exceed it, every page comes
    from them and the count is "cap + 1"; otherwise the usual capped count runs and a page
    past the titles continues with the other matches. Each arm is gated by a one-time filter on
    `t`, so the one not needed is never executed."""

    word: str
    cap: int
    offset: int
    limit: int
    restore_sql: str
    restore_params: list

    @property
    def params(self) -> list:
        """The parameters of `count_cte`."""
        return [self.word, statements.AT, self.cap + 1]

    def count_cte(self) -> str:
        table = connection.ops.quote_name(TitleWord._meta.db_table)
        return (
            f"t AS MATERIALIZED (SELECT COUNT(*) AS n FROM (SELECT 1 FROM {table} "  # noqa: S608
            "WHERE word = %s AND published_at <= %s LIMIT %s) tq)"
        )

    def count(self, usual_sql: str, usual_params: list) -> tuple[str, list]:
        sql = (
            f"SELECT %s AS total{self.restore_sql} FROM t WHERE t.n > %s "
            f"UNION ALL SELECT * FROM ({usual_sql}) uc WHERE (SELECT n FROM t) <= %s"
        )
        return sql, [
            self.cap + 1, *self.restore_params, self.cap, *usual_params, self.cap
        ]

    def page_from_titles(self, *, only_many: bool = False) -> tuple[str, list]:
        """The page's rows among the word's titles, best first (`only_many`: only when they
        exceed the cap)."""
        table = connection.ops.quote_name(TitleWord._meta.db_table)
        gate = "AND (SELECT n FROM t) > %s " if only_many else ""
        sql = (
            "SELECT tw.entry_id, tw.score AS k1 "  # noqa: S608
            f"FROM {table} tw WHERE tw.word = %s AND tw.published_at <= %s {gate}"
            "AND tw.entry_id NOT IN (SELECT entry_id FROM x) "
            "ORDER BY tw.score DESC, tw.published_at DESC, tw.entry_id DESC LIMIT %s OFFSET %s"
        )
        gate_params = [self.cap] if only_many else []
        return sql, [self.word, statements.AT, *gate_params, self.limit, self.offset]

    def page(self, others: tuple[str, list]) -> tuple[str, list]:
        """The page: its rows among the titles, then — when the titles are fewer than the cap —
        those among the other matches (`others`: the first `offset + limit` of them, newest
        first), after the `offset - n` that earlier pages listed."""
        titles_sql, titles_params = self.page_from_titles()
        others_sql, others_params = others
        sql = (
            f"SELECT * FROM ({titles_sql}) tp UNION ALL SELECT * FROM ("
            f"SELECT o.entry_id, 0.0 AS k1 FROM ({others_sql}) o WHERE (SELECT n FROM t) <= %s "
            "ORDER BY o.entry_date DESC, o.entry_id DESC "
            "LIMIT GREATEST(%s - (SELECT n FROM t), 0) - GREATEST(%s - (SELECT n FROM t), 0) "
            "OFFSET GREATEST(%s - (SELECT n FROM t), 0)) ob"
        )
        end = self.offset + self.limit
        return sql, [
            *titles_params, *others_params, self.cap, end, self.offset, self.offset,
        ]


def _search_titles(
    query: ParsedQuery, filters: Filters, sort: str, page: int, per_page: int, at: datetime,
    stats: WordStatistics,
) -> ResultPage | None:
    """A `title_word` query (PostgreSQL, statistics known) in one round trip: its title words
    are counted and, when they exceed the cap, the page is read from them; otherwise the same
    statement switches sequential scans off (`_SeqScans`) and the usual search follows, as it
    would have anyway — by tiers, unless the word is in no title and has few matches: their
    ranking over a window holding most of them is then as good and cheaper to plan. None when
    the query is not a `title_word` query."""
    if not query.is_searchable:
        return None
    planned, plan = plan_search(query, filters, stats)
    word = title_word(planned, filters, sort)
    if word is None:
        return None
    cap = max_count()
    number, num_pages, truncated = _page_numbers(cap + 1, sort, page, per_page, plan)
    if truncated:  # past the last page: the usual search clamps it
        return None
    sql, template = _title_statement(planned, word, (number - 1) * per_page, per_page, cap)
    local = connection.in_atomic_block
    params = [
        local if value is _LOCAL else value
        for value in statements.with_time(template, at, connection)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    previous, switched, titles = fetched[0][0], fetched[0][1], fetched[0][2]
    if switched:  # few titles: the usual search, the setting already off
        with _SeqScans().scope(switched_from=previous) as seqscans:
            return _search(
                query, filters=filters, sort=sort, page=page, per_page=per_page, at=at,
                seqscans=seqscans, stats=stats, tiers=bool(titles) or plan.dense is not False,
            )
    exact, counted, rows = _read([row[2:] for row in fetched], sort)
    return _result_page(planned, exact, counted, rows, number, num_pages, False)


@lru_cache(maxsize=256)
def _title_statement(
    query: ParsedQuery, word: str, offset: int, limit: int, cap: int
) -> tuple[str, tuple]:
    """The statement of `_search_titles`: `previous, switched` (the planner setting before it,
    and whether it was switched off: too few titles), then the rows of `_read`."""
    exact_sql, exact_params = _exact_ids(query, Filters()).query.sql_with_params()
    titles = _TitleWordArms(word, cap, offset, limit, "", [])
    page_sql, page_params = titles.page_from_titles(only_many=True)
    sql = (
        f"WITH {titles.count_cte()}, "
        "s AS MATERIALIZED (SELECT current_setting('enable_seqscan') AS previous, "
        "t.n <= %s AS switched, set_config('enable_seqscan', CASE WHEN t.n <= %s THEN 'off' "
        "ELSE current_setting('enable_seqscan') END, %s) AS setting FROM t), "
        f"x AS ({exact_sql}), p AS ({page_sql}) "
        + _rows_sql(
            "s.previous, s.switched, t.n AS search_total", "s CROSS JOIN t",
            exact_if="(SELECT n FROM t) > %s",
        )
    )
    params = (
        *titles.params, cap, cap, _LOCAL, *exact_params, *page_params, cap,
    )
    return sql, statements.time_placeholders(params, connection)


def _fetch(
    query: ParsedQuery, filters: Filters, sort: str, offset: int, limit: int, at: datetime,
    seqscans: _SeqScans | None, plan: SearchPlan = UNPLANNED, tiers: bool = True,
) -> tuple[list, int, list]:
    """(exact matches, capped count of the other matches, the page's rows) in one statement;
    `tiers` False: a `title_word` query ranked without them (`_search_titles`)."""
    previous, local = None, None
    if seqscans is not None:
        restore_sql, restore_params = seqscans.restore_sql()
        if restore_sql:
            previous, local = restore_params
    sql, template = _statement(
        connection.vendor, query, filters, sort, offset, limit, plan, previous is not None,
        max_count(), rank_window(plan), tiers,
    )
    settings_of = {id(_PREVIOUS): previous, id(_LOCAL): local}
    params = [
        settings_of[id(value)] if value is _PREVIOUS or value is _LOCAL else value
        for value in statements.with_time(template, at, connection)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _read(cursor.fetchall(), sort)


def _read(fetched: list, sort: str) -> tuple[list, int, list]:
    """(exact matches, capped count, the page's rows) from the rows of a search statement:
    `total, part, k1, *ListedEntry` (part 0: an exact match, 1: the page, None: no row)."""
    exact, rows = [], []
    to_datetime = getattr(connection.ops, "convert_datetimefield_value", None)  # SQLite
    counted = fetched[0][0] if fetched else 0  # the same on every row
    for _total, part, score, *values in fetched:
        if part is None:  # no match: the count alone
            continue
        entry = ListedEntry(*values)
        if to_datetime is not None:
            entry.published_at = to_datetime(entry.published_at, None, connection)
        if part == 0:
            exact.append(entry)
        else:
            rows.append((score, entry))
    exact.sort(key=lambda e: (e.published_at, e.pk), reverse=True)
    if sort == Sort.NEWEST:
        rows.sort(key=lambda r: (r[1].published_at, r[1].pk), reverse=True)
    else:
        rows.sort(key=lambda r: (r[0], r[1].published_at, r[1].pk), reverse=True)
    return exact, counted, [entry for _score, entry in rows]


def _search(
    query: ParsedQuery, *, filters: Filters, sort: str, page: int, per_page: int, at: datetime,
    seqscans: _SeqScans | None = None, stats: WordStatistics = EMPTY, tiers: bool = True,
) -> ResultPage:
    if not query.is_searchable:
        exact, counted, rows = list(exact_matches(query, filters, at)), 0, []
        number, num_pages, truncated = _page_numbers(0, sort, page, per_page)
    else:
        query, plan = plan_search(query, filters, stats)
        offset = (max(1, page) - 1) * per_page
        exact, counted, rows = _fetch(
            query, filters, sort, offset, per_page, at, seqscans, plan, tiers
        )
        number, num_pages, truncated = _page_numbers(counted, sort, page, per_page, plan)
        if truncated:  # a page past the last one: fetch the last page instead
            if seqscans is not None:
                seqscans.switch_off()
            offset = (number - 1) * per_page
            exact, counted, rows = _fetch(
                query, filters, sort, offset, per_page, at, seqscans, plan, tiers
            )
    return _result_page(query, exact, counted, rows, number, num_pages, truncated)


def _result_page(
    query: ParsedQuery, exact: list, counted: int, rows: list, number: int, num_pages: int,
    truncated: bool,
) -> ResultPage:
    cap = max_count()
    more = len(exact) + counted > cap
    count = min(cap, len(exact) + counted)
    return ResultPage(
        exact=_hits(exact, query) if number == 1 else [],
        hits=_hits(rows, query),
        count=count,
        more=more,
        number=number,
        num_pages=num_pages,
        truncated_pages=truncated,
    )
