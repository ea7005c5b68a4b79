"""Every handling step (依申请公开办理) through `requests_app.services`, with bad input.

Dates are counted by hand on the 2026 schedule (清明 4月4–6日 off): R = 2026-03-02 (Monday) gives
a due date WD(R, 20) = 2026-03-30.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app import services
from requests_app.models import (
    Application,
    ApplicationEvent,
    ApplicationFile,
    Consultation,
    FeeNotice,
    Notice,
    NoticeTemplate,
    Outcome,
    Remedy,
)
from requests_app.remedies import GENERAL_REMEDY_TEXT, RECONSIDERATION_FIRST_TEXT
from tests.factories import UserFactory

from .factories import ApplicationFactory, RemedyFactory

Status = Application.Status
Kind = ApplicationEvent.Kind


def at(year, month, day):
    return time_machine.travel(
        dt.datetime(year, month, day, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    )


@pytest.fixture
def handler(db):
    return UserFactory(role="依申请公开办理员")


@pytest.fixture
def approver(db):
    return UserFactory(role="依申请公开负责人")


@pytest.fixture
def application(calendar_db):
    application = ApplicationFactory()
    services.handling.application_recompute_due(application)
    assert application.due_on == dt.date(2026, 3, 30)
    return application


def last_event(application) -> ApplicationEvent:
    return application.events.order_by("-id").first()


# --- 确认收到 ------------------------------------------------------------------------------------


def test_confirm_receipt_starts_the_clock_and_issues_a_receipt(calendar_db, handler):
    application = ApplicationFactory(unconfirmed=True)
    with at(2026, 3, 3):
        result = services.application_confirm_receipt(
            application=application,
            actor=handler,
            received_on=dt.date(2026, 3, 2),
            issue_notice=True,
        )
    application.refresh_from_db()
    assert application.status == Status.PROCESSING
    assert application.received_on == application.clock_start_on == dt.date(2026, 3, 2)
    assert application.due_on == dt.date(2026, 3, 30)
    assert result.notice.kind == NoticeTemplate.Kind.RECEIPT
    assert result.notice.number == "依申请回执〔2026〕1号"
    assert "2026年3月2日" in result.notice.body
    event = last_event(application)
    assert (event.kind, event.old_status, event.new_status, event.actor) == (
        Kind.RECEIPT_CONFIRMED,
        Status.SUBMITTED,
        Status.PROCESSING,
        handler,
    )


@pytest.mark.parametrize("received_on", [dt.date(2026, 3, 4), dt.date(2026, 3, 1)])
def test_confirm_receipt_refuses_future_or_before_submission(calendar_db, handler, received_on):
    application = ApplicationFactory(unconfirmed=True)  # submitted 2026-03-02
    with at(2026, 3, 3), pytest.raises(ValidationError, match="收到申请之日不能"):
        services.application_confirm_receipt(
            application=application, actor=handler, received_on=received_on
        )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not application.notices.exists()


def test_confirm_receipt_only_once(application, handler):
    with at(2026, 3, 3), pytest.raises(ValidationError, match="不能确认收到"):
        services.application_confirm_receipt(
            application=application, actor=handler, received_on=dt.date(2026, 3, 2)
        )


# --- 补正 ---------------------------------------------------------------------------------------


def test_correction_stops_the_clock_and_the_restart_counts_from_r_prime(application, handler):
    with at(2026, 3, 4):
        result = services.application_request_correction(
            application=application,
            actor=handler,
            items="1.请说明所需信息的文号\n2.请补充身份证明",
            deadline_on=dt.date(2026, 3, 13),
        )
    assert result.warnings == []
    application.refresh_from_db()
    assert application.status == Status.AWAITING_CORRECTION
    assert application.due_on is None and application.clock_start_on is None
    assert result.notice.kind == NoticeTemplate.Kind.CORRECTION
    assert "1.请说明所需信息的文号" in result.notice.body
    assert "2.请补充身份证明" in result.notice.body
    assert "2026年3月13日" in result.notice.body

    with at(2026, 3, 16):
        services.application_receive_correction(
            application=application, actor=handler, received_on=dt.date(2026, 3, 16)
        )
    application.refresh_from_db()
    assert application.status == Status.PROCESSING
    assert application.clock_start_on == dt.date(2026, 3, 16)
    # Day 1 = 3月17日; 清明 4月6日 off; day 20 = 4月14日 (not 3月30日: the old days are lost).
    assert application.due_on == dt.date(2026, 4, 14)
    assert last_event(application).kind == Kind.CORRECTION_RECEIVED


def test_second_correction_is_refused(application, handler):
    with at(2026, 3, 4):
        services.application_request_correction(
            application=application,
            actor=handler,
            items="请说明文号",
            deadline_on=dt.date(2026, 3, 13),
        )
    with at(2026, 3, 16):
        services.application_receive_correction(
            application=application, actor=handler, received_on=dt.date(2026, 3, 16)
        )
        with pytest.raises(ValidationError, match="一次性告知"):
            services.application_request_correction(
                application=application,
                actor=handler,
                items="再补充",
                deadline_on=dt.date(2026, 3, 25),
            )
    assert application.notices.filter(kind=NoticeTemplate.Kind.CORRECTION).count() == 1


def test_late_correction_notice_is_allowed_with_a_warning(application, handler):
    # WD(2026-03-02, 7) = 3月11日; the notice on 3月12日 is late.
    with at(2026, 3, 12):
        result = services.application_request_correction(
            application=application,
            actor=handler,
            items="请说明文号",
            deadline_on=dt.date(2026, 3, 20),
        )
    assert len(result.warnings) == 1
    assert "已超过收到申请之日起7个工作日" in result.warnings[0]
    assert "2026年3月11日" in result.warnings[0]
    assert "已超过收到申请之日起7个工作日" in last_event(application).note
    assert application.status == Status.AWAITING_CORRECTION


def test_correction_on_the_seventh_working_day_is_on_time(application, handler):
    with at(2026, 3, 11):
        result = services.application_request_correction(
            application=application,
            actor=handler,
            items="请说明文号",
            deadline_on=dt.date(2026, 3, 20),
        )
    assert result.warnings == []


@pytest.mark.parametrize(
    ("items", "deadline", "message"),
    [
        ("", dt.date(2026, 3, 20), "逐项列明"),
        ("请说明文号", dt.date(2026, 3, 4), "补正期限应当晚于今天"),
    ],
)
def test_correction_bad_input(application, handler, items, deadline, message):
    with at(2026, 3, 4), pytest.raises(ValidationError, match=message):
        services.application_request_correction(
            application=application, actor=handler, items=items, deadline_on=deadline
        )


def test_correction_lapse_only_after_the_deadline(application, handler):
    with at(2026, 3, 4):
        services.application_request_correction(
            application=application,
            actor=handler,
            items="请说明文号",
            deadline_on=dt.date(2026, 3, 13),
        )
    with at(2026, 3, 13), pytest.raises(ValidationError, match="尚未届满"):
        services.application_correction_lapsed(application=application, actor=handler)
    with at(2026, 3, 16):
        result = services.application_correction_lapsed(application=application, actor=handler)
    application.refresh_from_db()
    assert application.status == Status.CLOSED
    assert application.outcome == Outcome.CORRECTION_LAPSED
    assert application.closed_on == dt.date(2026, 3, 16)
    assert result.notice.kind == NoticeTemplate.Kind.TERMINATION
    assert "视为放弃申请" in result.notice.body


# --- 征求意见 ------------------------------------------------------------------------------------


def test_two_overlapping_consultations_move_the_due_date_by_their_union(application, handler):
    with at(2026, 3, 9):
        first = services.application_start_consultation(
            application=application,
            actor=handler,
            party_type=Consultation.Party.THIRD_PARTY,
            party_name="某艺术品交易有限公司",
            sent_on=dt.date(2026, 3, 9),
        ).record
    assert first.reply_due_on == dt.date(2026, 3, 30)  # WD(3月9日, 15)
    application.refresh_from_db()
    assert application.status == Status.CONSULTING
    with at(2026, 3, 11):
        second = services.application_start_consultation(
            application=application,
            actor=handler,
            party_type=Consultation.Party.AGENCY,
            party_name="辽宁省财政厅",
            sent_on=dt.date(2026, 3, 11),
        )
    assert second.notice.kind == NoticeTemplate.Kind.CONSULTATION_AGENCY
    assert "视为同意公开" in second.notice.body
    with at(2026, 3, 13):
        services.application_end_consultation(
            consultation=first, actor=handler, replied_on=dt.date(2026, 3, 13), opinion="不同意公开"
        )
    application.refresh_from_db()
    assert application.status == Status.CONSULTING  # the other one is pending
    with at(2026, 3, 18):
        services.application_end_consultation(
            consultation=second.record, actor=handler, replied_on=dt.date(2026, 3, 18), opinion=""
        )
    application.refresh_from_db()
    assert application.status == Status.PROCESSING
    # Excluded: 3月10–13日 ∪ 3月12–18日 = 7 working days (not 4 + 5 = 9): 3月30日 → 4月9日.
    assert application.due_on == dt.date(2026, 4, 9)


def test_consultation_notice_to_third_party_and_public_event_without_its_name(application, handler):
    with at(2026, 3, 9):
        result = services.application_start_consultation(
            application=application,
            actor=handler,
            party_type=Consultation.Party.THIRD_PARTY,
            party_name="某艺术品交易有限公司",
            sent_on=dt.date(2026, 3, 9),
        )
    assert result.notice.kind == NoticeTemplate.Kind.CONSULTATION_THIRD_PARTY
    assert result.notice.body.startswith("某艺术品交易有限公司：")
    assert "2026年3月30日" in result.notice.body
    event = last_event(application)
    assert event.is_public and "某艺术品" not in event.note


def test_consultation_refuses_a_future_date_and_a_second_end(application, handler):
    with at(2026, 3, 9):
        with pytest.raises(ValidationError, match="不能晚于今天"):
            services.application_start_consultation(
                application=application,
                actor=handler,
                party_type=Consultation.Party.AGENCY,
                party_name="省财政厅",
                sent_on=dt.date(2026, 3, 10),
            )
        consultation = services.application_start_consultation(
            application=application,
            actor=handler,
            party_type=Consultation.Party.AGENCY,
            party_name="省财政厅",
            sent_on=dt.date(2026, 3, 9),
        ).record
        services.application_end_consultation(
            consultation=consultation, actor=handler, replied_on=dt.date(2026, 3, 9), opinion="同意"
        )
        with pytest.raises(ValidationError, match="已登记过结果"):
            services.application_end_consultation(
                consultation=consultation, actor=handler, replied_on=dt.date(2026, 3, 9), opinion=""
            )


# --- 延期答复 ------------------------------------------------------------------------------------


def test_extension_by_an_approver(application, handler, approver):
    with at(2026, 3, 20):
        result = services.application_extend(
            application=application,
            actor=handler,
            days=20,
            reason="需调取多个处室档案",
            approved_by=approver,
        )
    application.refresh_from_db()
    assert application.due_on == dt.date(2026, 4, 28)
    assert result.record.approved_by == approver and result.record.requested_by == handler
    assert result.notice.kind == NoticeTemplate.Kind.EXTENSION
    assert "2026年4月28日" in result.notice.body and "20个工作日" in result.notice.body
    assert "延至2026年4月28日" in last_event(application).note


def test_extension_without_permission_is_refused(application, handler):
    with at(2026, 3, 20), pytest.raises(PermissionDenied, match="负责人同意"):
        services.application_extend(
            application=application, actor=handler, days=10, reason="档案较多", approved_by=handler
        )
    assert not application.extensions.exists()


def test_extension_beyond_twenty_working_days_is_refused(application, handler, approver):
    with at(2026, 3, 20):
        services.application_extend(
            application=application, actor=handler, days=15, reason="档案较多", approved_by=approver
        )
        with pytest.raises(ValidationError, match="最长不得超过20个工作日"):
            services.application_extend(
                application=application,
                actor=handler,
                days=6,
                reason="仍需时间",
                approved_by=approver,
            )
    application.refresh_from_db()
    assert sum(e.days for e in application.extensions.all()) == 15


def test_extension_under_the_2007_text_is_capped_at_fifteen(calendar_db, handler, approver):
    application = ApplicationFactory(received_on=dt.date(2019, 3, 4))
    services.handling.application_recompute_due(application)
    with at(2019, 3, 5), pytest.raises(ValidationError, match="最长不得超过15个工作日"):
        services.application_extend(
            application=application, actor=handler, days=16, reason="档案较多", approved_by=approver
        )


def test_extension_after_the_due_date_is_refused(application, handler, approver):
    with at(2026, 3, 31), pytest.raises(ValidationError, match="答复期限（2026年3月30日）已过"):
        services.application_extend(
            application=application, actor=handler, days=5, reason="档案较多", approved_by=approver
        )


# --- 信息处理费 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2700),
        (201, 2740),
        (250, 4700),
    ],
)
def test_fee_per_page_is_progressive(pages, fee):
    assert services.fee_per_page(pages) == Decimal(fee)


@pytest.mark.parametrize(
    ("previous", "items", "fee"),
    [
        (0, 10, 0),  # 10 items a month are free
        (0, 11, 100),  # the 11th costs 100
        (10, 1, 100),
        (9, 3, 200),  # 10th free, 11th and 12th 100 each
        (0, 30, 2000),  # 20 × 100
        (30, 1, 200),  # 31st: first band of 10 above 30 → 200
        (30, 10, 2000),  # 31–40 at 200
        (40, 1, 300),  # 41st → 300
        (25, 10, 5 * 100 + 5 * 200),
    ],
)
def test_fee_per_item_is_marginal_per_calendar_month(previous, items, fee):
    assert services.fee_per_item(previous, items) == Decimal(fee)


def test_fee_per_item_counts_the_applicants_earlier_applications_that_month(application):
    same = {"id_number": application.id_number, "name": application.name}
    for _ in range(3):
        ApplicationFactory(received_on=dt.date(2026, 3, 1), **same)  # counted
    ApplicationFactory(received_on=dt.date(2026, 2, 27), **same)  # last month
    ApplicationFactory(received_on=dt.date(2026, 3, 5), **same)  # later
    ApplicationFactory(received_on=dt.date(2026, 3, 1))  # someone else
    assert services.handling.applicant_items_before(application) == 3


def test_fee_notice_pays_within_twenty_working_days_and_lapses(application, handler):
    with at(2026, 3, 9):
        result = services.application_notify_fee(
            application=application, actor=handler, method=FeeNotice.Method.PER_PAGE, quantity=50
        )
    fee = result.record
    assert fee.amount == Decimal("200.00") and fee.pay_by == dt.date(2026, 4, 7)
    assert "人民币200.00元" in result.notice.body
    application.refresh_from_db()
    assert application.status == Status.AWAITING_FEE
    with at(2026, 4, 7), pytest.raises(ValidationError, match="尚未届满"):
        services.application_fee_lapsed(fee_notice=fee, actor=handler)
    with at(2026, 4, 8):
        result = services.application_fee_lapsed(fee_notice=fee, actor=handler)
    application.refresh_from_db()
    assert application.status == Status.CLOSED
    assert application.outcome == Outcome.FEE_UNPAID  # （六）2
    assert result.notice.kind == NoticeTemplate.Kind.TERMINATION


def test_fee_paid_resumes_handling(application, handler):
    with at(2026, 3, 9):
        fee = services.application_notify_fee(
            application=application, actor=handler, method=FeeNotice.Method.PER_PAGE, quantity=40
        ).record
    with at(2026, 3, 12):
        services.application_fee_paid(fee_notice=fee, actor=handler, paid_on=dt.date(2026, 3, 12))
    application.refresh_from_db()
    assert application.status == Status.PROCESSING
    # Excluded 3月10–12日 (fee interval, setting default): 3 working days → 4月2日.
    assert application.due_on == dt.date(2026, 4, 2)


def test_a_free_fee_notice_is_refused(application, handler):
    with at(2026, 3, 9), pytest.raises(ValidationError, match="0元"):
        services.application_notify_fee(
            application=application, actor=handler, method=FeeNotice.Method.PER_PAGE, quantity=30
        )


# --- 答复 ---------------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n%%EOF\n"


def test_reply_disclosed_with_files(application, handler):
    with at(2026, 3, 20):
        result = services.application_reply(
            application=application,
            actor=handler,
            outcome=Outcome.DISCLOSED,
            reason="",
            legal_basis="",
            answered_on=dt.date(2026, 3, 20),
            released_files=[SimpleUploadedFile("资金安排.pdf", PDF, "application/pdf")],
        )
    application.refresh_from_db()
    assert application.status == Status.ANSWERED
    assert application.outcome == Outcome.DISCLOSED and application.answered_on == dt.date(
        2026, 3, 20
    )
    released = application.files.get(kind=ApplicationFile.Kind.RELEASED)
    assert (
        released.visible_to_applicant and released.extension == "pdf" and len(released.sha256) == 64
    )
    assert "1.资金安排.pdf" in result.notice.body
    assert GENERAL_REMEDY_TEXT in result.notice.body
    assert result.notice.number == "依申请答复〔2026〕1号"


def test_reply_refusal_after_2024_uses_reconsideration_first(application, handler):
    with at(2026, 3, 20):
        result = services.application_reply(
            application=application,
            actor=handler,
            outcome=Outcome.THIRD_PARTY,
            reason="涉及第三方商业秘密，第三方不同意公开",
            legal_basis="《政府信息公开条例》第十五条",
            answered_on=dt.date(2026, 3, 20),
        )
    assert RECONSIDERATION_FIRST_TEXT in result.notice.body
    assert "第十五条" in result.notice.body


@pytest.mark.parametrize(
    "outcome", [Outcome.STATE_SECRET, Outcome.NOT_HELD, Outcome.REPEATED, Outcome.PARTIAL]
)
def test_reply_groups_that_need_reasons_refuse_without_them(application, handler, outcome):
    with at(2026, 3, 20), pytest.raises(ValidationError, match="应当说明理由和法律依据"):
        services.application_reply(
            application=application,
            actor=handler,
            outcome=outcome,
            reason="",
            legal_basis="",
            answered_on=dt.date(2026, 3, 20),
        )
    application.refresh_from_db()
    assert application.status == Status.PROCESSING and not application.notices.exists()


@pytest.mark.parametrize(
    ("outcome", "sentence"),
    [
        (Outcome.PARTIAL, "区分处理"),
        (Outcome.NOT_HELD, "无法向您（单位）提供"),
        (Outcome.PETITION, "不予处理"),
    ],
)
def test_reply_groups_with_reasons(application, handler, outcome, sentence):
    with at(2026, 3, 20):
        result = services.application_reply(
            application=application,
            actor=handler,
            outcome=outcome,
            reason="经检索",
            legal_basis="《政府信息公开条例》第三十六条",
            answered_on=dt.date(2026, 3, 20),
            partial=outcome == Outcome.PARTIAL,
        )
    assert sentence in result.notice.body
    assert GENERAL_REMEDY_TEXT in result.notice.body
    assert Application.objects.get(pk=application.pk).outcome == outcome


def test_reply_refuses_closing_outcomes_partial_mismatch_bad_files_and_late_replies(
    application, handler
):
    with at(2026, 3, 20):
        with pytest.raises(ValidationError, match="终止办理"):
            services.application_reply(
                application=application,
                actor=handler,
                outcome=Outcome.OTHER,
                reason="",
                legal_basis="",
                answered_on=dt.date(2026, 3, 20),
            )
        with pytest.raises(ValidationError, match="部分公开"):
            services.application_reply(
                application=application,
                actor=handler,
                outcome=Outcome.DISCLOSED,
                reason="",
                legal_basis="",
                answered_on=dt.date(2026, 3, 20),
                partial=True,
            )
        with pytest.raises(ValidationError, match="内容与扩展名"):
            services.application_reply(
                application=application,
                actor=handler,
                outcome=Outcome.DISCLOSED,
                reason="",
                legal_basis="",
                answered_on=dt.date(2026, 3, 20),
                released_files=[SimpleUploadedFile("shell.pdf", b"<?php system($_GET[1]);")],
            )
    assert not application.files.exists()
    with at(2026, 4, 1):
        result = services.application_reply(
            application=application,
            actor=handler,
            outcome=Outcome.DISCLOSED,
            reason="",
            legal_basis="",
            answered_on=dt.date(2026, 4, 1),
        )
    assert result.warnings == ["答复日期晚于答复期限（2026年3月30日）"]


# --- 撤回、终止、关联 ---------------------------------------------------------------------------


def test_withdrawal_is_counted_as_other(application, handler):
    with at(2026, 3, 10):
        services.application_withdraw(application=application, actor=handler, note="申请人来电撤回")
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert application.outcome == Outcome.OTHER and application.closed_on == dt.date(2026, 3, 10)
    with at(2026, 3, 10), pytest.raises(ValidationError, match="不能撤回"):
        services.application_withdraw(application=application, actor=handler)


def test_close_other_needs_a_reason_and_issues_a_termination_notice(application, handler):
    with at(2026, 3, 10):
        with pytest.raises(ValidationError, match="终止办理的理由"):
            services.application_close_other(application=application, actor=handler, reason=" ")
        result = services.application_close_other(
            application=application, actor=handler, reason="申请人已死亡且无继承人"
        )
    assert Application.objects.get(pk=application.pk).outcome == Outcome.OTHER
    assert "申请人已死亡且无继承人" in result.notice.body


def test_link_and_unlink(application, handler):
    other = ApplicationFactory()
    services.application_link(application=application, other=other, actor=handler)
    assert list(other.related.all()) == [application]
    with pytest.raises(ValidationError, match="已经关联"):
        services.application_link(application=other, other=application, actor=handler)
    with pytest.raises(ValidationError, match="自身"):
        services.application_link(application=application, other=application, actor=handler)
    services.application_unlink(application=application, other=other, actor=handler)
    assert not other.related.exists()
    assert other.events.filter(kind=Kind.LINKED, is_public=False).count() == 2


# --- 行政复议、行政诉讼 --------------------------------------------------------------------------


def test_remedy_record_and_decide(calendar_db, handler):
    application = ApplicationFactory(answered=True, outcome=Outcome.THIRD_PARTY)
    with at(2026, 5, 6):
        result = services.remedy_record(
            application=application,
            actor=handler,
            kind=Remedy.Kind.DIRECT_SUIT,
            filed_on=dt.date(2026, 5, 6),
            authority="沈阳市和平区人民法院",
        )
        assert "行政复议前置" in result.warnings[0]
        with pytest.raises(ValidationError, match="审结日期不能早于"):
            services.remedy_decide(
                remedy=result.record,
                actor=handler,
                result=Remedy.Result.UPHELD,
                decided_on=dt.date(2026, 5, 1),
            )
        services.remedy_decide(
            remedy=result.record,
            actor=handler,
            result=Remedy.Result.CORRECTED,
            decided_on=dt.date(2026, 5, 6),
        )
    remedy = Remedy.objects.get(pk=result.record.pk)
    assert remedy.result == Remedy.Result.CORRECTED and remedy.decided_on == dt.date(2026, 5, 6)


def test_suit_after_reconsideration_without_one_warns(calendar_db, handler):
    remedy = RemedyFactory()
    with at(2026, 6, 1):
        result = services.remedy_record(
            application=remedy.application,
            actor=handler,
            kind=Remedy.Kind.SUIT_AFTER_RECONSIDERATION,
            filed_on=dt.date(2026, 6, 1),
            authority="沈阳市中级人民法院",
        )
        assert result.warnings == []
        other = ApplicationFactory(answered=True)
        result = services.remedy_record(
            application=other,
            actor=handler,
            kind=Remedy.Kind.SUIT_AFTER_RECONSIDERATION,
            filed_on=dt.date(2026, 6, 1),
            authority="沈阳市中级人民法院",
        )
        assert "尚未登记行政复议" in result.warnings[0]
        with pytest.raises(ValidationError, match="复议机关或受理法院"):
            services.remedy_record(
                application=other,
                actor=handler,
                kind=Remedy.Kind.RECONSIDERATION,
                filed_on=dt.date(2026, 6, 1),
                authority="",
            )


def test_notices_are_numbered_per_kind_and_year(calendar_db, handler):
    first, second = ApplicationFactory(), ApplicationFactory()
    with at(2026, 3, 10):
        services.application_close_other(application=first, actor=handler, reason="其他原因")
        services.application_close_other(application=second, actor=handler, reason="其他原因")
    numbers = list(Notice.objects.order_by("id").values_list("number", flat=True))
    assert numbers == ["依申请终止〔2026〕1号", "依申请终止〔2026〕2号"]
