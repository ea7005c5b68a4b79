"""Handling of an application by staff (依申请公开办理), one function per step of the 条例.

Every function is keyword-only, runs in one transaction on the row-locked application, writes an
`ApplicationEvent` (actor, time, kind, old → new status, note, public or not), issues the notice
letter (告知书) the step needs (`requests_app.notices`) and recomputes the answer clock
(`clock.application_recompute_due`). Refusals raise `ValidationError` or `PermissionDenied`
with a Chinese message; a deadline that cannot be computed raises `DeadlineError` (Chinese).
Each returns a `StepResult`; soft problems (a late 补正 notice, a late reply) are returned as
``warnings`` and written into the event note — the step itself is done.

Interpretations (see also `requests_app/README.md`):

* Withdrawal (撤回) closes the application with `Outcome.OTHER` (（六）3): a withdrawn application
  was still received, so it must be counted in table 三 for 一+二 = 三（七）+四 to hold.
* Per-item fees (按件计收): the applicant's other applications received in the same calendar
  month count as earlier items (by ID number, or by name when no ID number was given; one item
  each, or the quantity of their own per-item fee notice); this application's items are charged
  at the marginal rates (`fee_per_item`).
* An extension must be approved before the current due date has passed (regulation.md §15,
  "treat as required"); several extensions may add up to the cap (20, or 15 under the 2007 text).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from disclosure.uploads import display_name, validate_attachment

from .. import notices
from ..deadlines import CONSULTATION_PERIOD_DAYS, CORRECTION_NOTICE_DAYS, DeadlineError
from ..models import (
    Application,
    ApplicationEvent,
    ApplicationFile,
    Consultation,
    Correction,
    Extension,
    FeeNotice,
    Notice,
    NoticeTemplate,
    Outcome,
    Remedy,
)
from ..permissions import can_approve_extension
from ..remedies import remedy_text, requires_reconsideration_first
from .clock import (
    application_extension_days,
    application_recompute_due,
    period_for,
    working_days_after,
)

Status = Application.Status
EventKind = ApplicationEvent.Kind
NoticeKind = NoticeTemplate.Kind

#: 《政府信息公开信息处理费管理办法》: payment within 20 working days of receiving the notice.
FEE_PAYMENT_DAYS = 20
#: Outcomes of table 三 （六） reached by their own steps, never by `application_reply`.
CLOSING_OUTCOMES = frozenset({Outcome.CORRECTION_LAPSED, Outcome.FEE_UNPAID, Outcome.OTHER})
#: Groups whose reply must give reasons and a legal basis: 不予公开、无法提供、不予处理.
REASONED_GROUPS = frozenset({"3", "4", "5"})

LATE_CORRECTION_WARNING = "已超过收到申请之日起7个工作日"


@dataclass
class StepResult:
    """What a handling step did: the application (reloaded), its notice, the record it created
    (correction, consultation, extension, fee notice, remedy), and warnings to show staff."""

    application: Application
    notice: Notice | None = None
    record: Any = None
    warnings: list[str] = field(default_factory=list)


# --- Helpers ------------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _d(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("organisation")
        .get(pk=application.pk)
    )


def _require_status(application: Application, allowed: Iterable[str], action: str) -> None:
    if application.status not in set(allowed):
        raise ValidationError(
            "当前状态为“%(status)s”，不能%(action)s。",
            code="status",
            params={"status": application.get_status_display(), "action": action},
        )


def _require_date(
    value: dt.date | None,
    label: str,
    *,
    not_before: dt.date | None = None,
    not_before_label: str = "",
) -> dt.date:
    if value is None:
        raise ValidationError("请填写%(label)s。", code="required", params={"label": label})
    if value > _today():
        raise ValidationError("%(label)s不能晚于今天。", code="future", params={"label": label})
    if not_before is not None and value < not_before:
        raise ValidationError(
            "%(label)s不能早于%(other)s（%(date)s）。",
            code="too_early",
            params={"label": label, "other": not_before_label, "date": _d(not_before)},
        )
    return value


def _record(
    application: Application,
    *,
    actor,
    kind: str,
    new_status: str | None = None,
    note: str = "",
    is_public: bool = True,
    notice: Notice | None = None,
    warnings: Sequence[str] = (),
) -> ApplicationEvent:
    """Change the status (if any), save, recompute the clock and write the event."""
    old_status = application.status
    if new_status is not None:
        application.status = new_status
    application.save()
    application_recompute_due(application)
    full_note = "；".join([part for part in (note, *warnings) if part])
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        actor=actor,
        old_status=old_status,
        new_status=application.status,
        note=full_note,
        is_public=is_public,
        notice=notice,
    )


def _record_event(
    app: Application,
    *,
    actor,
    kind: str,
    old_status: str,
    note: str = "",
    is_public: bool = True,
    notice: Notice | None = None,
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=app,
        kind=kind,
        actor=actor,
        old_status=old_status,
        new_status=app.status,
        note=note,
        is_public=is_public,
        notice=notice,
    )


def _finish(caller: Application, locked: Application, **result: Any) -> StepResult:
    """Bring the caller's instance up to date and wrap the result."""
    caller.refresh_from_db()
    return StepResult(application=locked, **result)


def _termination_notice(application: Application, *, actor, reason: str) -> Notice:
    return notices.notice_issue(
        application=application,
        kind=NoticeKind.TERMINATION,
        actor=actor,
        issued_on=_today(),
        extra={"termination": {"reason": reason}},
    )


# --- 确认收到 (第31条) ---------------------------------------------------------------------------


@transaction.atomic
def application_confirm_receipt(
    *, application: Application, actor, received_on: dt.date, issue_notice: bool = False
) -> StepResult:
    """确认收到申请: 收到申请之日 = the confirmation date (第31条); the clock starts."""
    app = _locked(application)
    _require_status(app, [Status.SUBMITTED], "确认收到")
    submitted_on = timezone.localdate(app.submitted_at)
    _require_date(received_on, "收到申请之日", not_before=submitted_on, not_before_label="提交日期")
    app.received_on = received_on
    app.clock_start_on = received_on
    app.status = Status.PROCESSING
    app.save()
    application_recompute_due(app)
    notice = None
    if issue_notice:
        notice = notices.notice_issue(
            application=app, kind=NoticeKind.RECEIPT, actor=actor, issued_on=_today()
        )
    _record_event(
        app,
        actor=actor,
        kind=EventKind.RECEIPT_CONFIRMED,
        old_status=Status.SUBMITTED,
        note=f"收到申请之日：{_d(received_on)}",
        notice=notice,
    )
    return _finish(application, app, notice=notice)


# --- 补正 (第30条) -------------------------------------------------------------------------------


def _normalise_items(items: str | Sequence[str]) -> list[str]:
    lines = items.splitlines() if isinstance(items, str) else list(items)
    cleaned = [line.strip().lstrip("0123456789.、)） ").strip() for line in lines]
    return [line for line in cleaned if line]


@transaction.atomic
def application_request_correction(
    *, application: Application, actor, items: str | Sequence[str], deadline_on: dt.date
) -> StepResult:
    """告知补正: one notice listing every item, with a deadline; the clock stops until R′."""
    app = _locked(application)
    _require_status(app, [Status.PROCESSING], "告知补正")
    if app.corrections.exists():
        raise ValidationError(
            "该申请已告知过补正。依照《中华人民共和国政府信息公开条例》第三十条，补正应当一次性告知，"
            "不能再次要求补正。",
            code="second_correction",
        )
    item_list = _normalise_items(items)
    if not item_list:
        raise ValidationError("请逐项列明需要补正的事项。", code="items")
    today = _today()
    if deadline_on is None or deadline_on <= today:
        raise ValidationError("补正期限应当晚于今天。", code="deadline")
    warnings = []
    if app.received_on:
        try:
            notice_due = working_days_after(app.received_on, CORRECTION_NOTICE_DAYS)
        except DeadlineError as error:
            warnings.append(f"无法核对7个工作日的告知期限：{error}")
        else:
            if today > notice_due:
                warnings.append(
                    f"{LATE_CORRECTION_WARNING}（应于{_d(notice_due)}前告知），请在办理记录中说明原因"
                )
    correction = Correction.objects.create(
        application=app, items="\n".join(item_list), requested_on=today, deadline_on=deadline_on
    )
    app.clock_start_on = None  # 第30条: the period runs again from the corrected application
    notice = notices.notice_issue(
        application=app,
        kind=NoticeKind.CORRECTION,
        actor=actor,
        issued_on=today,
        extra={"correction": {"items": item_list, "deadline_on": deadline_on}},
    )
    _record(
        app,
        actor=actor,
        kind=EventKind.CORRECTION_REQUESTED,
        new_status=Status.AWAITING_CORRECTION,
        note=f"补正期限：{_d(deadline_on)}",
        notice=notice,
        warnings=warnings,
    )
    return _finish(application, app, notice=notice, record=correction, warnings=warnings)


def _pending_correction(app: Application) -> Correction:
    correction = app.corrections.filter(received_on=None, lapsed_on=None).order_by("-id").first()
    if correction is None:
        raise ValidationError("没有待补正的事项。", code="no_correction")
    return correction


@transaction.atomic
def application_receive_correction(
    *, application: Application, actor, received_on: dt.date
) -> StepResult:
    """收到补正: the answer period restarts from R′ = ``received_on`` (第30条)."""
    app = _locked(application)
    _require_status(app, [Status.AWAITING_CORRECTION], "登记收到补正")
    correction = _pending_correction(app)
    _require_date(
        received_on,
        "收到补正之日",
        not_before=correction.requested_on,
        not_before_label="告知补正日期",
    )
    warnings = []
    if received_on > correction.deadline_on:
        warnings.append(f"补正材料晚于补正期限（{_d(correction.deadline_on)}）收到")
    correction.received_on = received_on
    correction.save(update_fields=["received_on"])
    app.clock_start_on = received_on
    _record(
        app,
        actor=actor,
        kind=EventKind.CORRECTION_RECEIVED,
        new_status=Status.PROCESSING,
        note=f"收到补正之日：{_d(received_on)}，答复期限重新计算",
        warnings=warnings,
    )
    return _finish(application, app, record=correction, warnings=warnings)


@transaction.atomic
def application_correction_lapsed(*, application: Application, actor) -> StepResult:
    """逾期未补正: 视为放弃申请, closed as （六）1 with a 终止办理告知书."""
    app = _locked(application)
    _require_status(app, [Status.AWAITING_CORRECTION], "登记逾期未补正")
    correction = _pending_correction(app)
    today = _today()
    if today <= correction.deadline_on:
        raise ValidationError(
            "补正期限（%(date)s）尚未届满，不能按逾期未补正处理。",
            code="not_lapsed",
            params={"date": _d(correction.deadline_on)},
        )
    correction.lapsed_on = today
    correction.save(update_fields=["lapsed_on"])
    app.outcome = Outcome.CORRECTION_LAPSED
    app.closed_on = today
    reason = (
        f"本机关已于{_d(correction.requested_on)}告知您（单位）作出补正，补正期限为"
        f"{_d(correction.deadline_on)}。您（单位）无正当理由逾期未补正，根据《中华人民共和国政府"
        "信息公开条例》第三十条的规定，视为放弃申请，"
    )
    notice = _termination_notice(app, actor=actor, reason=reason)
    _record(
        app,
        actor=actor,
        kind=EventKind.CORRECTION_LAPSED,
        new_status=Status.CLOSED,
        note="逾期未补正，视为放弃申请",
        notice=notice,
    )
    return _finish(application, app, notice=notice, record=correction)


# --- 征求意见 (第32条、第34条) --------------------------------------------------------------------


@transaction.atomic
def application_start_consultation(
    *, application: Application, actor, party_type: str, party_name: str, sent_on: dt.date
) -> StepResult:
    """征求第三方 / 其他机关意见: the other side has WD(sent_on, 15); the time is excluded."""
    app = _locked(application)
    _require_status(app, [Status.PROCESSING, Status.CONSULTING], "征求意见")
    if party_type not in Consultation.Party.values:
        raise ValidationError("请选择征求意见的对象类型。", code="party_type")
    party_name = (party_name or "").strip()
    if not party_name:
        raise ValidationError("请填写征求意见的对象。", code="party_name")
    _require_date(
        sent_on, "发出征求意见书日期", not_before=app.clock_start_on, not_before_label="期限起算日"
    )
    reply_due_on = working_days_after(sent_on, CONSULTATION_PERIOD_DAYS)
    consultation = Consultation.objects.create(
        application=app,
        party_type=party_type,
        party_name=party_name,
        sent_on=sent_on,
        reply_due_on=reply_due_on,
    )
    party = Consultation.Party(party_type)
    kind = (
        NoticeKind.CONSULTATION_THIRD_PARTY
        if party == Consultation.Party.THIRD_PARTY
        else NoticeKind.CONSULTATION_AGENCY
    )
    notice = notices.notice_issue(
        application=app,
        kind=kind,
        actor=actor,
        issued_on=sent_on,
        extra={
            "consultation": {
                "party_name": party_name,
                "party_type": party.label,
                "sent_on": sent_on,
                "reply_due_on": reply_due_on,
            }
        },
    )
    # The public note does not name the third party (its interests are what is at stake).
    _record(
        app,
        actor=actor,
        kind=EventKind.CONSULTATION_STARTED,
        new_status=Status.CONSULTING,
        note=f"已书面征求{party.label}意见，对方答复期限为{_d(reply_due_on)}；"
        "征求意见所需时间不计入答复期限",
        notice=notice,
    )
    return _finish(application, app, notice=notice, record=consultation)


@transaction.atomic
def application_end_consultation(
    *, consultation: Consultation, actor, replied_on: dt.date, opinion: str
) -> StepResult:
    """收到意见 (or the period ended without one): back to 办理中 when nothing else is pending."""
    caller = consultation.application
    app = _locked(caller)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.replied_on is not None:
        raise ValidationError("该征求意见已登记过结果。", code="already_replied")
    _require_status(app, [Status.CONSULTING], "登记征求意见结果")
    _require_date(
        replied_on,
        "收到意见日期",
        not_before=consultation.sent_on,
        not_before_label="发出征求意见书日期",
    )
    consultation.replied_on = replied_on
    consultation.opinion = (opinion or "").strip()
    consultation.save(update_fields=["replied_on", "opinion"])
    still_pending = app.consultations.filter(replied_on=None).exists()
    new_status = Status.CONSULTING if still_pending else Status.PROCESSING
    summary = "已收到意见" if consultation.opinion else "对方未提出意见"
    _record(
        app,
        actor=actor,
        kind=EventKind.CONSULTATION_ENDED,
        new_status=new_status,
        note=f"征求{consultation.get_party_type_display()}意见结束（{summary}）",
    )
    return _finish(caller, app, record=consultation)


# --- 延期答复 (第33条第2款) -----------------------------------------------------------------------


@transaction.atomic
def application_extend(
    *, application: Application, actor, days: int, reason: str, approved_by
) -> StepResult:
    """延期答复 approved by the head of the disclosure office; notice to the applicant."""
    if not can_approve_extension(approved_by):
        raise PermissionDenied(
            "延长答复期限须经政府信息公开工作机构负责人同意：您没有批准延期的权限。"
        )
    app = _locked(application)
    _require_status(app, Application.CLOCK_STATUSES, "延期答复")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写延期理由。", code="reason")
    if not isinstance(days, int) or days < 1:
        raise ValidationError("延长的工作日数应为正整数。", code="days")
    if app.due_on is None:
        raise ValidationError(
            "当前无法计算答复期限（%(error)s），不能延期。",
            code="no_due",
            params={"error": app.clock_error or "期限未开始计算"},
        )
    today = _today()
    if today > app.due_on:
        raise ValidationError(
            "答复期限（%(date)s）已过，不能再延长答复期限。延期应当在答复期限届满前决定并告知申请人。",
            code="too_late",
            params={"date": _d(app.due_on)},
        )
    _, cap = period_for(app.received_on or app.clock_start_on or today)
    already = application_extension_days(app)
    if already + days > cap:
        raise ValidationError(
            "延长的期限累计最长不得超过%(cap)d个工作日（已延长%(already)d个工作日，本次申请%(days)d个）。",
            code="cap",
            params={"cap": cap, "already": already, "days": days},
        )
    old_due = app.due_on
    extension = Extension.objects.create(
        application=app,
        days=days,
        reason=reason,
        requested_by=actor,
        approved_by=approved_by,
        approved_at=timezone.now(),
    )
    application_recompute_due(app)
    if app.due_on is None:
        raise DeadlineError(app.clock_error)
    notice = notices.notice_issue(
        application=app,
        kind=NoticeKind.EXTENSION,
        actor=actor,
        issued_on=today,
        extra={
            "extension": {
                "days": days,
                "reason": reason,
                "new_due_on": app.due_on,
                "old_due_on": old_due,
            }
        },
    )
    _record(
        app,
        actor=actor,
        kind=EventKind.EXTENSION_APPROVED,
        note=f"延长{days}个工作日，答复期限由{_d(old_due)}延至{_d(app.due_on)}",
        notice=notice,
    )
    return _finish(application, app, notice=notice, record=extension)


# --- 信息处理费 (第42条) -------------------------------------------------------------------------

#: 按量计收 (第五条): (first page of the band, last page or None, rate per page in 元).
PAGE_BANDS = ((1, 30, 0), (31, 100, 10), (101, 200, 20), (201, None, 40))


def fee_per_page(pages: int) -> Decimal:
    """按量计收, progressive: ≤30 pages free; 31–100: 10元/页; 101–200: 20元/页; 201+: 40元/页."""
    if pages < 0:
        raise ValueError("页数不能为负数")
    total = 0
    for first, last, rate in PAGE_BANDS:
        upper = pages if last is None else min(pages, last)
        if upper >= first:
            total += (upper - first + 1) * rate
    return Decimal(total)


def item_rate(ordinal: int) -> int:
    """The rate (元) of the applicant's ``ordinal``-th item in a calendar month (第四条):
    1–10 free; 11–30: 100; then each band of 10 raises the rate by 100 (31–40: 200, 41–50: 300…)."""
    if ordinal <= 10:
        return 0
    if ordinal <= 30:
        return 100
    return 100 + 100 * ((ordinal - 31) // 10 + 1)


def fee_per_item(previous_items_this_month: int, items: int) -> Decimal:
    """按件计收: the marginal fee of ``items`` more items after ``previous_items_this_month``."""
    if previous_items_this_month < 0 or items < 0:
        raise ValueError("件数不能为负数")
    first = previous_items_this_month + 1
    return Decimal(sum(item_rate(n) for n in range(first, first + items)))


def applicant_items_before(application: Application) -> int:
    """Items of the same applicant received earlier in the same calendar month (按件计收)."""
    month_of = application.received_on or timezone.localdate(application.submitted_at)
    same_applicant = (
        Q(id_type=application.id_type, id_number=application.id_number)
        if application.id_number
        else Q(name=application.name)
    )
    others = (
        Application.objects.filter(same_applicant)
        .filter(received_on__year=month_of.year, received_on__month=month_of.month)
        .filter(Q(received_on__lt=month_of) | Q(received_on=month_of, pk__lt=application.pk))
        .exclude(pk=application.pk)
        .prefetch_related("fee_notices")
    )
    total = 0
    for other in others:
        per_item = [
            f.quantity for f in other.fee_notices.all() if f.method == FeeNotice.Method.PER_ITEM
        ]
        total += max(per_item) if per_item else 1
    return total


def fee_amount(application: Application, *, method: str, quantity: int) -> Decimal:
    if method == FeeNotice.Method.PER_PAGE:
        return fee_per_page(quantity)
    if method == FeeNotice.Method.PER_ITEM:
        return fee_per_item(applicant_items_before(application), quantity)
    raise ValidationError("请选择计收方式。", code="method")


@transaction.atomic
def application_notify_fee(
    *, application: Application, actor, method: str, quantity: int
) -> StepResult:
    """收费通知: amount from the tiers; payment due WD(notified_on, 20); status 待缴费."""
    app = _locked(application)
    _require_status(app, [Status.PROCESSING], "告知收费")
    if app.fee_notices.filter(paid_on=None, lapsed_on=None).exists():
        raise ValidationError("该申请已有未结清的收费通知。", code="pending_fee")
    if not isinstance(quantity, int) or quantity < 1:
        raise ValidationError("件数/页数应为正整数。", code="quantity")
    amount = fee_amount(app, method=method, quantity=quantity)
    if amount <= 0:
        raise ValidationError(
            "按所选计收方式，本申请的信息处理费为0元，不应发出收费通知。", code="free"
        )
    today = _today()
    pay_by = working_days_after(today, FEE_PAYMENT_DAYS)
    fee = FeeNotice.objects.create(
        application=app,
        method=method,
        quantity=quantity,
        amount=amount,
        notified_on=today,
        pay_by=pay_by,
    )
    method_label = FeeNotice.Method(method).label
    unit = "件" if method == FeeNotice.Method.PER_ITEM else "页"
    notice = notices.notice_issue(
        application=app,
        kind=NoticeKind.FEE,
        actor=actor,
        issued_on=today,
        extra={
            "fee": {
                "method": method_label,
                "quantity": quantity,
                "unit": unit,
                "amount": f"{amount:.2f}",
                "notified_on": today,
                "pay_by": pay_by,
            }
        },
    )
    _record(
        app,
        actor=actor,
        kind=EventKind.FEE_NOTIFIED,
        new_status=Status.AWAITING_FEE,
        note=f"{method_label}{quantity}{unit}，金额{amount:.2f}元，缴费期限{_d(pay_by)}",
        notice=notice,
    )
    return _finish(application, app, notice=notice, record=fee)


def _open_fee(fee_notice: FeeNotice) -> tuple[Application, FeeNotice]:
    app = _locked(fee_notice.application)  # the caller's instance is refreshed by `_finish`
    fee = FeeNotice.objects.select_for_update().get(pk=fee_notice.pk)
    if fee.paid_on is not None or fee.lapsed_on is not None:
        raise ValidationError("该收费通知已办结。", code="fee_done")
    _require_status(app, [Status.AWAITING_FEE], "登记缴费情况")
    return app, fee


@transaction.atomic
def application_fee_paid(*, fee_notice: FeeNotice, actor, paid_on: dt.date) -> StepResult:
    """已缴费: handling continues (办理中)."""
    app, fee = _open_fee(fee_notice)
    _require_date(paid_on, "缴费日期", not_before=fee.notified_on, not_before_label="通知日期")
    warnings = []
    if paid_on > fee.pay_by:
        warnings.append(f"缴费日期晚于缴费期限（{_d(fee.pay_by)}）")
    fee.paid_on = paid_on
    fee.save(update_fields=["paid_on"])
    _record(
        app,
        actor=actor,
        kind=EventKind.FEE_PAID,
        new_status=Status.PROCESSING,
        note=f"{_d(paid_on)}缴纳信息处理费{fee.amount:.2f}元",
        warnings=warnings,
    )
    return _finish(fee_notice.application, app, record=fee, warnings=warnings)


@transaction.atomic
def application_fee_lapsed(*, fee_notice: FeeNotice, actor) -> StepResult:
    """逾期未缴费: 视为放弃申请, closed as （六）2."""
    app, fee = _open_fee(fee_notice)
    today = _today()
    if today <= fee.pay_by:
        raise ValidationError(
            "缴费期限（%(date)s）尚未届满，不能按逾期未缴费处理。",
            code="not_lapsed",
            params={"date": _d(fee.pay_by)},
        )
    fee.lapsed_on = today
    fee.save(update_fields=["lapsed_on"])
    app.outcome = Outcome.FEE_UNPAID
    app.closed_on = today
    reason = (
        f"本机关已于{_d(fee.notified_on)}向您（单位）发出收费通知，缴费期限为{_d(fee.pay_by)}。"
        "您（单位）逾期未缴纳信息处理费，视为放弃申请，"
    )
    notice = _termination_notice(app, actor=actor, reason=reason)
    _record(
        app,
        actor=actor,
        kind=EventKind.FEE_LAPSED,
        new_status=Status.CLOSED,
        note="逾期未缴纳信息处理费，视为放弃申请",
        notice=notice,
    )
    return _finish(fee_notice.application, app, notice=notice, record=fee)


# --- 答复 (第36–39条) ----------------------------------------------------------------------------


def _store_released_file(app: Application, uploaded: UploadedFile) -> ApplicationFile:
    extension = validate_attachment(uploaded)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return ApplicationFile.objects.create(
        application=app,
        kind=ApplicationFile.Kind.RELEASED,
        name=display_name(uploaded.name),
        file=uploaded,
        extension=extension,
        size=uploaded.size,
        sha256=digest.hexdigest(),
        visible_to_applicant=True,
    )


@transaction.atomic
def application_reply(
    *,
    application: Application,
    actor,
    outcome: Outcome,
    reason: str,
    legal_basis: str,
    answered_on: dt.date,
    released_files: Sequence[UploadedFile] = (),
    partial: bool = False,
) -> StepResult:
    """答复: the outcome (a row of table 三), reasons, files and the reply letter."""
    app = _locked(application)
    _require_status(app, [Status.PROCESSING], "作出答复")
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise ValidationError("请选择办理结果。", code="outcome") from None
    if outcome in CLOSING_OUTCOMES:
        raise ValidationError(
            "“%(outcome)s”请使用“逾期未补正”“逾期未缴费”或“终止办理”操作登记。",
            code="closing_outcome",
            params={"outcome": outcome.label},
        )
    if partial and outcome != Outcome.PARTIAL:
        raise ValidationError(
            "区分处理的，只计为“（二）部分公开”，请选择该办理结果。", code="partial"
        )
    reason = (reason or "").strip()
    legal_basis = (legal_basis or "").strip()
    if outcome.group in REASONED_GROUPS or outcome == Outcome.PARTIAL:
        missing = [
            label for label, value in (("理由", reason), ("法律依据", legal_basis)) if not value
        ]
        if missing:
            raise ValidationError(
                "“%(outcome)s”的答复应当说明%(missing)s。",
                code="reasons",
                params={"outcome": outcome.label, "missing": "和".join(missing)},
            )
    _require_date(
        answered_on, "答复日期", not_before=app.received_on, not_before_label="收到申请之日"
    )
    files = [_store_released_file(app, uploaded) for uploaded in released_files]
    warnings = []
    if app.due_on and answered_on > app.due_on:
        warnings.append(f"答复日期晚于答复期限（{_d(app.due_on)}）")
    app.outcome = outcome
    app.outcome_reason = reason
    app.legal_basis = legal_basis
    app.answered_on = answered_on
    notice = notices.notice_issue(
        application=app,
        kind=NoticeKind.REPLY,
        actor=actor,
        issued_on=answered_on,
        extra={
            "reply": notices.reply_values(
                outcome=outcome,
                reason=reason,
                legal_basis=legal_basis,
                answered_on=answered_on,
                released_files=[f.name for f in files],
                partial=partial,
            ),
            "remedy": remedy_text(outcome, answered_on),
        },
    )
    _record(
        app,
        actor=actor,
        kind=EventKind.ANSWERED,
        new_status=Status.ANSWERED,
        note=f"办理结果：{outcome.label}",
        notice=notice,
        warnings=warnings,
    )
    return _finish(application, app, notice=notice, record=files, warnings=warnings)


# --- 撤回、终止 ----------------------------------------------------------------------------------


@transaction.atomic
def application_withdraw(*, application: Application, actor, note: str = "") -> StepResult:
    """申请人撤回: closed, counted as （六）3 其他 in table 三 (see the module docstring)."""
    app = _locked(application)
    _require_status(app, Application.OPEN_STATUSES, "撤回")
    app.outcome = Outcome.OTHER
    app.closed_on = _today()
    _record(
        app,
        actor=actor,
        kind=EventKind.WITHDRAWN,
        new_status=Status.WITHDRAWN,
        note=(note or "").strip() or "申请人撤回申请",
    )
    return _finish(application, app)


@transaction.atomic
def application_close_other(*, application: Application, actor, reason: str) -> StepResult:
    """终止办理 for any other reason: （六）3 其他, with a 终止办理告知书."""
    app = _locked(application)
    _require_status(app, Application.OPEN_STATUSES, "终止办理")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写终止办理的理由。", code="reason")
    app.outcome = Outcome.OTHER
    app.closed_on = _today()
    sentence = reason if reason.endswith(("。", "，", "；")) else reason + "，"
    notice = _termination_notice(app, actor=actor, reason=sentence)
    _record(
        app,
        actor=actor,
        kind=EventKind.CLOSED,
        new_status=Status.CLOSED,
        note=reason,
        notice=notice,
    )
    return _finish(application, app, notice=notice)


# --- 关联申请 ------------------------------------------------------------------------------------


def _link_note(other: Application, linked: bool) -> str:
    return f"{'关联' if linked else '取消关联'}申请 {other.tracking_number or other.pk}"


@transaction.atomic
def application_link(*, application: Application, other: Application, actor) -> StepResult:
    """Link two applications about the same information or subject (symmetrical)."""
    if application.pk == other.pk:
        raise ValidationError("不能把申请与其自身关联。", code="self")
    app = _locked(application)
    if app.related.filter(pk=other.pk).exists():
        raise ValidationError("这两件申请已经关联。", code="linked")
    app.related.add(other)
    for one, two in ((app, other), (other, app)):
        _record_event(
            one,
            actor=actor,
            kind=EventKind.LINKED,
            old_status=one.status,
            note=_link_note(two, True),
            is_public=False,
        )
    return _finish(application, app, record=other)


@transaction.atomic
def application_unlink(*, application: Application, other: Application, actor) -> StepResult:
    app = _locked(application)
    if not app.related.filter(pk=other.pk).exists():
        raise ValidationError("这两件申请没有关联。", code="not_linked")
    app.related.remove(other)
    for one, two in ((app, other), (other, app)):
        _record_event(
            one,
            actor=actor,
            kind=EventKind.LINKED,
            old_status=one.status,
            note=_link_note(two, False),
            is_public=False,
        )
    return _finish(application, app, record=other)


# --- 行政复议、行政诉讼 --------------------------------------------------------------------------


@transaction.atomic
def remedy_record(
    *,
    application: Application,
    actor,
    kind: str,
    filed_on: dt.date,
    authority: str,
    case_number: str = "",
) -> StepResult:
    """登记行政复议 / 行政诉讼 about an application (annual-report table 四)."""
    app = _locked(application)
    if kind not in Remedy.Kind.values:
        raise ValidationError("请选择类型（行政复议或行政诉讼）。", code="kind")
    authority = (authority or "").strip()
    if not authority:
        raise ValidationError("请填写复议机关或受理法院。", code="authority")
    _require_date(
        filed_on, "申请/起诉日期", not_before=app.received_on, not_before_label="收到申请之日"
    )
    warnings = []
    kind = Remedy.Kind(kind)
    if (
        kind == Remedy.Kind.SUIT_AFTER_RECONSIDERATION
        and not app.remedies.filter(kind=Remedy.Kind.RECONSIDERATION).exists()
    ):
        warnings.append("该申请尚未登记行政复议，请补充登记复议情况")
    if (
        kind == Remedy.Kind.DIRECT_SUIT
        and app.outcome
        and app.answered_on
        and requires_reconsideration_first(app.outcome, app.answered_on)
    ):
        warnings.append("不予公开决定适用行政复议前置（《行政复议法》第二十三条），请核实起诉情况")
    remedy = Remedy.objects.create(
        application=app,
        kind=kind,
        filed_on=filed_on,
        authority=authority,
        case_number=(case_number or "").strip(),
    )
    _record_event(
        app,
        actor=actor,
        kind=EventKind.REMEDY,
        old_status=app.status,
        is_public=False,
        note="；".join([f"登记{kind.label}：{authority}，{_d(filed_on)}", *warnings]),
    )
    return _finish(application, app, record=remedy, warnings=warnings)


@transaction.atomic
def remedy_decide(*, remedy: Remedy, actor, result: str, decided_on: dt.date | None) -> StepResult:
    """登记复议决定 / 判决结果: 维持 / 纠正 / 其他 / 尚未审结."""
    caller = remedy.application
    remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
    app = _locked(caller)
    if result not in Remedy.Result.values:
        raise ValidationError("请选择结果。", code="result")
    result = Remedy.Result(result)
    if result == Remedy.Result.PENDING:
        decided_on = None
    else:
        _require_date(
            decided_on, "审结日期", not_before=remedy.filed_on, not_before_label="申请/起诉日期"
        )
    remedy.result = result
    remedy.decided_on = decided_on
    remedy.save(update_fields=["result", "decided_on"])
    _record_event(
        app,
        actor=actor,
        kind=EventKind.REMEDY,
        old_status=app.status,
        is_public=False,
        note=f"{remedy.get_kind_display()}结果：{result.label}",
    )
    return _finish(caller, app, record=remedy)
