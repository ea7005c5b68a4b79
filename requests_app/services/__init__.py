"""Writes of the 依申请公开 app, one function per state change (`<entity>_<verb>`).

- `calendar`: maintaining the working-day calendar (工作日历);
- `submission`: filing and registering applications (public form and staff registration);
- `handling`: every handling step (confirm receipt, 补正, consultation, extension, fee, reply,
  withdrawal, remedies), each writing an `ApplicationEvent` and, where the law asks for one,
  a numbered notice (告知书).

Import from here: `from requests_app import services; services.application_submit(...)`.
"""

from .calendar import calendar_seed_from_library, calendar_year_fill

__all__ = ["calendar_seed_from_library", "calendar_year_fill"]
