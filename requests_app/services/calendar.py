"""Writes of the 依申请公开 app. So far: maintaining the working-day calendar (工作日历).

Single-row edits in the admin go through the model forms (with `full_clean`) and the cache is
invalidated by `requests_app.signals`; bulk writes live here and invalidate explicitly, because
``bulk_create`` sends no signals.
"""

from __future__ import annotations

from django.db import transaction

from .. import calendar_seed
from ..models import CalendarYear, WorkdayCalendarDay
from ..selectors import invalidate_calendar


def _invalidate_now_and_on_commit() -> None:
    invalidate_calendar()
    transaction.on_commit(invalidate_calendar)


@transaction.atomic
def calendar_seed_from_library(
    *,
    first_year: int = calendar_seed.FIRST_YEAR,
    last_year: int = calendar_seed.LAST_YEAR,
    overwrite: bool = False,
) -> int:
    """Import the official schedules encoded in ``chinese_calendar``; returns days written."""
    written = calendar_seed.seed_calendar(
        day_model=WorkdayCalendarDay,
        year_model=CalendarYear,
        first_year=first_year,
        last_year=last_year,
        overwrite=overwrite,
    )
    _invalidate_now_and_on_commit()
    return written


@transaction.atomic
def calendar_year_fill(*, calendar_year: CalendarYear) -> int:
    """Create the missing dates of a year as plain working days / weekends (生成全年日期).

    The first step when a new notice is published: generate the year, then mark its 放假 days
    (法定节假日) and 调休上班 weekends by hand, then tick 已完整录入. Existing rows are kept.
    Returns the number of dates created.
    """
    year = calendar_year.year
    existing = set(
        WorkdayCalendarDay.objects.filter(date__year=year).values_list("date", flat=True)
    )
    rows = []
    for day in calendar_seed.days_of(year):
        if day in existing:
            continue
        kind = WorkdayCalendarDay.default_kind(day)
        rows.append(
            WorkdayCalendarDay(
                date=day,
                kind=kind,
                is_workday=WorkdayCalendarDay.workday_for_kind(kind),
            )
        )
    WorkdayCalendarDay.objects.bulk_create(rows)
    _invalidate_now_and_on_commit()
    return len(rows)
