"""Deadline reminders: `manage.py send_deadline_reminders` and
`reminders.deadline_reminders_send`."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction

from requests_app.models import ApplicationEvent
from requests_app.reminders import ReminderKind, deadline_reminders_send
from tests.factories import UserFactory

from .factories import ApplicationFactory

REMINDER = ApplicationEvent.Kind.REMINDER_SENT


@pytest.fixture
def on_sep_29(calendar_db, settings):
    """Tuesday 2026-09-29: the due-soon window ends on Mon 2026-10-12 (国庆 in between)."""
    settings.REQUESTS_REMINDER_EMAILS = ["office@example.gov.cn"]
    with time_machine.travel(dt.datetime(2026, 9, 29, 7, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


@pytest.fixture
def handler(db):
    return UserFactory(role="依申请公开办理员", email="handler@example.gov.cn")


@pytest.fixture
def cases(on_sep_29, handler):
    due_soon = ApplicationFactory(
        tracking_number="YSQ-2026-000001",
        name="张三丰",
        phone="13912345678",
        address="沈阳市和平区秘密路9号",
        due_on=dt.date(2026, 10, 12),
        handler=handler,
        subject="文化惠民演出资金",
    )
    overdue = ApplicationFactory(
        tracking_number="YSQ-2026-000002",
        name="李四",
        due_on=dt.date(2026, 9, 28),
        subject="非遗项目名单",
    )
    ApplicationFactory(
        tracking_number="YSQ-2026-000003", due_on=dt.date(2026, 10, 13)
    )  # 6th working day
    ApplicationFactory(tracking_number="YSQ-2026-000004", due_on=dt.date(2026, 9, 1), answered=True)
    return due_soon, overdue


def run(*args) -> str:
    out = StringIO()
    call_command("send_deadline_reminders", *args, stdout=out)
    return out.getvalue()


def by_recipient() -> dict[str, mail.EmailMessage]:
    return {message.to[0]: message for message in mail.outbox}


def test_sends_one_email_per_recipient_summarising_their_applications(cases):
    due_soon, overdue = cases
    output = run()
    assert "已发送提醒：即将到期 1 件，已逾期 1 件；邮件 2 封。" in output
    messages = by_recipient()
    assert set(messages) == {"handler@example.gov.cn", "office@example.gov.cn"}

    handler_mail = messages["handler@example.gov.cn"]
    assert handler_mail.subject == "【依申请公开期限提醒】即将到期1件（2026-09-29）"
    assert (
        "YSQ-2026-000001　文化惠民演出资金　答复期限：2026-10-12　申请人：张**" in handler_mail.body
    )
    assert "5个工作日内（截至2026-10-12）" in handler_mail.body
    assert "YSQ-2026-000002" not in handler_mail.body  # not this handler's application

    office_mail = messages["office@example.gov.cn"]
    assert office_mail.subject == "【依申请公开期限提醒】已逾期1件，即将到期1件（2026-09-29）"
    assert "一、已逾期" in office_mail.body and "二、即将到期" in office_mail.body
    assert "YSQ-2026-000002　非遗项目名单　答复期限：2026-09-28　申请人：李*" in office_mail.body
    for number in ("YSQ-2026-000003", "YSQ-2026-000004"):
        assert number not in office_mail.body

    events = ApplicationEvent.objects.filter(kind=REMINDER)
    assert sorted(
        events.values_list("application__tracking_number", "dedupe_key", "is_public")
    ) == [
        ("YSQ-2026-000001", "reminder:due_soon:2026-10-12", False),
        ("YSQ-2026-000002", "reminder:overdue:2026-09-28", False),
    ]


def test_no_personal_data_in_the_email(cases):
    due_soon, _ = cases
    run()
    for message in mail.outbox:
        text = message.subject + message.body
        assert due_soon.id_number not in text
        assert "张三丰" not in text and "13912345678" not in text
        assert due_soon.email not in text and "秘密路" not in text


def test_second_run_sends_nothing(cases):
    run()
    mail.outbox.clear()
    output = run()
    assert mail.outbox == []
    assert "已发送提醒：即将到期 0 件，已逾期 0 件；邮件 0 封。" in output
    assert "此前已提醒、本次跳过：2 件。" in output
    assert ApplicationEvent.objects.filter(kind=REMINDER).count() == 2


def test_a_changed_due_date_reminds_again(cases):
    due_soon, _ = cases
    run()
    mail.outbox.clear()
    due_soon.due_on = dt.date(2026, 10, 9)  # e.g. recomputed after a correction of the record
    due_soon.save()
    run()
    assert [m.to[0] for m in mail.outbox] == ["handler@example.gov.cn", "office@example.gov.cn"]
    assert "答复期限：2026-10-09" in mail.outbox[0].body
    assert set(due_soon.events.filter(kind=REMINDER).values_list("dedupe_key", flat=True)) == {
        "reminder:due_soon:2026-10-12",
        "reminder:due_soon:2026-10-09",
    }


def test_due_soon_then_overdue_are_two_reminders(cases):
    due_soon, _ = cases
    run()
    mail.outbox.clear()
    with time_machine.travel(dt.datetime(2026, 10, 13, 7, tzinfo=ZoneInfo("Asia/Shanghai"))):
        run()
    assert "一、已逾期" in by_recipient()["handler@example.gov.cn"].body
    assert due_soon.events.filter(dedupe_key="reminder:overdue:2026-10-12").exists()


def test_dry_run_sends_and_records_nothing(cases):
    output = run("--dry-run")
    assert mail.outbox == []
    assert not ApplicationEvent.objects.filter(kind=REMINDER).exists()
    assert "【试运行，未发送邮件、未记录】" in output
    assert "将发送提醒：即将到期 1 件，已逾期 1 件；邮件 2 封。" in output
    # A real run afterwards still sends.
    run()
    assert len(mail.outbox) == 2


def test_applications_without_recipients_are_reported_not_recorded(on_sep_29, settings):
    settings.REQUESTS_REMINDER_EMAILS = []
    ApplicationFactory(tracking_number="YSQ-2026-000009", due_on=dt.date(2026, 9, 30))
    output = run()
    assert mail.outbox == []
    assert "没有收件人" in output and "YSQ-2026-000009" in output
    assert not ApplicationEvent.objects.filter(kind=REMINDER).exists()


def test_an_event_recorded_by_a_concurrent_run_is_skipped(cases, monkeypatch):
    """The unique constraint decides: an insert that loses the race is skipped, not resent."""
    due_soon, overdue = cases
    from requests_app import reminders

    original = reminders._record

    def racing_record(item, recipient_count):
        if item.application_id == due_soon.pk:  # another run inserted it a moment ago
            ApplicationEvent.objects.create(
                application=due_soon, kind=REMINDER, is_public=False, dedupe_key=item.dedupe_key
            )
        return original(item, recipient_count)

    monkeypatch.setattr(reminders, "_record", racing_record)
    result = deadline_reminders_send()
    assert result.sent == {ReminderKind.DUE_SOON: 0, ReminderKind.OVERDUE: 1}
    assert result.already_sent == 1
    assert [m.to[0] for m in mail.outbox] == ["office@example.gov.cn"]
    assert "YSQ-2026-000001" not in mail.outbox[0].body


def test_the_database_refuses_a_duplicate_reminder(cases):
    due_soon, _ = cases
    ApplicationEvent.objects.create(application=due_soon, kind=REMINDER, dedupe_key="reminder:x")
    with pytest.raises(IntegrityError), transaction.atomic():
        ApplicationEvent.objects.create(
            application=due_soon, kind=REMINDER, dedupe_key="reminder:x"
        )


def test_a_failed_send_records_nothing(cases, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def broken(self, messages):
        raise OSError("SMTP down")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    with pytest.raises(OSError):
        run()
    assert not ApplicationEvent.objects.filter(kind=REMINDER).exists()
