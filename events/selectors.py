"""Reads of the cultural calendar (文化日历) for the public: only published and due events.

Every public list starts from `Event.objects.published(at)`; views never query events
themselves. "Today" is the local (Asia/Shanghai) date unless a caller passes one.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from portal.home import HomeRow, first_home_rows, home_rows

from .models import City, Event, day_bounds

WEEK_DAYS = 7
#: How far back the iCalendar feed reaches (近期往期活动), and its size cap.
FEED_PAST_DAYS = 30
FEED_LIMIT = 500
#: Years the month view and the archive accept (older or later URLs answer 404).
MIN_YEAR = 2000
MAX_YEAR = 2100

_CITY_ORDER = {value: index for index, value in enumerate(City.values)}


def published_events(at: datetime | None = None) -> QuerySet[Event]:
    return Event.objects.published(at=at).select_related("organisation")


def published_event(pk: int, at: datetime | None = None) -> Event | None:
    return published_events(at).filter(pk=pk).first()


# --- Days grouped by city (未来一周, month view) ----------------------------------------------


@dataclass
class CityGroup:
    city: str  # City value
    label: str
    events: list[Event]


@dataclass
class DaySchedule:
    day: date
    events: list[Event] = field(default_factory=list)

    @property
    def cities(self) -> list[CityGroup]:
        """The day's events by city (in the province's order of cities)."""
        groups: dict[str, list[Event]] = {}
        for event in self.events:
            groups.setdefault(event.city, []).append(event)
        return [
            CityGroup(city=city, label=City(city).label, events=events)
            for city, events in sorted(groups.items(), key=lambda item: _CITY_ORDER[item[0]])
        ]

    @property
    def is_weekend(self) -> bool:
        return self.day.weekday() >= 5


def _day_sort_key(day: date):
    def key(event: Event):
        # Events starting that day by time; events continuing from earlier days (展期内) after.
        starts_today = event.first_day == day
        return (not starts_today, event.all_day, event.local_start.time(), event.pk)

    return key


def schedule(
    first: date,
    last: date,
    *,
    category: str | None = None,
    city: str | None = None,
    at: datetime | None = None,
) -> list[DaySchedule]:
    """One `DaySchedule` per local date from `first` to `last` inclusive, each with the events
    running that day: a multi-day exhibition appears on every day of its run. One query."""
    start, _ = day_bounds(first)
    _, end = day_bounds(last)
    events = list(
        published_events(at)
        .overlapping(start, end)
        .filtered(category=category, city=city)
        .order_by("starts_at", "id")
    )
    days = []
    day = first
    while day <= last:
        todays = [event for event in events if event.runs_on(day)]
        days.append(DaySchedule(day=day, events=sorted(todays, key=_day_sort_key(day))))
        day += timedelta(days=1)
    return days


def week_schedule(
    *, today: date | None = None, category: str | None = None, city: str | None = None
) -> list[DaySchedule]:
    """未来一周: today and the six days after it."""
    today = today or timezone.localdate()
    return schedule(today, today + timedelta(days=WEEK_DAYS - 1), category=category, city=city)


@dataclass
class MonthCalendar:
    year: int
    month: int
    weeks: list[list[DaySchedule | None]]  # Monday first; None pads days of other months
    days: list[DaySchedule]
    previous: tuple[int, int] | None
    next: tuple[int, int] | None

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def days_with_events(self) -> list[DaySchedule]:
        return [day for day in self.days if day.events]


def is_valid_month(year: int, month: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12


def _shift(year: int, month: int, delta: int) -> tuple[int, int] | None:
    index = year * 12 + (month - 1) + delta
    shifted = (index // 12, index % 12 + 1)
    return shifted if is_valid_month(*shifted) else None


def month_calendar(
    year: int, month: int, *, category: str | None = None, city: str | None = None
) -> MonthCalendar:
    """The month's grid (weeks Monday to Sunday, as Chinese calendars print them) and its days."""
    last = calendar.monthrange(year, month)[1]
    days = schedule(date(year, month, 1), date(year, month, last), category=category, city=city)
    by_day = {schedule_day.day: schedule_day for schedule_day in days}
    weeks = [
        [by_day.get(day) if day.month == month else None for day in week]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    ]
    return MonthCalendar(
        year=year,
        month=month,
        weeks=weeks,
        days=days,
        previous=_shift(year, month, -1),
        next=_shift(year, month, 1),
    )


# --- Archive, feed, home ----------------------------------------------------------------------


def archive_events(
    *,
    category: str | None = None,
    city: str | None = None,
    year: int | None = None,
    at: datetime | None = None,
) -> QuerySet[Event]:
    """往期活动: published events that have ended; keyset-paginated by `starts_at`."""
    events = published_events(at).past(at).filtered(category=category, city=city)
    if year:
        start, _ = day_bounds(date(year, 1, 1))
        _, end = day_bounds(date(year, 12, 31))
        events = events.filter(starts_at__gte=start, starts_at__lt=end)
    return events


def archive_years(at: datetime | None = None) -> list[int]:
    """Years that have past events, newest first (for the archive's year filter)."""
    dates = published_events(at).past(at).dates("starts_at", "year", order="DESC")
    return [value.year for value in dates]


def feed_events(
    *, category: str | None = None, city: str | None = None, at: datetime | None = None
) -> list[Event]:
    """The iCalendar feed: upcoming events and those that ended in the last 30 days."""
    at = at or timezone.now()
    return list(
        published_events(at)
        .filter(ends_at__gte=at - timedelta(days=FEED_PAST_DAYS))
        .filtered(category=category, city=city)
        .order_by("starts_at", "id")[:FEED_LIMIT]
    )


def home_querysets(at: datetime | None = None) -> list[QuerySet]:
    """The home block's events: those still to come or running now, soonest first, as
    `portal.home.HomeRow`s (the home page reads every section's in one query)."""
    at = at or timezone.now()
    upcoming = published_events(at).filter(ends_at__gt=at).order_by("starts_at", "id")
    return [home_rows(upcoming, choice="city", date="starts_at", end="ends_at", all_day="all_day")]


def home_items(parts: list[list[HomeRow]], limit: int) -> list[Event]:
    """The home block's events, carrying what it shows: title, city and times."""
    (rows,) = parts
    return [
        Event(
            id=row.pk,
            title=row.title,
            city=row.choice,
            starts_at=row.date,
            ends_at=row.end,
            all_day=row.all_day,
        )
        for row in rows[:limit]
    ]


def latest_for_home(limit: int = 6, at: datetime | None = None) -> list[Event]:
    """The next events still to come or running now, soonest first (首页文化日历)."""
    return home_items(first_home_rows(home_querysets(at), limit), limit)
