"""The answer clock of one application (答复期限), from its recorded facts.

The due date is derived, never typed: clock start (R, or R′ after 补正), consultations
(excluded, 第33条第3款), fee notices (excluded while the applicant pays, setting
`REQUESTS_FEE_INTERVAL_EXCLUDED`, default yes) and approved extensions. Every handling step
calls `application_recompute_due` in its transaction, so `Application.due_on` is always current
and the dashboard can filter on it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from ..deadlines import (
    ANSWER_PERIOD_DAYS,
    MAX_EXTENSION_DAYS,
    Deadline,
    DeadlineError,
    Exclusion,
    add_working_days,
    compute_deadline,
)
from ..models import Application
from ..selectors import count_start_day, load_calendar

#: Applications received before this day follow the 2007 条例: 15 + at most 15 working days.
REGIME_2019_FROM = dt.date(2019, 5, 15)
PERIOD_2007_DAYS = 15


def period_for(received_on: dt.date) -> tuple[int, int]:
    """(answer period, maximum extension) in working days for an application received then."""
    if received_on < REGIME_2019_FROM:
        return PERIOD_2007_DAYS, PERIOD_2007_DAYS
    return ANSWER_PERIOD_DAYS, MAX_EXTENSION_DAYS


def application_exclusions(application: Application) -> list[Exclusion]:
    """Intervals that stop the clock: consultations, and fee notices awaiting payment."""
    exclusions = []
    for consultation in application.consultations.all():
        end = consultation.replied_on or consultation.reply_due_on
        if end and end >= consultation.sent_on:
            exclusions.append(Exclusion(consultation.sent_on, end))
    if getattr(settings, "REQUESTS_FEE_INTERVAL_EXCLUDED", True):
        for fee in application.fee_notices.all():
            end = fee.paid_on or fee.lapsed_on or fee.pay_by
            if end and end >= fee.notified_on:
                exclusions.append(Exclusion(fee.notified_on, end))
    return exclusions


def application_extension_days(application: Application) -> int:
    return sum(extension.days for extension in application.extensions.all())


def application_deadline(application: Application, *, extra_extension: int = 0) -> Deadline | None:
    """The current answer deadline, or None while the clock has not started (awaiting receipt
    confirmation or 补正). Raises `DeadlineError` (Chinese message) when it cannot be computed,
    e.g. the period runs into a year whose holiday schedule is not loaded."""
    start = application.clock_start_on
    if start is None:
        return None
    period, max_extension = period_for(application.received_on or start)
    return compute_deadline(
        start=start,
        calendar=load_calendar(),
        working_days=period,
        exclusions=application_exclusions(application),
        extension_days=application_extension_days(application) + extra_extension,
        count_start_day=count_start_day(),
        max_extension_days=max_extension,
    )


def application_recompute_due(application: Application) -> None:
    """Refresh `due_on` and `clock_error` (saved by the caller, or here if it has a pk)."""
    try:
        deadline = application_deadline(application)
    except DeadlineError as error:
        application.due_on = None
        application.clock_error = str(error)[:200]
    else:
        application.due_on = deadline.due if deadline else None
        application.clock_error = ""
    if application.pk:
        application.save(update_fields=["due_on", "clock_error", "updated_at"])


def working_days_after(start: dt.date, days: int) -> dt.date:
    """WD(start, n) on the site's calendar and counting rule (补正 notice due, consultation
    reply due, fee payment due). Raises `DeadlineError` like the answer clock."""
    return add_working_days(start, days, load_calendar(), count_start_day=count_start_day())
