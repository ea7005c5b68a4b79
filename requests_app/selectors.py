"""Reads of the 依申请公开 app: the working-day calendar and deadline look-ups.

`load_calendar` turns the `WorkdayCalendarDay` table into the pure `WorkingCalendar` of
`requests_app.deadlines`. The table changes a few times a year, while every deadline on every
page needs it, so the built calendar is kept in process memory and checked against a version
token in the shared cache: any change to the table (admin, command, migration) replaces the
token after the transaction commits (`requests_app.signals`), and every process reloads on its
next look-up.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from .deadlines import (
    ANSWER_PERIOD_DAYS,
    Deadline,
    Exclusion,
    WorkingCalendar,
    compute_deadline,
)
from .models import CalendarYear, WorkdayCalendarDay

CALENDAR_VERSION_KEY = "requests_app:calendar-version"

_lock = threading.Lock()
_loaded: dict[tuple[int | None, int | None], tuple[str, WorkingCalendar]] = {}


def calendar_version() -> str:
    """The current version token of the calendar table (created when missing)."""
    version = cache.get(CALENDAR_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add() so that two processes starting together agree on one token.
        if not cache.add(CALENDAR_VERSION_KEY, version, timeout=None):
            version = cache.get(CALENDAR_VERSION_KEY) or version
    return version


def invalidate_calendar() -> None:
    """Forget every loaded calendar (call after the transaction that changed the table)."""
    cache.delete(CALENDAR_VERSION_KEY)
    with _lock:
        _loaded.clear()


def _build_calendar(start_year: int | None, end_year: int | None) -> WorkingCalendar:
    years = CalendarYear.objects.filter(is_complete=True)
    days = WorkdayCalendarDay.objects.filter(is_workday=True)
    if start_year is not None:
        years = years.filter(year__gte=start_year)
        days = days.filter(date__year__gte=start_year)
    if end_year is not None:
        years = years.filter(year__lte=end_year)
        days = days.filter(date__year__lte=end_year)
    return WorkingCalendar(
        workdays=days.values_list("date", flat=True),
        covered_years=years.values_list("year", flat=True),
    )


def load_calendar(start_year: int | None = None, end_year: int | None = None) -> WorkingCalendar:
    """The working-day calendar for ``start_year``–``end_year`` (default: every loaded year).

    Only years marked complete (`CalendarYear.is_complete`) are covered; a computation that
    reaches any other year raises `NoCalendarError`. Note that a year outside the requested range
    counts as not covered, so callers that cannot bound their computation should use the default.
    """
    key = (start_year, end_year)
    version = calendar_version()
    with _lock:
        hit = _loaded.get(key)
    if hit is not None and hit[0] == version:
        return hit[1]
    calendar = _build_calendar(start_year, end_year)
    with _lock:
        _loaded[key] = (version, calendar)
    return calendar


def count_start_day() -> bool:
    """The site's counting rule: does the start date itself count as day 1? (default: no)"""
    return bool(getattr(settings, "REQUESTS_COUNT_START_DAY", False))


@dataclass(frozen=True)
class DeadlineAnswer:
    """A deadline as shown to people: the computation plus caveats."""

    deadline: Deadline
    #: The due date lies in late December (12月下旬) of the last loaded year: the next year's
    #: notice may still rearrange those days around 元旦 (calendar.md §2).
    provisional: bool


def answer_deadline(
    *,
    start: dt.date,
    extension_days: int = 0,
    exclusions: Iterable[Exclusion | tuple[dt.date, dt.date]] = (),
    working_days: int = ANSWER_PERIOD_DAYS,
) -> DeadlineAnswer:
    """The answer deadline (答复期限) from ``start`` under the site's counting rule.

    Raises `NoCalendarError` or `ExtensionTooLongError` (both `DeadlineError`, Chinese messages).
    """
    calendar = load_calendar()
    deadline = compute_deadline(
        start=start,
        calendar=calendar,
        working_days=working_days,
        exclusions=exclusions,
        extension_days=extension_days,
        count_start_day=count_start_day(),
    )
    due = deadline.due
    provisional = due.month == 12 and due.day >= 21 and (due.year + 1) not in calendar.covered_years
    return DeadlineAnswer(deadline=deadline, provisional=provisional)
