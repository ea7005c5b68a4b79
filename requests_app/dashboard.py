"""Reads behind the staff dashboard (依申请公开办理台), its exports and its reminders.

Everything here is a selector: it reads, never writes. ``today`` is always passed in (the views
and the reminder service use ``timezone.localdate()``), so tests and the scheduler agree on
what "due soon" and "overdue" mean.

- `due_soon_window` — 即将到期: open applications due within the next 5 working days; when the
  calendar cannot say which days those are (a year without a loaded holiday schedule), 7
  calendar days instead, with a warning the page shows.
- `dashboard_counts` — one aggregate query: applications by status, due soon, overdue, paused
  (暂停计时), deadline not computable (期限无法计算).
- `filtered_applications` — the sortable, filterable table (also the exports' rows).
- `suggest_proactive_disclosure` — the same information asked for by several applicants
  (第四十四条: consider publishing it proactively).
- `repeated_requests_by_applicant` — one applicant's many or repeated requests (第三十五条:
  数量、频次明显超过合理范围 — for staff to consider, never decided automatically).

Personal data: nothing here returns an ID number to a template; rows carry masked names and
phones (`requests_app.permissions.mask_name` / `mask_phone`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from .deadlines import DeadlineError, NoCalendarError, WorkingCalendar
from .models import ApplicantType, Application, Channel, Outcome
from .permissions import mask_name, mask_phone
from .services.clock import working_days_after

#: 即将到期: due within this many working days from today.
DUE_SOON_WORKING_DAYS = 5
#: Fallback window (calendar days) when the working-day calendar cannot compute the above.
DUE_SOON_FALLBACK_CALENDAR_DAYS = 7
#: 暂停计时: the clock does not run (补正 restarts it; consultation and fee time is excluded).
PAUSED_STATUSES = (
    Application.Status.AWAITING_CORRECTION,
    Application.Status.CONSULTING,
    Application.Status.AWAITING_FEE,
)
#: Statuses that count for the 第四十四条 suggestion: still open, or answered.
PROACTIVE_STATUSES = (*Application.OPEN_STATUSES, Application.Status.ANSWERED)
#: Look-back periods of the related-application hints.
PROACTIVE_LOOKBACK_DAYS = 365
REPEAT_WINDOW_DAYS = 30
REPEAT_SUBJECT_LOOKBACK_DAYS = 365


# --- Due-soon window ------------------------------------------------------------------------


@dataclass(frozen=True)
class DueSoonWindow:
    """Open applications with ``today <= due_on <= end`` are 即将到期."""

    today: dt.date
    end: dt.date
    #: True when ``end`` is 5 working days ahead; False for the 7-calendar-day fallback.
    in_working_days: bool
    #: Chinese warning for staff when the fallback is used.
    warning: str = ""

    @property
    def label(self) -> str:
        if self.in_working_days:
            return f"{DUE_SOON_WORKING_DAYS}个工作日内（截至{self.end:%Y-%m-%d}）"
        return (
            f"{DUE_SOON_FALLBACK_CALENDAR_DAYS}个自然日内（截至{self.end:%Y-%m-%d}，按自然日估算）"
        )


def due_soon_window(today: dt.date) -> DueSoonWindow:
    """The 即将到期 window from ``today``: WD(today, 5), else today + 7 calendar days."""
    try:
        end = working_days_after(today, DUE_SOON_WORKING_DAYS)
    except DeadlineError as error:  # NoCalendarError is a DeadlineError
        return DueSoonWindow(
            today=today,
            end=today + dt.timedelta(days=DUE_SOON_FALLBACK_CALENDAR_DAYS),
            in_working_days=False,
            warning=(
                f"无法按工作日计算“即将到期”范围：{error}。"
                f"暂按{DUE_SOON_FALLBACK_CALENDAR_DAYS}个自然日显示，请尽快在工作日历中录入相关年度安排。"
            ),
        )
    return DueSoonWindow(today=today, end=end, in_working_days=True)


# --- Counts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: Application.Status
    count: int

    @property
    def label(self) -> str:
        return str(self.status.label)


@dataclass(frozen=True)
class DashboardCounts:
    by_status: list[StatusCount]
    total: int
    open: int
    due_soon: int
    overdue: int
    paused: int
    clock_errors: int


def _overdue_q(today: dt.date) -> Q:
    return Q(status__in=Application.OPEN_STATUSES, due_on__lt=today)


def _due_soon_q(window: DueSoonWindow) -> Q:
    return Q(status__in=Application.OPEN_STATUSES, due_on__gte=window.today, due_on__lte=window.end)


def _paused_q() -> Q:
    return Q(status__in=PAUSED_STATUSES)


def _clock_error_q() -> Q:
    return Q(status__in=Application.OPEN_STATUSES) & ~Q(clock_error="")


def dashboard_counts(window: DueSoonWindow) -> DashboardCounts:
    """Every number at the top of the dashboard, in one query."""
    aggregates = {
        f"status_{status.value}": Count("pk", filter=Q(status=status))
        for status in Application.Status
    }
    row = Application.objects.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=Application.OPEN_STATUSES)),
        due_soon=Count("pk", filter=_due_soon_q(window)),
        overdue=Count("pk", filter=_overdue_q(window.today)),
        paused=Count("pk", filter=_paused_q()),
        clock_errors=Count("pk", filter=_clock_error_q()),
        **aggregates,
    )
    return DashboardCounts(
        by_status=[
            StatusCount(status, row[f"status_{status.value}"]) for status in Application.Status
        ],
        total=row["total"],
        open=row["open"],
        due_soon=row["due_soon"],
        overdue=row["overdue"],
        paused=row["paused"],
        clock_errors=row["clock_errors"],
    )


# --- Section lists --------------------------------------------------------------------------


def _listing() -> QuerySet[Application]:
    return Application.objects.select_related("handler")


def due_soon_applications(window: DueSoonWindow) -> QuerySet[Application]:
    """即将到期: open, due between today and the end of the window, soonest first."""
    return _listing().filter(_due_soon_q(window)).order_by("due_on", "pk")


def overdue_applications(today: dt.date) -> QuerySet[Application]:
    """已逾期: open, and the due date is before today; the longest overdue first."""
    return _listing().filter(_overdue_q(today)).order_by("due_on", "pk")


def paused_applications() -> QuerySet[Application]:
    """暂停计时: awaiting 补正, consultation or the fee."""
    return _listing().filter(_paused_q()).order_by(F("due_on").asc(nulls_last=True), "pk")


def clock_error_applications() -> QuerySet[Application]:
    """期限无法计算: open applications whose due date could not be computed."""
    return _listing().filter(_clock_error_q()).order_by("received_on", "pk")


# --- The table ------------------------------------------------------------------------------


_STATUS_ORDER = Case(
    *(When(status=status, then=Value(i)) for i, status in enumerate(Application.Status)),
    default=Value(len(Application.Status)),
    output_field=IntegerField(),
)

#: Whitelisted sort keys (GET ?sort=) → ORDER BY; "-" reverses. The pk breaks ties.
SORT_KEYS: dict[str, str] = {
    "due_on": "答复期限",
    "received_on": "收到申请之日",
    "tracking_number": "申请编号",
    "status": "状态",
}
DEFAULT_SORT = "due_on"


def sort_choices() -> list[tuple[str, str]]:
    choices = []
    for key, label in SORT_KEYS.items():
        choices += [(key, f"{label}（升序）"), (f"-{key}", f"{label}（降序）")]
    return choices


def _ordering(sort: str) -> list:
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    if key not in SORT_KEYS:
        key, descending = DEFAULT_SORT, False
    expression = _STATUS_ORDER if key == "status" else F(key)
    primary = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return [primary, "-pk" if descending else "pk"]


@dataclass(frozen=True)
class ApplicationFilters:
    """The dashboard table's filters; ``None``/False means "not filtered"."""

    status: Application.Status | None = None
    channel: Channel | None = None
    applicant_type: ApplicantType | None = None
    outcome: Outcome | None = None
    year: int | None = None
    overdue_only: bool = False
    sort: str = DEFAULT_SORT


def filtered_applications(filters: ApplicationFilters, *, today: dt.date) -> QuerySet[Application]:
    """The applications of the table and the exports, filtered and sorted."""
    queryset = _listing()
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.applicant_type:
        queryset = queryset.filter(applicant_type=filters.applicant_type)
    if filters.outcome:
        queryset = queryset.filter(outcome=filters.outcome)
    if filters.year:
        queryset = queryset.filter(received_on__year=filters.year)
    if filters.overdue_only:
        queryset = queryset.filter(_overdue_q(today))
    return queryset.order_by(*_ordering(filters.sort))


# --- Rows as staff see them -----------------------------------------------------------------


def _dates(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def working_days_left(
    today: dt.date, due_on: dt.date | None, calendar: WorkingCalendar
) -> int | None:
    """Working days from today to the due date: 0 = due today, negative = overdue by that many
    working days. None when there is no due date or the calendar does not cover the span."""
    if due_on is None:
        return None
    try:
        if due_on >= today:
            return sum(
                1
                for day in _dates(today + dt.timedelta(days=1), due_on)
                if calendar.is_workday(day)
            )
        return -sum(
            1 for day in _dates(due_on + dt.timedelta(days=1), today) if calendar.is_workday(day)
        )
    except NoCalendarError:
        return None


@dataclass(frozen=True)
class DashboardRow:
    """One application as the dashboard shows it: masked personal data only."""

    application: Application
    masked_name: str
    masked_phone: str
    is_overdue: bool
    #: Working days left (negative: overdue), or None when not computable.
    working_days_left: int | None
    #: Calendar days left, shown when working days cannot be computed.
    calendar_days_left: int | None
    change_url: str = "#"

    @property
    def days_left_label(self) -> str:
        if self.working_days_left is not None:
            days, unit = self.working_days_left, "个工作日"
        elif self.calendar_days_left is not None:
            days, unit = self.calendar_days_left, "个自然日"
        else:
            return "—"
        if days > 0:
            return f"剩余{days}{unit}"
        if days == 0:
            return (
                "今日到期" if not self.is_overdue else f"已逾期（不足1{unit.removeprefix('个')}）"
            )
        return f"已逾期{-days}{unit}"


def dashboard_rows(
    applications: Iterable[Application],
    *,
    today: dt.date,
    calendar: WorkingCalendar,
    change_url=None,
) -> list[DashboardRow]:
    """Wrap applications for display; ``change_url(application)`` links to the admin page."""
    rows = []
    for application in applications:
        open_ = application.is_open
        due_on = application.due_on if open_ else None
        rows.append(
            DashboardRow(
                application=application,
                masked_name=mask_name(application.name),
                masked_phone=mask_phone(application.phone),
                is_overdue=bool(due_on and due_on < today),
                working_days_left=working_days_left(today, due_on, calendar),
                calendar_days_left=(due_on - today).days if due_on else None,
                change_url=change_url(application) if change_url else "#",
            )
        )
    return rows


def is_overdue(application: Application, *, today: dt.date) -> bool:
    """逾期: still open after the due date, or answered after it."""
    if application.due_on is None:
        return False
    if application.is_open:
        return application.due_on < today
    return bool(application.answered_on and application.answered_on > application.due_on)


# --- Related applications: 第四十四条 and 第三十五条 ------------------------------------------

_PUNCTUATION = re.compile(
    r"[\s\"'“”‘’《》〈〉<>「」『』【】\[\]〔〕()（）、，,。.：:；;！!？?·—\-_/\\]+"
)


def normalise_subject(text: str) -> str:
    """A comparison key for 所需信息名称 and 文号: full/half width, case, spaces and
    punctuation do not matter (“《关于…的通知》” = "关于…的通知")."""
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", text or "").casefold())


def applicant_key(application: Application) -> tuple[str, ...]:
    """Who the applicant is for counting distinct applicants: the ID number, else the name."""
    id_number = (application.id_number or "").strip().upper()
    if id_number:
        return ("id", id_number)
    return ("name", (application.name or "").strip())


def requester_key(application: Application) -> tuple[str, ...]:
    """Who the applicant is for 第三十五条: the ID number, else name and phone together."""
    id_number = (application.id_number or "").strip().upper()
    if id_number:
        return ("id", id_number)
    return ("name", (application.name or "").strip(), re.sub(r"\D", "", application.phone or ""))


def _since(today: dt.date, days: int) -> dt.datetime:
    """The start (local midnight) of the day ``days`` before ``today``."""
    return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time.min))


_HINT_FIELDS = (
    "pk",
    "tracking_number",
    "name",
    "phone",
    "id_number",
    "subject",
    "document_number",
    "status",
    "submitted_at",
    "received_on",
    "due_on",
)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


@dataclass
class ProactiveSuggestion:
    """Several applicants asked for the same information: consider 主动公开 (第四十四条)."""

    subject: str
    document_numbers: list[str]
    applicant_count: int
    applications: list[Application] = field(default_factory=list)


def suggest_proactive_disclosure(*, today: dt.date | None = None) -> list[ProactiveSuggestion]:
    """Groups of open-or-answered applications of the last 12 months about the same information
    — linked as related (`Application.related`) or with the same normalised 所需信息名称 or 文号 —
    from at least ``REQUESTS_PROACTIVE_SUGGESTION_THRESHOLD`` (default 3) different applicants.

    Two queries, whatever the number of applications.
    """
    today = today or timezone.localdate()
    threshold = getattr(settings, "REQUESTS_PROACTIVE_SUGGESTION_THRESHOLD", 3)
    candidates = {
        application.pk: application
        for application in Application.objects.filter(
            status__in=PROACTIVE_STATUSES, submitted_at__gte=_since(today, PROACTIVE_LOOKBACK_DAYS)
        )
        .only(*_HINT_FIELDS)
        .order_by("submitted_at", "pk")
    }
    groups = _UnionFind()
    first_with_key: dict[tuple[str, str], int] = {}
    for pk, application in candidates.items():
        groups.find(pk)
        for kind, value in (
            ("subject", normalise_subject(application.subject)),
            ("document_number", normalise_subject(application.document_number)),
        ):
            if value:
                groups.union(first_with_key.setdefault((kind, value), pk), pk)
    links = Application.related.through.objects.filter(
        from_application_id__in=candidates, to_application_id__in=candidates
    ).values_list("from_application_id", "to_application_id")
    for a, b in links:
        groups.union(a, b)

    members: dict[int, list[Application]] = defaultdict(list)
    for pk, application in candidates.items():
        members[groups.find(pk)].append(application)

    suggestions = []
    for applications in members.values():
        applicants = {applicant_key(application) for application in applications}
        if len(applicants) < threshold:
            continue
        suggestions.append(
            ProactiveSuggestion(
                subject=applications[0].subject,
                document_numbers=sorted(
                    {a.document_number for a in applications if a.document_number}
                ),
                applicant_count=len(applicants),
                applications=applications,
            )
        )
    suggestions.sort(key=lambda s: (-s.applicant_count, s.applications[0].submitted_at))
    return suggestions


@dataclass
class RepeatedRequester:
    """One applicant's many or repeated requests: for 第三十五条 consideration by staff."""

    masked_name: str
    #: Applications submitted in the last 30 days.
    recent_count: int
    #: Subjects asked for more than once in the last 12 months.
    repeated_subjects: list[str]
    applications: list[Application] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.recent_count >= repeat_threshold():
            reasons.append(f"近{REPEAT_WINDOW_DAYS}日内提出{self.recent_count}件申请")
        reasons += [f"重复申请“{subject}”" for subject in self.repeated_subjects]
        return reasons


def repeat_threshold() -> int:
    return getattr(settings, "REQUESTS_REPEAT_THRESHOLD", 5)


def repeated_requests_by_applicant(*, today: dt.date | None = None) -> list[RepeatedRequester]:
    """Applicants (same ID number, else same name and phone) with at least
    ``REQUESTS_REPEAT_THRESHOLD`` (default 5) applications submitted in the last 30 days, or who
    asked for the same information (normalised 所需信息名称) more than once in the last 12 months.

    Every status counts (a withdrawn request was still made). One query.
    """
    today = today or timezone.localdate()
    threshold = repeat_threshold()
    recent_since = _since(today, REPEAT_WINDOW_DAYS)
    by_requester: dict[tuple[str, ...], list[Application]] = defaultdict(list)
    for application in (
        Application.objects.filter(submitted_at__gte=_since(today, REPEAT_SUBJECT_LOOKBACK_DAYS))
        .only(*_HINT_FIELDS)
        .order_by("submitted_at", "pk")
    ):
        by_requester[requester_key(application)].append(application)

    flagged = []
    for applications in by_requester.values():
        if len(applications) < 2:
            continue
        recent = [a for a in applications if a.submitted_at >= recent_since]
        subjects: dict[str, list[Application]] = defaultdict(list)
        for application in applications:
            key = normalise_subject(application.subject)
            if key:
                subjects[key].append(application)
        repeated = [same[0].subject for same in subjects.values() if len(same) > 1]
        if len(recent) < threshold and not repeated:
            continue
        flagged.append(
            RepeatedRequester(
                masked_name=mask_name(applications[-1].name),  # the latest name given
                recent_count=len(recent),
                repeated_subjects=repeated,
                applications=applications,
            )
        )
    flagged.sort(key=lambda r: (-r.recent_count, -len(r.applications)))
    return flagged
