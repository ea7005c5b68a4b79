"""Factories for the working-day calendar (工作日历)."""

import factory

from requests_app.models import CalendarYear, WorkdayCalendarDay


class CalendarYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarYear
        django_get_or_create = ("year",)

    year = 2027
    source = factory.LazyAttribute(lambda o: f"《国务院办公厅关于{o.year}年部分节假日安排的通知》")
    is_complete = False


class WorkdayCalendarDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkdayCalendarDay
        django_get_or_create = ("date",)

    kind = factory.LazyAttribute(lambda o: WorkdayCalendarDay.default_kind(o.date))
    is_workday = factory.LazyAttribute(lambda o: WorkdayCalendarDay.workday_for_kind(o.kind))
