"""Reads behind the public statistics page (统计): figures of one year, from live data.

Each section appears only when its app is installed (proposals, interaction …), so the page
works on a site that runs only part of the portal. The figures of a year are computed in a few
aggregate queries and cached under the content version (`portal.versioning`) and the year for
`CACHE_SECONDS` — applications and messages do not bump the content version, so the cache also
expires by time.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics as pystats
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils import timezone

from disclosure.models import Document
from disclosure.selectors import STATUTORY_SLUG, ColumnNode, column_tree
from portal.versioning import content_version
from requests_app.deadlines import NoCalendarError, WorkingCalendar
from requests_app.models import Application, Channel, Outcome
from requests_app.selectors import count_start_day, load_calendar

from .models import PageViewDaily

CACHE_SECONDS = 3600
#: The 条例 took effect on 2008-05-01: no statistics before that year.
FIRST_POSSIBLE_YEAR = 2008
#: Paths of the 政府信息公开 section, whose views the page totals.
DISCLOSURE_PATH_PREFIX = "/xxgk/"
TOP_PAGES = 10
MONTHS = tuple(range(1, 13))

#: Table-三 groups of the 办理结果 (annual report, 2021 format), by `Outcome.group`.
OUTCOME_GROUP_LABELS = {
    "1": "（一）予以公开",
    "2": "（二）部分公开",
    "3": "（三）不予公开",
    "4": "（四）无法提供",
    "5": "（五）不予处理",
    "6": "（六）其他处理",
}
OTHER_COLUMNS_LABEL = "已停用栏目"


@dataclass(frozen=True)
class Figure:
    """One labelled number of a table or chart."""

    label: str
    value: int
    url: str = ""


@dataclass(frozen=True)
class Distribution:
    """Working days from receipt to answer (答复用时): median and 90th percentile."""

    timed: int
    median: float | None
    p90: int | None
    #: Answered applications whose working days could not be computed (dates missing, or
    #: the working-day calendar lacks the year).
    uncomputable: int


@dataclass
class ApplicationFigures:
    received: int
    by_channel: list[Figure]
    finished: int
    by_outcome: list[Figure]
    working_days: Distribution


@dataclass
class ProposalFigures:
    total: int
    answered: int


@dataclass
class MessageFigures:
    received: int
    answered: int
    average_working_days: float | None
    notes: list[str] = field(default_factory=list)


@dataclass
class PageViewFigures:
    disclosure_total: int
    top_pages: list[Figure]


@dataclass
class YearStatistics:
    year: int
    documents_total: int
    documents_by_column: list[Figure]
    documents_by_month: list[Figure]
    applications: ApplicationFigures
    proposals: ProposalFigures | None
    consultations_held: int | None
    messages: MessageFigures | None
    pageviews: PageViewFigures
    computed_at: dt.datetime


# --- Years ------------------------------------------------------------------------------------


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """[1 January, next 1 January) of `year` in the site's time zone."""
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def current_year() -> int:
    return timezone.localdate().year


def first_year() -> int:
    """The first year with a published document or a received application (cached)."""
    key = f"site_stats:first-year:v{content_version()}"
    year = cache.get(key)
    if year is None:
        candidates = [current_year()]
        first_published = (
            Document.objects.published().order_by("published_at").values_list(
                "published_at", flat=True
            ).first()
        )
        if first_published is not None:
            candidates.append(timezone.localtime(first_published).year)
        first_received = (
            Application.objects.exclude(received_on=None)
            .order_by("received_on")
            .values_list("received_on", flat=True)
            .first()
        )
        if first_received is not None:
            candidates.append(first_received.year)
        year = max(FIRST_POSSIBLE_YEAR, min(candidates))
        cache.set(key, year, CACHE_SECONDS)
    return year


def available_years() -> list[int]:
    """Years the statistics page offers, newest first."""
    return list(range(current_year(), first_year() - 1, -1))


def is_available_year(year: int) -> bool:
    return FIRST_POSSIBLE_YEAR <= year <= current_year()


# --- Documents (主动公开) -----------------------------------------------------------------------


def reporting_column(node: ColumnNode) -> ColumnNode:
    """The column a document is counted under: the top-level column of the 政府信息公开
    section (the section's own column left out), or, inside 法定主动公开内容, the column
    directly under it."""
    trail = node.trail
    top = trail[0]
    if top.slug == STATUTORY_SLUG and len(trail) > 1:
        return trail[1]
    return top


def _documents_in(year: int):
    start, end = year_bounds(year)
    return Document.objects.published().filter(published_at__gte=start, published_at__lt=end)


def documents_by_column(year: int) -> list[Figure]:
    """Documents published in `year` (still published) per reporting column, in column order;
    columns without documents are left out."""
    tree = column_tree()
    per_column = dict(
        _documents_in(year).order_by().values("column_id").annotate(n=Count("id"))
        .values_list("column_id", "n")
    )
    totals: dict[int, int] = {}
    inactive = 0
    for column_id, n in per_column.items():
        node = tree.by_id.get(column_id)
        if node is None:
            inactive += n
            continue
        top = reporting_column(node)
        totals[top.id] = totals.get(top.id, 0) + n
    order = {node_id: position for position, node_id in enumerate(_tree_order(tree.roots))}
    rows = [
        Figure(tree.by_id[node_id].name, n, tree.by_id[node_id].get_absolute_url())
        for node_id, n in sorted(totals.items(), key=lambda item: order[item[0]])
    ]
    if inactive:
        rows.append(Figure(OTHER_COLUMNS_LABEL, inactive))
    return rows


def _tree_order(nodes: Iterable[ColumnNode]) -> Iterable[int]:
    for node in nodes:
        yield node.id
        yield from _tree_order(node.children)


def documents_by_month(year: int) -> list[Figure]:
    per_month = dict(
        _documents_in(year).order_by().annotate(month=ExtractMonth("published_at"))
        .values("month").annotate(n=Count("id")).values_list("month", "n")
    )
    return [Figure(f"{month}月", per_month.get(month, 0)) for month in MONTHS]


# --- Applications (依申请公开) --------------------------------------------------------------------


def working_days_between(
    start: dt.date, end: dt.date, calendar: WorkingCalendar, *, count_start_day: bool = False
) -> int:
    """Working days from `start` to `end` under the statutory counting rule: the working days
    after `start` up to and including `end` (an answer on the day of receipt is 0); with
    ``count_start_day`` the receipt day counts too when it is a working day.
    Raises `NoCalendarError` when a day of an uncovered year is needed."""
    day = start if count_start_day else start + dt.timedelta(days=1)
    days = 0
    while day <= end:
        if calendar.is_workday(day):
            days += 1
        day += dt.timedelta(days=1)
    return days


def percentile_nearest_rank(values: list[int], percent: int) -> int | None:
    """The nearest-rank percentile: the smallest value with at least `percent` % of the values
    at or below it (so P90 of 10 values is the 9th smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def distribution(pairs: Iterable[tuple[dt.date | None, dt.date | None]]) -> Distribution:
    """Median and P90 working days of (received_on, answered_on) pairs; pairs without both
    dates, answered before receipt or outside the loaded calendar are counted as uncomputable."""
    calendar = load_calendar()
    start_day = count_start_day()
    days: list[int] = []
    uncomputable = 0
    for received_on, answered_on in pairs:
        if received_on is None or answered_on is None or answered_on < received_on:
            uncomputable += 1
            continue
        try:
            days.append(
                working_days_between(received_on, answered_on, calendar, count_start_day=start_day)
            )
        except NoCalendarError:
            uncomputable += 1
    return Distribution(
        timed=len(days),
        median=pystats.median(days) if days else None,
        p90=percentile_nearest_rank(days, 90),
        uncomputable=uncomputable,
    )


def application_figures(year: int) -> ApplicationFigures:
    """本年新收 by channel (received in `year`); 办理结果 by table-三 group (finished — answered
    or closed — in `year`); working days to answer of those answered in `year`."""
    received = dict(
        Application.objects.filter(received_on__year=year).order_by().values("channel")
        .annotate(n=Count("id")).values_list("channel", "n")
    )
    by_channel = [Figure(str(channel.label), received.get(channel.value, 0)) for channel in Channel]

    finished = (
        Application.objects.exclude(outcome="")
        .annotate(finished_on=Coalesce("answered_on", "closed_on"))
        .filter(finished_on__year=year)
    )
    per_outcome = dict(
        finished.order_by().values("outcome").annotate(n=Count("id")).values_list("outcome", "n")
    )
    per_group: dict[str, int] = dict.fromkeys(OUTCOME_GROUP_LABELS, 0)
    for code, n in per_outcome.items():
        per_group[Outcome(code).group] += n
    by_outcome = [Figure(label, per_group[group]) for group, label in OUTCOME_GROUP_LABELS.items()]

    answered = Application.objects.filter(answered_on__year=year).values_list(
        "received_on", "answered_on"
    )
    return ApplicationFigures(
        received=sum(received.values()),
        by_channel=by_channel,
        finished=sum(per_group.values()),
        by_outcome=by_outcome,
        working_days=distribution(answered),
    )


# --- Optional apps ---------------------------------------------------------------------------


def optional_model(app_label: str, model_name: str):
    """The model when its app is installed, else None (sections of absent apps are left out)."""
    if not apps.is_installed(app_label):
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def proposal_figures(year: int) -> ProposalFigures | None:
    """建议提案 of the `year` session: handled and answered."""
    Proposal = optional_model("proposals", "Proposal")
    if Proposal is None:
        return None
    totals = Proposal.objects.filter(year=year).aggregate(
        total=Count("id"), answered=Count("id", filter=Q(answered_on__isnull=False))
    )
    return ProposalFigures(total=totals["total"], answered=totals["answered"])


def consultations_held(year: int) -> int | None:
    """意见征集 published and opened in `year`."""
    Consultation = optional_model("interaction", "Consultation")
    if Consultation is None:
        return None
    start, end = year_bounds(year)
    return Consultation.objects.published().filter(opens_at__gte=start, opens_at__lt=end).count()


def message_figures(year: int) -> MessageFigures | None:
    """网上咨询 / 领导信箱: received, answered and the average reply time (interaction's own
    monthly statistics)."""
    if optional_model("interaction", "Message") is None:
        return None
    from interaction.selectors import monthly_statistics

    monthly = monthly_statistics(year)
    return MessageFigures(
        received=monthly.received,
        answered=monthly.answered,
        average_working_days=monthly.average_working_days,
        notes=list(monthly.notes),
    )


# --- Page views (访问量) -------------------------------------------------------------------------


def pageview_figures(year: int) -> PageViewFigures:
    rows = PageViewDaily.objects.filter(day__year=year)
    disclosure_total = (
        rows.filter(path__startswith=DISCLOSURE_PATH_PREFIX).aggregate(n=Sum("count"))["n"] or 0
    )
    top = (
        rows.order_by().values("path").annotate(n=Sum("count")).order_by("-n", "path")[:TOP_PAGES]
    )
    return PageViewFigures(
        disclosure_total=disclosure_total,
        top_pages=[Figure(row["path"], row["n"], row["path"]) for row in top],
    )


# --- The year --------------------------------------------------------------------------------


def compute_year_statistics(year: int) -> YearStatistics:
    by_month = documents_by_month(year)
    return YearStatistics(
        year=year,
        documents_total=sum(row.value for row in by_month),
        documents_by_column=documents_by_column(year),
        documents_by_month=by_month,
        applications=application_figures(year),
        proposals=proposal_figures(year),
        consultations_held=consultations_held(year),
        messages=message_figures(year),
        pageviews=pageview_figures(year),
        computed_at=timezone.now(),
    )


def year_statistics(year: int) -> YearStatistics:
    """The figures of `year`, cached under the content version and the year."""
    key = f"site_stats:year:{year}:v{content_version()}"
    figures = cache.get(key)
    if figures is None:
        figures = compute_year_statistics(year)
        cache.set(key, figures, CACHE_SECONDS)
    return figures
