"""Reads of 建议提案办理: the public replies, the yearly summary and the staff dashboard.

Every public read starts from `public_replies()`: published, due, and not refused by the
proposer. Public pages never read `Proposal.contact_details`.

Publication timing: a reply is due on the site within `PROPOSALS_PUBLISH_WORKING_DAYS` (default
20) working days after the answer date (local rule, e.g. 皖政办〔2015〕2号), counted on the
working-day calendar of `requests_app`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from portal.home import HomeRow, first_home_rows, home_rows
from publishing.models import PublicationStatus
from requests_app.deadlines import DeadlineError
from requests_app.services.clock import working_days_after

from .models import Consent, Proposal, ProposalKind, ProposalReply

DEFAULT_PUBLISH_WORKING_DAYS = 20


# --- Public reads ----------------------------------------------------------------------------


def public_replies(at: dt.datetime | None = None) -> QuerySet[ProposalReply]:
    return ProposalReply.objects.public(at).select_related(
        "proposal", "proposal__lead_unit", "proposal__result_class"
    )


def public_reply(pk: int) -> ProposalReply | None:
    return public_replies().filter(pk=pk).first()


def co_handlers_of(reply: ProposalReply) -> list:
    """The co-handling units (协办/会办) of a reply's proposal."""
    return list(reply.proposal.co_handlers.select_related("organisation").order_by("id"))


def home_querysets(at: dt.datetime | None = None) -> list[QuerySet]:
    """The home block's replies, newest first, as `portal.home.HomeRow`s (the home page reads
    every section's in one query)."""
    return [home_rows(public_replies(at).newest_first(), choice="proposal__kind")]


def home_items(parts: list[list[HomeRow]], limit: int) -> list[ProposalReply]:
    """The home block's replies, carrying what it shows: title, date and the proposal's kind."""
    (rows,) = parts
    return [
        ProposalReply(
            id=row.pk, title=row.title, published_at=row.date, proposal=Proposal(kind=row.choice)
        )
        for row in rows[:limit]
    ]


def latest_for_home(limit: int = 6, at: dt.datetime | None = None) -> list[ProposalReply]:
    """The newest public replies for the home page block."""
    return home_items(first_home_rows(home_querysets(at), limit), limit)


# --- Yearly summary (年度办理情况) --------------------------------------------------------------


@dataclass(frozen=True)
class YearSummary:
    year: int
    total: int
    suggestions: int
    proposals: int
    answered: int
    full: int
    abstract: int
    refused: int

    @property
    def pending_publication(self) -> int:
        return self.answered - self.full - self.abstract - self.refused

    @property
    def text(self) -> str:
        """e.g. 2017年承办建议提案13件，已全部答复并全文公开."""
        head = (
            f"{self.year}年承办建议提案{self.total}件"
            f"（人大代表建议{self.suggestions}件、政协委员提案{self.proposals}件）"
        )
        if self.total == 0:
            return f"{self.year}年暂无承办的建议提案"
        if self.answered == self.total and self.full == self.total:
            return f"{head}，已全部答复并全文公开"
        parts = [
            "已全部答复"
            if self.answered == self.total
            else f"已答复{self.answered}件、正在办理{self.total - self.answered}件"
        ]
        for count, label in (
            (self.full, "全文公开"),
            (self.abstract, "摘要公开"),
            (self.refused, "经代表委员意见不公开"),
            (self.pending_publication, "待公开"),
        ):
            if count:
                parts.append(f"{label}{count}件")
        return "，".join([head, *parts])


def year_summaries(year: int | None = None) -> list[YearSummary]:
    """Counts per year (newest first), in one query; a single year when `year` is given.

    全文/摘要公开 count replies that are public now; 不公开 counts answered items the proposer
    asked not to publish."""
    now = timezone.now()
    public = Q(reply__status=PublicationStatus.PUBLISHED, reply__published_at__lte=now)
    answered = Q(answered_on__isnull=False)
    queryset = Proposal.objects.all()
    if year is not None:
        queryset = queryset.filter(year=year)
    rows = (
        queryset.values("year")
        .annotate(
            total=Count("id"),
            suggestions=Count("id", filter=Q(kind=ProposalKind.SUGGESTION)),
            proposals=Count("id", filter=Q(kind=ProposalKind.PROPOSAL)),
            answered=Count("id", filter=answered),
            full=Count("id", filter=public & Q(consent=Consent.FULL)),
            abstract=Count("id", filter=public & Q(consent=Consent.ABSTRACT)),
            refused=Count("id", filter=answered & Q(consent=Consent.NONE)),
        )
        .order_by("-year")
    )
    return [YearSummary(**row) for row in rows]


# --- Timing (办理时限) ------------------------------------------------------------------------


def publish_working_days() -> int:
    return int(getattr(settings, "PROPOSALS_PUBLISH_WORKING_DAYS", DEFAULT_PUBLISH_WORKING_DAYS))


def publish_due_on(answered_on: dt.date) -> dt.date:
    """Last day to publish a reply sent on `answered_on`; raises `DeadlineError`."""
    return working_days_after(answered_on, publish_working_days())


@dataclass(frozen=True)
class PublishTiming:
    due_on: dt.date | None
    late: bool
    message: str


def publish_timing(
    proposal: Proposal, reply: ProposalReply | None, today: dt.date | None = None
) -> PublishTiming | None:
    """Whether the reply of an answered proposal is (or was) published in time; None when no
    publication is due (not answered yet, or the proposer refused publication)."""
    if proposal.answered_on is None or proposal.consent == Consent.NONE:
        return None
    today = today or timezone.localdate()
    try:
        due = publish_due_on(proposal.answered_on)
    except DeadlineError as error:
        return PublishTiming(None, False, f"无法计算公开期限：{error}")
    if reply is not None and reply.status == PublicationStatus.PUBLISHED and reply.published_at:
        published_on = timezone.localtime(reply.published_at).date()
        if published_on > due:
            return PublishTiming(
                due, True, f"逾期公开：应于{due:%Y-%m-%d}前公开，实际{published_on:%Y-%m-%d}公开"
            )
        return PublishTiming(due, False, f"已按时公开（期限{due:%Y-%m-%d}）")
    if today > due:
        return PublishTiming(
            due,
            True,
            f"逾期未公开：答复后{publish_working_days()}个工作日内应公开，期限{due:%Y-%m-%d}",
        )
    return PublishTiming(due, False, f"待公开，期限{due:%Y-%m-%d}")


# --- Staff dashboard (建议提案办理台) -----------------------------------------------------------


@dataclass(frozen=True)
class OpenRow:
    proposal: Proposal
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_left)


@dataclass(frozen=True)
class UnpublishedRow:
    proposal: Proposal
    reply: ProposalReply | None
    timing: PublishTiming


@dataclass(frozen=True)
class Dashboard:
    open_rows: list[OpenRow]
    unpublished_rows: list[UnpublishedRow]

    @property
    def overdue_count(self) -> int:
        return sum(row.overdue for row in self.open_rows)

    @property
    def late_publication_count(self) -> int:
        return sum(row.timing.late for row in self.unpublished_rows)


def _reply_of(proposal: Proposal) -> ProposalReply | None:
    try:
        return proposal.reply
    except ProposalReply.DoesNotExist:
        return None


def dashboard(today: dt.date | None = None) -> Dashboard:
    """Open items by due date (overdue first), and answered items whose reply is not public."""
    today = today or timezone.localdate()
    base = Proposal.objects.select_related("lead_unit", "reply", "result_class")
    open_rows = [
        OpenRow(proposal, (proposal.due_on - today).days)
        for proposal in base.open().order_by("due_on", "id")
    ]
    unpublished = (
        base.filter(answered_on__isnull=False)
        .exclude(consent=Consent.NONE)
        .exclude(reply__status=PublicationStatus.PUBLISHED)
        .order_by("answered_on", "id")
    )
    unpublished_rows = []
    for proposal in unpublished:
        reply = _reply_of(proposal)
        timing = publish_timing(proposal, reply, today)
        if timing is not None:
            unpublished_rows.append(UnpublishedRow(proposal, reply, timing))
    return Dashboard(open_rows, unpublished_rows)
