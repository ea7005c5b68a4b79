"""Seed the working-day calendar (工作日历) for 2004–2026 so that a fresh database can compute
deadlines straight away. Later years are entered in the admin once their notice is published."""

from django.db import migrations


def seed(apps, schema_editor):
    from requests_app.calendar_seed import seed_calendar

    seed_calendar(
        day_model=apps.get_model("requests_app", "WorkdayCalendarDay"),
        year_model=apps.get_model("requests_app", "CalendarYear"),
    )


def unseed(apps, schema_editor):
    from requests_app.calendar_seed import FIRST_YEAR, LAST_YEAR

    apps.get_model("requests_app", "WorkdayCalendarDay").objects.filter(
        date__year__gte=FIRST_YEAR, date__year__lte=LAST_YEAR
    ).delete()
    apps.get_model("requests_app", "CalendarYear").objects.filter(
        year__gte=FIRST_YEAR, year__lte=LAST_YEAR
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, unseed, elidable=False)]
