"""Factories of cultural events (文化日历). Times are computed per object, never at import."""

from datetime import datetime, timedelta

import factory
from django.utils import timezone

from events.models import Admission, City, Event, EventCategory
from tests.factories import OrganisationFactory


def local(year, month, day, hour=0, minute=0) -> datetime:
    """An aware datetime in Asia/Shanghai."""
    return datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


class EventFactory(factory.django.DjangoModelFactory):
    """A draft by default; `PublishedEventFactory` for a published one."""

    class Meta:
        model = Event

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"辽宁芭蕾舞团专场演出第{n}场")
    category = EventCategory.PERFORMANCE
    city = City.SHENYANG
    venue = "辽宁大剧院"
    organiser = "辽宁芭蕾舞团"
    admission = Admission.TICKETED
    price_note = "80元、180元"
    description = "<p>经典芭蕾舞剧选段。</p>"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))


class PublishedEventFactory(EventFactory):
    status = Event.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    confidentiality_checked = True
