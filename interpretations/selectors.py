"""Reads of 政策解读: what the public may see, and the timing warnings staff see.

Every public read starts from `published_interpretations()` (approved and due), and a policy
document is only linked when it is itself public. Timing (解读时效): an interpretation is due
within `INTERPRETATION_DEADLINE_WORKING_DAYS` (default 3) working days after its policy's
publication date, counted on the working-day calendar of `requests_app` (次日起算 by default).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from disclosure.models import Document
from portal.home import HomeRow, first_home_rows, home_rows
from publishing.models import PublicationStatus
from requests_app.deadlines import DeadlineError
from requests_app.services.clock import working_days_after

from .models import Interpretation, InterpretationRequirement

DEFAULT_DEADLINE_WORKING_DAYS = 3


# --- Public reads ----------------------------------------------------------------------------


def published_interpretations(at: dt.datetime | None = None) -> QuerySet[Interpretation]:
    """Interpretations visible to the public now (or at `at`), with what lists show."""
    return Interpretation.objects.published(at).select_related("organisation", "document")


def published_interpretation(pk: int) -> Interpretation | None:
    return published_interpretations().filter(pk=pk).first()


def public_policy_document(interpretation: Interpretation) -> Document | None:
    """The portal document the interpretation explains, if that document is public."""
    document = interpretation.document
    if document is None or not document.is_public:
        return None
    return document


def interpretations_of(document: Document) -> list[Interpretation]:
    """The published interpretations of a policy document, oldest first (as released)."""
    return list(
        Interpretation.objects.published()
        .filter(document=document)
        .order_by("published_at", "id")
        .only("id", "title", "form", "published_at")
    )


def home_querysets(at: dt.datetime | None = None) -> list[QuerySet]:
    """The home block's interpretations, newest first, as `portal.home.HomeRow`s (the home
    page reads every section's in one query)."""
    return [home_rows(published_interpretations(at).newest_first(), choice="form")]


def home_items(parts: list[list[HomeRow]], limit: int) -> list[Interpretation]:
    """The home block's interpretations, carrying what it shows: title, form and date."""
    (rows,) = parts
    return [
        Interpretation(id=row.pk, title=row.title, form=row.choice, published_at=row.date)
        for row in rows[:limit]
    ]


def latest_for_home(limit: int = 6, at: dt.datetime | None = None) -> list[Interpretation]:
    """The newest published interpretations for the home page block."""
    return home_items(first_home_rows(home_querysets(at), limit), limit)


# --- Timing (解读时效) -------------------------------------------------------------------------


def deadline_working_days() -> int:
    return int(
        getattr(settings, "INTERPRETATION_DEADLINE_WORKING_DAYS", DEFAULT_DEADLINE_WORKING_DAYS)
    )


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def interpretation_due_on(policy_published_on: dt.date) -> dt.date:
    """The last day to publish an interpretation of a policy published on that day.

    Raises `DeadlineError` (Chinese message) when the calendar does not cover the period."""
    return working_days_after(policy_published_on, deadline_working_days())


class PolicyState(Enum):
    """解读情况 of a policy marked as needing an interpretation."""

    ON_TIME = "on_time", "已按时解读"
    LATE = "late", "解读发布逾期"
    WAITING = "waiting", "待解读（未到期限）"
    MISSING = "missing", "逾期未解读"
    UNPUBLISHED = "unpublished", "政策文件未发布"
    UNKNOWN = "unknown", "无法计算期限"

    def __init__(self, code: str, label: str) -> None:
        self.code = code
        self.label = label

    @property
    def is_warning(self) -> bool:
        return self in (PolicyState.LATE, PolicyState.MISSING, PolicyState.UNKNOWN)


@dataclass(frozen=True)
class PolicyTiming:
    """The interpretation timing of one policy marked as needing an interpretation."""

    requirement: InterpretationRequirement
    state: PolicyState
    due_on: dt.date | None = None
    first_published_on: dt.date | None = None
    message: str = ""

    @property
    def document(self) -> Document:
        return self.requirement.document


def policy_timing(
    requirement: InterpretationRequirement,
    *,
    first_published_at: dt.datetime | None,
    today: dt.date | None = None,
) -> PolicyTiming:
    """The state of one marked policy, given when its first interpretation was published."""
    today = today or timezone.localdate()
    document = requirement.document
    if document.status != PublicationStatus.PUBLISHED or document.published_at is None:
        return PolicyTiming(requirement, PolicyState.UNPUBLISHED)
    first = local_date(first_published_at) if first_published_at else None
    try:
        due = interpretation_due_on(local_date(document.published_at))
    except DeadlineError as error:
        return PolicyTiming(
            requirement, PolicyState.UNKNOWN, first_published_on=first, message=str(error)
        )
    if first is not None:
        state = PolicyState.ON_TIME if first <= due else PolicyState.LATE
    else:
        state = PolicyState.MISSING if today > due else PolicyState.WAITING
    return PolicyTiming(requirement, state, due_on=due, first_published_on=first)


def requirements_with_first_interpretation(
    queryset: QuerySet[InterpretationRequirement] | None = None,
) -> QuerySet[InterpretationRequirement]:
    """Marked policies annotated with `first_interpretation_at` (their first interpretation
    that is published and due)."""
    queryset = queryset if queryset is not None else InterpretationRequirement.objects.all()
    now = timezone.now()
    published = Q(
        document__interpretations__status=PublicationStatus.PUBLISHED,
        document__interpretations__published_at__lte=now,
    )
    return queryset.select_related("document").annotate(
        first_interpretation_at=Min("document__interpretations__published_at", filter=published)
    )


def policy_timings(today: dt.date | None = None) -> list[PolicyTiming]:
    """Every marked policy with its interpretation state, warnings first, oldest due first."""
    timings = [
        policy_timing(row, first_published_at=row.first_interpretation_at, today=today)
        for row in requirements_with_first_interpretation().order_by("document__published_at")
    ]
    return sorted(timings, key=lambda t: (not t.state.is_warning, t.due_on or dt.date.max))


@dataclass(frozen=True)
class Lateness:
    """An interpretation published after its deadline (or whose deadline is unknown)."""

    due_on: dt.date | None
    message: str


def interpretation_lateness(interpretation: Interpretation) -> Lateness | None:
    """Whether a published interpretation of a portal document came out too late."""
    document = interpretation.document
    if (
        document is None
        or interpretation.published_at is None
        or interpretation.status != PublicationStatus.PUBLISHED
        or document.published_at is None
    ):
        return None
    try:
        due = interpretation_due_on(local_date(document.published_at))
    except DeadlineError as error:
        return Lateness(None, f"无法计算解读期限：{error}")
    published_on = local_date(interpretation.published_at)
    if published_on <= due:
        return None
    return Lateness(
        due,
        f"逾期发布：应于{due:%Y-%m-%d}前发布（政策文件发布后{deadline_working_days()}个工作日内），"
        f"实际{published_on:%Y-%m-%d}发布",
    )


def documents_for_interpretation() -> QuerySet[Document]:
    """Published documents offered as the policy of an interpretation (admin choices)."""
    return Document.objects.filter(status=PublicationStatus.PUBLISHED).order_by(
        "-published_at", "-id"
    )
