"""Reads of 互动交流 with their visibility rules (what the public may see) and the staff views
(open messages, the 3-month inspection rule, monthly statistics). Nothing here writes.

Public reads never return a contact detail: comments are read through `approved_comments`
(only approved ones, only their public text is shown), published Q&A through
`published_answers` (published *and* consented *and* answered).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from portal.home import HomeRow, first_home_rows, home_rows
from requests_app.deadlines import DeadlineError, WorkingCalendar
from requests_app.selectors import load_calendar

from .models import (
    Comment,
    Consultation,
    ConsultationAttachment,
    ConsultationFeedback,
    Message,
    Phase,
    PublishedAnswer,
)

#: 互动回应差 (site_rules.md §6): no valid message may stay unanswered longer than this.
UNANSWERED_ALARM_MONTHS = 3


# --- 意见征集 ----------------------------------------------------------------------------------


def public_consultations(*, phase: Phase | None = None, at=None) -> QuerySet[Consultation]:
    """Published consultations (annotated ``current_phase``), newest opening first."""
    at = at or timezone.now()
    queryset = Consultation.objects.published(at).with_phase(at).select_related("organisation")
    if phase is not None:
        queryset = queryset.in_phase(phase, at)
    return queryset.order_by("-opens_at", "-id")


def public_consultation(pk: int, at=None) -> Consultation | None:
    return (
        Consultation.objects.published(at)
        .select_related("organisation", "document")
        .filter(pk=pk)
        .first()
    )


def public_attachments(consultation: Consultation) -> QuerySet[ConsultationAttachment]:
    return consultation.attachments.order_by("order", "id")


def public_attachment(public_id, at=None) -> ConsultationAttachment | None:
    """An attachment, only while its consultation is public."""
    return ConsultationAttachment.objects.filter(
        public_id=public_id,
        consultation__in=Consultation.objects.published(at).values("pk"),
    ).first()


def approved_comments(consultation: Consultation) -> QuerySet[Comment]:
    """Comments a moderator approved (已公开), oldest first. Templates show only
    ``display_name``, ``public_content``, ``reply`` and dates — never the contact."""
    return consultation.comments.filter(moderation=Comment.Moderation.APPROVED).order_by(
        "submitted_at", "id"
    )


def public_feedback(consultation: Consultation, at=None) -> ConsultationFeedback | None:
    return ConsultationFeedback.objects.published(at).filter(consultation=consultation).first()


def linked_policy(consultation: Consultation, at=None):
    """The consulted policy document, only when it is itself published."""
    document = consultation.document
    if document is None:
        return None
    return type(document).objects.published(at).filter(pk=document.pk).first()


# --- 网上咨询 / 领导信箱: public -----------------------------------------------------------------


def published_answers(at=None) -> QuerySet[PublishedAnswer]:
    """Public Q&A: published, consented to by the citizen and answered."""
    return PublishedAnswer.objects.published(at)


def search_answers(
    *, query: str = "", box: str = "", topic: str = "", year: int | None = None, at=None
) -> QuerySet[PublishedAnswer]:
    """Published Q&A matching a keyword in the *published* title, question or answer."""
    queryset = published_answers(at)
    if query:
        queryset = queryset.filter(
            Q(title__icontains=query) | Q(question__icontains=query) | Q(answer__icontains=query)
        )
    if box:
        queryset = queryset.filter(box=box)
    if topic:
        queryset = queryset.filter(topic=topic)
    if year:
        queryset = queryset.filter(asked_on__year=year)
    return queryset


def answer_years(at=None) -> list[int]:
    return list(
        published_answers(at)
        .annotate(year=ExtractYear("asked_on"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


@dataclass(frozen=True)
class HomeItem:
    label: str
    title: str
    url: str
    date: dt.datetime


def home_querysets(at: dt.datetime | None = None) -> list[QuerySet]:
    """The home block's consultations (with their phase at `at`) and published Q&A, each
    newest first, as `portal.home.HomeRow`s (the home page reads every section's in one query)."""
    consultations = public_consultations(at=at).order_by("-published_at", "-id")
    return [
        home_rows(consultations, choice="current_phase"),
        home_rows(published_answers(at).newest_first(), choice="box"),
    ]


def home_items(parts: list[list[HomeRow]], limit: int) -> list[HomeItem]:
    """The newest `limit` of the consultations and Q&A, newest first."""
    consultation_rows, answer_rows = parts
    items = [
        HomeItem(
            f"意见征集·{Phase(row.choice).label}",
            row.title,
            Consultation(id=row.pk).get_absolute_url(),
            row.date,
        )
        for row in consultation_rows
    ]
    for row in answer_rows:
        answer = PublishedAnswer(id=row.pk, box=row.choice)
        items.append(
            HomeItem(answer.get_box_display(), row.title, answer.get_absolute_url(), row.date)
        )
    return sorted(items, key=lambda item: item.date, reverse=True)[:limit]


def latest_for_home(limit: int = 6, at: dt.datetime | None = None) -> list[HomeItem]:
    """The newest published consultations and Q&A for the home page block, newest first."""
    return home_items(first_home_rows(home_querysets(at), limit), limit)


# --- 网上咨询 / 领导信箱: staff ------------------------------------------------------------------


def messages_unanswered_over(months: int = UNANSWERED_ALARM_MONTHS, at=None) -> QuerySet[Message]:
    """Valid messages (not 不予受理) submitted more than ``months`` calendar months before
    ``at`` (default now) and still unanswered — the 互动回应差 single-veto item of the 2019
    inspection indicators. The site check calls this; any row is a red alarm."""
    at = at or timezone.now()
    threshold = at - relativedelta(months=months)
    return (
        Message.objects.valid()
        .filter(status__in=Message.OPEN_STATUSES, submitted_at__lt=threshold)
        .order_by("submitted_at", "id")
    )


def open_messages_by_due(today: dt.date | None = None) -> list[Message]:
    """Open messages, earliest due first (those without a computable due date last)."""
    queryset = Message.objects.open().select_related("assigned_unit", "handler")
    rows = list(queryset.order_by("due_on", "submitted_at", "id"))
    return sorted(rows, key=lambda m: (m.due_on is None, m.due_on or dt.date.max, m.submitted_at))


# --- Monthly statistics ------------------------------------------------------------------------


def working_days_between(start: dt.date, end: dt.date, calendar: WorkingCalendar) -> int:
    """Working days after ``start`` up to and including ``end`` (a same-day reply is 0).
    Raises `DeadlineError` when a day of an uncovered year is needed."""
    count = 0
    day = start + dt.timedelta(days=1)
    while day <= end:
        if calendar.is_workday(day):
            count += 1
        day += dt.timedelta(days=1)
    return count


@dataclass
class MonthRow:
    month: int
    received: int = 0
    answered: int = 0
    timed: int = 0
    total_working_days: int = 0
    uncomputable: int = 0

    @property
    def average_working_days(self) -> float | None:
        return round(self.total_working_days / self.timed, 1) if self.timed else None


@dataclass
class MonthlyStatistics:
    year: int
    rows: list[MonthRow] = field(default_factory=list)
    #: Chinese notes for the reader, e.g. replies left out of the average.
    notes: list[str] = field(default_factory=list)

    @property
    def received(self) -> int:
        return sum(row.received for row in self.rows)

    @property
    def answered(self) -> int:
        return sum(row.answered for row in self.rows)

    @property
    def average_working_days(self) -> float | None:
        timed = sum(row.timed for row in self.rows)
        total = sum(row.total_working_days for row in self.rows)
        return round(total / timed, 1) if timed else None


def monthly_statistics(year: int) -> MonthlyStatistics:
    """Per month of ``year``: messages received (submitted that month), messages answered
    (replied that month) and the average working days from submission to reply of the latter.
    Replies whose working days cannot be computed (no calendar for the year) are counted as
    answered but left out of the average, with a note."""
    stats = MonthlyStatistics(year=year, rows=[MonthRow(month) for month in range(1, 13)])
    received = (
        Message.objects.filter(submitted_at__year=year)
        .annotate(month=ExtractMonth("submitted_at"))
        .order_by()
        .values("month")
        .annotate(n=Count("id"))
    )
    for row in received:
        stats.rows[row["month"] - 1].received = row["n"]
    answered = Message.objects.filter(
        status=Message.Status.ANSWERED, replied_at__year=year
    ).values_list("submitted_at", "replied_at")
    calendar = load_calendar()
    for submitted_at, replied_at in answered:
        replied_on = timezone.localdate(replied_at)
        row = stats.rows[replied_on.month - 1]
        row.answered += 1
        try:
            days = working_days_between(timezone.localdate(submitted_at), replied_on, calendar)
        except DeadlineError:
            row.uncomputable += 1
            continue
        row.timed += 1
        row.total_working_days += days
    uncomputable = sum(row.uncomputable for row in stats.rows)
    if uncomputable:
        stats.notes.append(
            f"有{uncomputable}件答复因工作日历缺少相应年度的节假日安排，无法计算用时，未计入平均用时。"
        )
    return stats
