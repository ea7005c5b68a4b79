"""Writes of the cultural calendar (文化日历): the shared publishing workflow, named for events.

Every change of an `Event` goes through these functions (admin, demo seeding, tests); they
delegate to `publishing.services`, which sanitises the description, refuses forbidden terms,
checks personal data, records the reviewer and the history.
"""

from collections.abc import Iterable
from datetime import datetime

from publishing import services as publishing

from .models import Event


def event_save(*, event: Event, actor) -> Event:
    """Create or update an event (validates times: the end is after the start)."""
    return publishing.publishable_save(obj=event, actor=actor)


def event_submit(*, event: Event, actor) -> Event:
    return publishing.publishable_submit(obj=event, actor=actor)


def event_publish(
    *,
    event: Event,
    actor,
    confidentiality_checked: bool,
    confirmed_personal_data: Iterable[str] = (),
    publish_at: datetime | None = None,
    note: str = "",
    historical: bool = False,
) -> Event:
    return publishing.publishable_publish(
        obj=event,
        actor=actor,
        confidentiality_checked=confidentiality_checked,
        confirmed_personal_data=confirmed_personal_data,
        publish_at=publish_at,
        note=note,
        historical=historical,
    )


def event_reject(*, event: Event, actor, note: str) -> Event:
    return publishing.publishable_reject(obj=event, actor=actor, note=note)


def event_withdraw(*, event: Event, actor, reason: str) -> Event:
    return publishing.publishable_withdraw(obj=event, actor=actor, reason=reason)


def event_return_to_draft(*, event: Event, actor) -> Event:
    return publishing.publishable_return_to_draft(obj=event, actor=actor)
