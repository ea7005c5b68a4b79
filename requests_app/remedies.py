"""The remedy paragraph of reply letters (救济途径告知), by outcome and decision date.

《中华人民共和国行政复议法》(2023年修订, 2024年1月1日施行) 第二十三条第一款第（四）项 makes
“申请政府信息公开，行政机关不予公开” a case of 复议前置: the applicant must apply for 行政复议
first and may sue only after the reconsideration decision; 第二款 requires the agency to say so in
its decision. So (regulation.md §12):

* 不予公开 decisions (table 三 group （三）, `Outcome.is_refusal`) dated on or after 2024-01-01:
  行政复议 first (60 days, 第二十条), then 行政诉讼 against the reconsideration decision;
* every other outcome, and every decision before 2024-01-01: the common wording — 行政复议
  within 60 days or 行政诉讼 within 6 months.
"""

from __future__ import annotations

import datetime as dt

from .models import Outcome

#: The day the revised 《行政复议法》 took effect.
RECONSIDERATION_FIRST_FROM = dt.date(2024, 1, 1)

GENERAL_REMEDY_TEXT = (
    "申请人如对本答复不服，可以在收到本答复之日起60日内依法申请行政复议，"
    "或者在6个月内依法提起行政诉讼。"
)

RECONSIDERATION_FIRST_TEXT = (
    "根据《中华人民共和国行政复议法》第二十三条的规定，申请人如对本机关不予公开的决定不服，"
    "应当自收到本答复之日起60日内先依法申请行政复议；对行政复议决定不服的，"
    "可以再依法向人民法院提起行政诉讼。"
)


def requires_reconsideration_first(outcome: Outcome | str, decided_on: dt.date) -> bool:
    """Whether 行政复议前置 applies: a 不予公开 decision made on or after 2024-01-01."""
    return Outcome(outcome).is_refusal and decided_on >= RECONSIDERATION_FIRST_FROM


def remedy_text(outcome: Outcome | str, decided_on: dt.date) -> str:
    """The remedy paragraph for a reply letter with ``outcome`` dated ``decided_on``."""
    if requires_reconsideration_first(outcome, decided_on):
        return RECONSIDERATION_FIRST_TEXT
    return GENERAL_REMEDY_TEXT
