"""Due dates of 建议提案办理 — pure functions (no database, no clock, no settings).

Reply due (答复期限), 《代表法》第五十一条: within three months of 交办; six months for items
“涉及面广、处理难度大”. These are calendar months, computed per 《民法典》第二百零二条:
the period ends on the day of the final month that corresponds to the start day, or on the
last day of that month when it has no such day (08-31 + 6 months → 02-28, or 02-29 in a leap
year). 第二百零三条 (a last day on a 法定休假日 moves to the next working day) is not applied:
whether it governs these deadlines is not established, so the earlier, stricter date is shown.
"""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(start: dt.date, months: int) -> dt.date:
    """The corresponding day `months` later, or the last day of that month (民法典第202条)."""
    if months < 0:
        raise ValueError("月数不能为负数")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(start.day, last_day))


def answer_due_on(assigned_on: dt.date, *, months: int) -> dt.date:
    """答复期限: `months` calendar months after the 交办日期."""
    return add_months(assigned_on, months)
