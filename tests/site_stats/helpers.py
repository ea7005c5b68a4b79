"""Reading figures off the statistics page as a visitor (or a screen reader) gets them."""

import datetime as dt
import html
import re

from django.utils import timezone


def row_value(page: str, label: str) -> str:
    """The number in the table row headed `label` (first match)."""
    match = re.search(
        r"<th scope=\"row\">(?:<a [^>]*>)?" + re.escape(html.escape(label)) +
        r"(?:</a>)?</th><td class=\"stats-number\">([^<]*)</td>",
        page,
    )
    assert match, f"no row {label!r}"
    return match.group(1).strip()


def at(year: int, month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())
