"""Fixtures of the hostile-input tests: the working-day calendar, and rate limits lifted so that
many hostile submissions reach the forms' validation (the limits are tested on their own)."""

import pytest

from tests.requests_app.conftest import calendar_db  # noqa: F401 — fixture re-export


@pytest.fixture
def no_rate_limits(settings):
    settings.REQUESTS_SUBMISSIONS_PER_IP_PER_HOUR = 10**6
    settings.REQUESTS_SUBMISSIONS_PER_IDENTITY_PER_DAY = 10**6
    settings.REQUESTS_LOOKUPS_PER_IP_PER_HOUR = 10**6
    settings.INTERACTION_SUBMISSIONS_PER_IP_PER_HOUR = 10**6
    settings.INTERACTION_LOOKUPS_PER_IP_PER_HOUR = 10**6
