"""iCalendar (RFC 5545) output of the cultural calendar (日历订阅), written by hand.

Pure functions: no database, no request. `render_calendar()` returns the whole VCALENDAR as
text with CRLF line endings; content lines are folded at 75 octets on UTF-8 character
boundaries (a Chinese character is three octets and is never split).
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from integrity.checks import plain_text

from .models import Event

CRLF = "\r\n"
_BLANK_LINES = re.compile(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*)+")
MAX_OCTETS = 75
TZID = "Asia/Shanghai"
PRODID = "-//Government Open Portal//Culture Calendar//ZH"

# China has kept UTC+8 without daylight saving time since 1991.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (RFC 5545 §3.1); continuation
    lines start with one space, which counts toward their 75 octets."""
    chunks: list[str] = []
    current, size = "", 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
            limit = MAX_OCTETS - 1  # the leading space of a continuation line
        current += char
        size += width
    chunks.append(current)
    return (CRLF + " ").join(chunks)


def utc_stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_stamp(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y%m%dT%H%M%S")


def date_stamp(value: date) -> str:
    return value.strftime("%Y%m%d")


@dataclass(frozen=True)
class FeedContext:
    """What the feed needs from outside the events: names and absolute URLs."""

    calendar_name: str
    domain: str  # for stable UIDs: event-<pk>@<domain>
    absolute_url: Callable[[str], str]  # path -> absolute URL


def event_lines(event: Event, context: FeedContext) -> list[str]:
    """The unfolded content lines of one VEVENT."""
    if event.all_day:
        # DATE values; DTEND is exclusive, so the day after the last day.
        timing = [
            f"DTSTART;VALUE=DATE:{date_stamp(event.first_day)}",
            f"DTEND;VALUE=DATE:{date_stamp(event.last_day + timedelta(days=1))}",
        ]
    else:
        timing = [
            f"DTSTART;TZID={TZID}:{local_stamp(event.starts_at)}",
            f"DTEND;TZID={TZID}:{local_stamp(event.ends_at)}",
        ]
    location = "，".join(
        part for part in (event.get_city_display(), event.venue, event.address) if part
    )
    description = _BLANK_LINES.sub("\n", plain_text(event.description)).strip()
    facts = [
        f"类别：{event.get_category_display()}",
        f"主办：{event.organiser}" if event.organiser else "",
        f"票务：{event.get_admission_display()}"
        + (f"（{event.price_note}）" if event.price_note else ""),
        f"预约购票：{event.booking_url}" if event.booking_url else "",
    ]
    description = "\n".join(filter(None, [description, *facts]))
    modified = event.updated_at or event.published_at or timezone.now()
    return [
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{context.domain}",
        f"DTSTAMP:{utc_stamp(modified)}",
        f"LAST-MODIFIED:{utc_stamp(modified)}",
        *timing,
        f"SUMMARY:{escape_text(event.title)}",
        f"LOCATION:{escape_text(location)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"CATEGORIES:{escape_text(event.get_category_display())}",
        f"URL:{context.absolute_url(event.get_absolute_url())}",
        "END:VEVENT",
    ]


def render_calendar(events: Iterable[Event], context: FeedContext) -> str:
    """A complete VCALENDAR of `events`, folded, with CRLF line endings."""
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(context.calendar_name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for event in events:
        lines.extend(event_lines(event, context))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
