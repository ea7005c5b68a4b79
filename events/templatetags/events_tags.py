"""Template helpers of the cultural calendar: how an event's time reads on a given day."""

from datetime import date

from django import template
from django.template.defaultfilters import date as date_filter

from events.models import Event

register = template.Library()


def _day(value: date) -> str:
    return date_filter(value, "n月j日")


@register.simple_tag
def event_time(event: Event, day: date | None = None) -> str:
    """全天 / 19:30—21:30 / 展期：12月1日—12月31日 / 持续至12月3日 21:00, as read on `day`;
    without a day (lists across days), single-day events carry their date."""
    start, end = event.local_start, event.local_end
    prefix = "" if day is not None else f"{_day(event.first_day)} "
    if event.all_day:
        if event.is_multi_day:
            return f"展期：{_day(event.first_day)}—{_day(event.last_day)}"
        return f"{prefix}全天"
    if not event.is_multi_day:
        return f"{prefix}{start:%H:%M}—{end:%H:%M}"
    if day is None:
        return f"{_day(event.first_day)} {start:%H:%M}—{_day(event.last_day)} {end:%H:%M}"
    if day == event.first_day:
        return f"{start:%H:%M}起，至{_day(event.last_day)}"
    return f"持续至{_day(event.last_day)} {end:%H:%M}"


@register.simple_tag
def event_dates(event: Event) -> str:
    """The full date range of an event, for its own page."""
    start, end = event.local_start, event.local_end
    if event.all_day:
        if event.is_multi_day:
            first, last = (date_filter(d, "Y年n月j日") for d in (event.first_day, event.last_day))
            return f"{first}至{last}"
        return f"{date_filter(event.first_day, 'Y年n月j日 l')}（全天）"
    if event.is_multi_day:
        return f"{date_filter(start, 'Y年n月j日 H:i')}至{date_filter(end, 'Y年n月j日 H:i')}"
    return f"{date_filter(start, 'Y年n月j日 l H:i')}—{end:%H:%M}"
