"""Cache invalidation for the working-day calendar (the only signals of this app).

Any change to `WorkdayCalendarDay` or `CalendarYear` drops the loaded calendars at once (for
this process and this transaction) and again after the transaction commits (for the other
processes, which could otherwise reload the old rows in between).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarYear, WorkdayCalendarDay
from .selectors import invalidate_calendar


def calendar_changed(**kwargs) -> None:
    invalidate_calendar()
    transaction.on_commit(invalidate_calendar)


for _model in (CalendarYear, WorkdayCalendarDay):
    receiver(post_save, sender=_model, dispatch_uid=f"calendar-save-{_model.__name__}")(
        calendar_changed
    )
    receiver(post_delete, sender=_model, dispatch_uid=f"calendar-delete-{_model.__name__}")(
        calendar_changed
    )
