"""The statutory clock of on-request disclosure (依申请公开答复期限) — pure functions.

Nothing in this module touches the database, the settings or the current time: every input is
passed in, so the arithmetic can be tested against a table of worked legal examples
(`tests/requests_app/test_deadlines.py`, `../shared/domain/calendar.md` §6).

Legal basis (《中华人民共和国政府信息公开条例》, 2019):

* 第33条第2款 — answer within 20 working days of 收到申请之日; one extension of at most
  20 working days;
* 第33条第3款 — time spent consulting a third party (第32条) or another agency (第34条) is not
  counted;
* 第30条 — after a 补正 notice, the answer period runs from the receipt of the corrected
  application: the clock *restarts* (it is not paused), see `restart_after_correction`.

Counting rule (计算规则), a site setting (`REQUESTS_COUNT_START_DAY`, see `requests_app/README.md`):

* default (``count_start_day=False``, 次日起算): day 1 is the first working day *after* the start
  date, whatever the start date is;
* alternative (``count_start_day=True``): day 1 is the start date when it is a working day,
  otherwise the first working day after it.

A deadline is never computed through a year whose holiday schedule (国务院办公厅《关于××年部分
节假日安排的通知》) is not loaded: `NoCalendarError` is raised instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "ANSWER_PERIOD_DAYS",
    "CONSULTATION_PERIOD_DAYS",
    "CORRECTION_NOTICE_DAYS",
    "MAX_EXTENSION_DAYS",
    "Deadline",
    "DeadlineError",
    "Exclusion",
    "ExtensionTooLongError",
    "NoCalendarError",
    "WorkingCalendar",
    "add_working_days",
    "compute_deadline",
    "due_date",
    "restart_after_correction",
    "with_extension",
]

#: 第33条第2款: 自收到申请之日起20个工作日内予以答复.
ANSWER_PERIOD_DAYS = 20
#: 第33条第2款: 延长的期限最长不得超过20个工作日.
MAX_EXTENSION_DAYS = 20
#: 第30条: 自收到申请之日起7个工作日内一次性告知申请人作出补正.
CORRECTION_NOTICE_DAYS = 7
#: 第32条 / 第34条: the third party or the co-producing agency replies within 15 working days.
CONSULTATION_PERIOD_DAYS = 15


# --- Errors -----------------------------------------------------------------------------------


class DeadlineError(Exception):
    """A deadline cannot be computed; ``str(error)`` is a Chinese message fit for users."""


class NoCalendarError(DeadlineError):
    """The computation needs a day of a year whose holiday schedule is not loaded (工作日历缺失)."""

    def __init__(self, year: int, *, before_first_year: bool = False) -> None:
        self.year = year
        if before_first_year:
            message = f"{year}年的节假日安排未录入工作日历，无法计算期限"
        else:
            message = f"{year}年的节假日安排尚未发布，无法计算期限，请在工作日历中录入该年度安排"
        super().__init__(message)


class ExtensionTooLongError(DeadlineError, ValueError):
    """An extension (延长答复期限) beyond the statutory cap of 第33条第2款."""


# --- The working-day calendar ----------------------------------------------------------------


class WorkingCalendar:
    """Which dates are working days (工作日), for the years whose schedule is known.

    Built from the set of working days and the set of *covered* years (years whose official
    schedule is loaded completely). Asking about a date of any other year raises
    `NoCalendarError`, so a missing schedule can never be mistaken for "no holidays".
    """

    __slots__ = ("_covered_years", "_workdays")

    def __init__(self, workdays: Iterable[dt.date], covered_years: Iterable[int]) -> None:
        self._covered_years = frozenset(covered_years)
        self._workdays = frozenset(d for d in workdays if d.year in self._covered_years)

    @classmethod
    def from_weekdays(
        cls,
        years: Iterable[int],
        *,
        days_off: Iterable[dt.date] = (),
        makeup_workdays: Iterable[dt.date] = (),
    ) -> WorkingCalendar:
        """Monday–Friday, minus ``days_off`` (放假), plus weekend ``makeup_workdays`` (调休上班).

        Convenient for hand-made calendars in tests and for describing one year's notice.
        """
        years = frozenset(years)
        off = frozenset(days_off)
        workdays = set(makeup_workdays)
        for year in years:
            day = dt.date(year, 1, 1)
            while day.year == year:
                if day.weekday() < 5 and day not in off:
                    workdays.add(day)
                day += dt.timedelta(days=1)
        return cls(workdays - off, years)

    @property
    def covered_years(self) -> frozenset[int]:
        return self._covered_years

    def covers(self, day: dt.date) -> bool:
        return day.year in self._covered_years

    def is_workday(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day; `NoCalendarError` if its year is not covered."""
        if day.year not in self._covered_years:
            first = min(self._covered_years, default=None)
            raise NoCalendarError(
                day.year, before_first_year=first is not None and day.year < first
            )
        return day in self._workdays

    def __repr__(self) -> str:
        years = sorted(self._covered_years)
        span = f"{years[0]}–{years[-1]}" if years else "none"
        return f"<WorkingCalendar years={span} workdays={len(self._workdays)}>"


# --- Excluded intervals (第33条第3款) -----------------------------------------------------------


@dataclass(frozen=True)
class Exclusion:
    """A consultation (征求第三方/其他机关意见) that stops the clock.

    Modelling choice (`regulation.md` §15): the working days strictly *after* ``sent_on`` (the
    day the 征求意见书 is sent) up to and *including* ``ended_on`` (the day the opinion arrives or
    the other side's 15-working-day period ends) are not counted. Overlapping or adjacent
    consultations stop the clock once: excluded days are a set, never a sum of lengths.
    """

    sent_on: dt.date
    ended_on: dt.date

    def __post_init__(self) -> None:
        if self.ended_on < self.sent_on:
            raise DeadlineError(
                f"征求意见的结束日期（{self.ended_on:%Y-%m-%d}）不能早于发出日期"
                f"（{self.sent_on:%Y-%m-%d}）"
            )

    def excludes(self, day: dt.date) -> bool:
        return self.sent_on < day <= self.ended_on


def _as_exclusions(
    exclusions: Iterable[Exclusion | tuple[dt.date, dt.date]],
) -> tuple[Exclusion, ...]:
    return tuple(e if isinstance(e, Exclusion) else Exclusion(*e) for e in exclusions)


# --- Counting ---------------------------------------------------------------------------------


def _next_day(day: dt.date) -> dt.date:
    try:
        return day + dt.timedelta(days=1)
    except OverflowError:  # 9999-12-31: no calendar can cover the next year
        raise NoCalendarError(day.year + 1) from None


def _first_candidate(start: dt.date, count_start_day: bool) -> dt.date:
    return start if count_start_day else _next_day(start)


def add_working_days(
    start: dt.date, n: int, calendar: WorkingCalendar, *, count_start_day: bool = False
) -> dt.date:
    """WD(start, n): the n-th working day counted from ``start`` under the counting rule.

    ``n == 0`` returns ``start`` itself (nothing to count). Used for the 7-day 补正 notice
    (第30条), the 15-day consultation period (第32条, 第34条) and proactive publication (第26条).
    """
    if n < 0:
        raise ValueError("工作日天数不能为负数")
    if n == 0:
        return start
    return compute_deadline(
        start=start,
        calendar=calendar,
        working_days=n,
        count_start_day=count_start_day,
        max_extension_days=0,
    ).due


@dataclass(frozen=True)
class Deadline:
    """The result of a computation, with what a user needs to check it by hand."""

    start: dt.date
    due: dt.date
    #: Working days that had to be counted: the period plus the extension (e.g. 20 + 0).
    working_days: int
    period_days: int
    extension_days: int
    #: Day 1 of the count (the first working day counted).
    first_counted_day: dt.date
    #: Working days up to the due date skipped because a consultation was pending.
    excluded_working_days: int
    count_start_day: bool
    exclusions: tuple[Exclusion, ...] = ()
    max_extension_days: int = MAX_EXTENSION_DAYS


def compute_deadline(
    *,
    start: dt.date,
    calendar: WorkingCalendar,
    working_days: int = ANSWER_PERIOD_DAYS,
    exclusions: Iterable[Exclusion | tuple[dt.date, dt.date]] = (),
    extension_days: int = 0,
    count_start_day: bool = False,
    max_extension_days: int = MAX_EXTENSION_DAYS,
) -> Deadline:
    """The answer deadline (答复期限) with its details; see `due_date` for the rules.

    ``max_extension_days`` is 20 under the 2019 text; pass 15 for applications governed by the
    2007 text (第24条), with ``working_days=15``.
    """
    if working_days < 1:
        raise ValueError("期限的工作日天数必须为正数")
    if extension_days < 0:
        raise ExtensionTooLongError("延长的工作日天数不能为负数")
    if extension_days > max_extension_days:
        basis = (
            "（《中华人民共和国政府信息公开条例》第三十三条第二款）"
            if max_extension_days == MAX_EXTENSION_DAYS
            else ""
        )
        raise ExtensionTooLongError(
            f"延长的期限最长不得超过{max_extension_days}个工作日{basis}，"
            f"不能延长{extension_days}个工作日"
        )
    excl = _as_exclusions(exclusions)
    total = working_days + extension_days

    counted = 0
    skipped = 0
    first_counted: dt.date | None = None
    day = _first_candidate(start, count_start_day)
    while True:
        if calendar.is_workday(day):
            if any(e.excludes(day) for e in excl):
                skipped += 1
            else:
                counted += 1
                first_counted = first_counted or day
                if counted == total:
                    break
        day = _next_day(day)

    assert first_counted is not None  # total >= 1, so the loop counted at least one day
    return Deadline(
        start=start,
        due=day,
        working_days=total,
        period_days=working_days,
        extension_days=extension_days,
        first_counted_day=first_counted,
        excluded_working_days=skipped,
        count_start_day=count_start_day,
        exclusions=excl,
        max_extension_days=max_extension_days,
    )


def due_date(
    *,
    start: dt.date,
    calendar: WorkingCalendar,
    working_days: int = ANSWER_PERIOD_DAYS,
    exclusions: Iterable[Exclusion | tuple[dt.date, dt.date]] = (),
    extension_days: int = 0,
    count_start_day: bool = False,
) -> dt.date:
    """The last day to answer: the day the count reaches ``working_days + extension_days``.

    * ``start`` — 收到申请之日 (R, 第31条), or, after a 补正, the receipt of the corrected
      application (R′, 第30条): pass R′ here (see `restart_after_correction`);
    * ``exclusions`` — consultation intervals ``(sent_on, ended_on)`` whose working days are not
      counted (第33条第3款; overlapping intervals count once, see `Exclusion`);
    * ``extension_days`` — an approved extension, 0–20 working days (第33条第2款); more raises
      `ExtensionTooLongError` (a ``ValueError``) with a Chinese message;
    * raises `NoCalendarError` when the count reaches a year whose schedule is not loaded.
    """
    return compute_deadline(
        start=start,
        calendar=calendar,
        working_days=working_days,
        exclusions=exclusions,
        extension_days=extension_days,
        count_start_day=count_start_day,
    ).due


def restart_after_correction(
    previous: Deadline, *, corrected_received_on: dt.date, calendar: WorkingCalendar
) -> Deadline:
    """The deadline after a 补正: the same period counted afresh from R′ (第30条).

    "答复期限自行政机关收到补正的申请之日起计算": the working days that ran between R and the
    补正 notice are lost, not banked — the count starts again at day 1 from
    ``corrected_received_on``.
    Consultations and the extension carry over unchanged (a consultation that ended before R′
    simply no longer matters).
    """
    if corrected_received_on < previous.start:
        raise DeadlineError("收到补正申请的日期不能早于原收到申请之日")
    return compute_deadline(
        start=corrected_received_on,
        calendar=calendar,
        working_days=previous.period_days,
        exclusions=previous.exclusions,
        extension_days=previous.extension_days,
        count_start_day=previous.count_start_day,
        max_extension_days=previous.max_extension_days,
    )


def with_extension(
    previous: Deadline, *, extension_days: int, calendar: WorkingCalendar
) -> Deadline:
    """The same deadline with an (approved) extension of ``extension_days`` working days."""
    return compute_deadline(
        start=previous.start,
        calendar=calendar,
        working_days=previous.period_days,
        exclusions=previous.exclusions,
        extension_days=extension_days,
        count_start_day=previous.count_start_day,
        max_extension_days=previous.max_extension_days,
    )
