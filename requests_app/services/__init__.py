"""Writes of the 依申请公开 app, one function per state change (`<entity>_<verb>`).

- `calendar`: maintaining the working-day calendar (工作日历);
- `submission`: filing and registering applications (public form and staff registration);
- `handling`: every handling step (confirm receipt, 补正, consultation, extension, fee, reply,
  withdrawal, remedies), each writing an `ApplicationEvent` and, where the law asks for one,
  a numbered notice (告知书).

Import from here: `from requests_app import services; services.application_submit(...)`.
"""

from .calendar import calendar_seed_from_library, calendar_year_fill
from .handling import (
    StepResult,
    application_close_other,
    application_confirm_receipt,
    application_correction_lapsed,
    application_end_consultation,
    application_extend,
    application_fee_lapsed,
    application_fee_paid,
    application_link,
    application_notify_fee,
    application_receive_correction,
    application_reply,
    application_request_correction,
    application_start_consultation,
    application_unlink,
    application_withdraw,
    fee_per_item,
    fee_per_page,
    remedy_decide,
    remedy_record,
)
from .submission import DuplicateSubmission, application_register, application_submit

__all__ = [
    "DuplicateSubmission",
    "application_register",
    "application_submit",
    "calendar_seed_from_library",
    "calendar_year_fill",
    # handling (依申请公开办理)
    "StepResult",
    "application_close_other",
    "application_confirm_receipt",
    "application_correction_lapsed",
    "application_end_consultation",
    "application_extend",
    "application_fee_lapsed",
    "application_fee_paid",
    "application_link",
    "application_notify_fee",
    "application_receive_correction",
    "application_reply",
    "application_request_correction",
    "application_start_consultation",
    "application_unlink",
    "application_withdraw",
    "fee_per_item",
    "fee_per_page",
    "remedy_decide",
    "remedy_record",
]
