"""Seeding the working-day calendar (工作日历) from the ``chinese_calendar`` package.

``chinesecalendar`` 1.11.0 encodes the official 放假调休 schedules for 2004–2026 (holidays and
weekend make-up working days); `../shared/domain/calendar.md` §4 records that it agrees day by
day with ``holidays.China`` for 2006–2026. It is used once, to fill the table; afterwards the
table is the source of truth and later years are entered in the admin.

The functions take the model classes as arguments so that the data migration can pass its
historical models (``apps.get_model``) and the management command the real ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import chinese_calendar

#: Years covered by the installed ``chinese_calendar`` data.
FIRST_YEAR = 2004
LAST_YEAR = 2026

#: ``chinese_calendar`` holiday names → the names used in the notices.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

#: 文号 of the notices recorded in the project's domain notes; others can be added in the admin.
NOTICE_NUMBERS = {
    2022: "国办发明电〔2021〕11号",
    2026: "国办发明电〔2025〕7号",
}

# Stored kind values (WorkdayCalendarDay.Kind); historical models in migrations have no enum.
WORKDAY, WEEKEND, HOLIDAY, MAKEUP = "workday", "weekend", "holiday", "makeup"


def notice_title(year: int) -> str:
    """The annual notice that fixes ``year``'s holidays, with its 文号 when known."""
    title = f"《国务院办公厅关于{year}年部分节假日安排的通知》"
    number = NOTICE_NUMBERS.get(year)
    return f"{title}（{number}）" if number else title


@dataclass(frozen=True)
class DayRow:
    date: dt.date
    is_workday: bool
    kind: str
    holiday_name: str
    is_in_lieu: bool
    source_notice: str


def day_row(day: dt.date) -> DayRow:
    """One date as the notices arrange it, according to ``chinese_calendar``."""
    is_workday = chinese_calendar.is_workday(day)
    _, english_name = chinese_calendar.get_holiday_detail(day)
    name = HOLIDAY_NAMES.get(english_name, english_name or "")
    weekend = day.weekday() >= 5
    if is_workday:
        kind = MAKEUP if weekend else WORKDAY
    elif english_name:
        kind = HOLIDAY
    else:
        # A weekday off without a holiday name does not occur in 2004–2026 except 2005-12-31,
        # which is a Saturday; keep the fallback explicit anyway.
        kind = WEEKEND if weekend else HOLIDAY
        name = name or ("" if weekend else "放假")
    # A New Year arrangement in late December belongs to the next year's notice (calendar.md §2).
    notice_year = day.year + 1 if (day.month == 12 and name == "元旦") else day.year
    return DayRow(
        date=day,
        is_workday=is_workday,
        kind=kind,
        holiday_name=name if kind in (HOLIDAY, MAKEUP) else "",
        is_in_lieu=bool(kind == HOLIDAY and chinese_calendar.is_in_lieu(day)),
        source_notice=notice_title(notice_year) if name else "",
    )


def days_of(year: int) -> Iterable[dt.date]:
    day = dt.date(year, 1, 1)
    while day.year == year:
        yield day
        day += dt.timedelta(days=1)


def seed_calendar(
    *,
    day_model,
    year_model,
    first_year: int = FIRST_YEAR,
    last_year: int = LAST_YEAR,
    overwrite: bool = False,
) -> int:
    """Fill the calendar for ``first_year``–``last_year``; returns the number of days written.

    Idempotent: existing dates are kept (an administrator's correction wins) unless
    ``overwrite`` is set, in which case the years' rows are replaced by the library's data.
    Each seeded year gets a complete `CalendarYear` row (an existing row is left as it is).
    """
    if first_year < FIRST_YEAR or last_year > LAST_YEAR or first_year > last_year:
        raise ValueError(
            f"chinese_calendar 仅包含 {FIRST_YEAR}–{LAST_YEAR} 年的数据，"
            f"无法导入 {first_year}–{last_year} 年"
        )
    years = range(first_year, last_year + 1)
    existing_days = day_model.objects.filter(date__year__gte=first_year, date__year__lte=last_year)
    if overwrite:
        existing_days.delete()
        existing = set()
    else:
        existing = set(existing_days.values_list("date", flat=True))

    rows = [
        day_model(**row.__dict__)
        for year in years
        for row in map(day_row, days_of(year))
        if row.date not in existing
    ]
    day_model.objects.bulk_create(rows, batch_size=1000)

    known_years = set(year_model.objects.filter(year__in=years).values_list("year", flat=True))
    year_model.objects.bulk_create(
        [
            year_model(
                year=year,
                source=notice_title(year),
                is_complete=True,
                note=f"由 chinesecalendar {chinese_calendar.__version__} 导入，请与通知原文核对。",
            )
            for year in years
            if year not in known_years
        ]
    )
    return len(rows)
