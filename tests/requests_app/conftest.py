import pytest

from requests_app.calendar_seed import FIRST_YEAR, LAST_YEAR

#: Days from 2004-01-01 to 2026-12-31 (six leap years: 2004, 2008, 2012, 2016, 2020, 2024).
SEEDED_DAYS = 23 * 365 + 6


@pytest.fixture
def calendar_db(db):
    """The database with the 2004–2026 working-day calendar of the data migration.

    A transactional test elsewhere in the suite flushes every table, seeded rows included; in
    that case the calendar is seeded again with the function the migration calls.
    """
    from requests_app.models import WorkdayCalendarDay
    from requests_app.services import calendar_seed_from_library

    if WorkdayCalendarDay.objects.count() != SEEDED_DAYS:
        calendar_seed_from_library(first_year=FIRST_YEAR, last_year=LAST_YEAR)
    return db
