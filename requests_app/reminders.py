"""Deadline reminders (期限提醒) for staff: a service run by the scheduler.

`deadline_reminders_send` e-mails the handler of each open application (``Application.handler``)
and the addresses in ``settings.REQUESTS_REMINDER_EMAILS`` about applications

- 即将到期 — due within the next 5 working days (the dashboard's window,
  `dashboard.due_soon_window`);
- 已逾期 — still open after the due date.

One e-mail per recipient lists all of their applications: tracking number, subject, due date and
the applicant's masked name — no ID number, phone, address or e-mail of the applicant.

Idempotence: each reminder is recorded as a private event
(``ApplicationEvent(kind=REMINDER_SENT, is_public=False, dedupe_key="reminder:<kind>:<due_on>")``).
The event is inserted *before* sending, inside the transaction that also sends the mails, and
the unique constraint on (application, dedupe_key) makes a second insert fail — so a second run,
even one running at the same moment, skips what was already reminded. A changed due date (e.g.
after an extension) is a new key, hence a new reminder. If sending fails, the transaction rolls
back and the next run tries again (a recipient may then get a mail twice, never zero times).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.template.loader import render_to_string
from django.utils import timezone

from .dashboard import DueSoonWindow, due_soon_applications, due_soon_window, overdue_applications
from .models import Application, ApplicationEvent
from .permissions import mask_name

logger = logging.getLogger(__name__)


class ReminderKind(TextChoices):
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"


def reminder_dedupe_key(kind: ReminderKind, due_on: dt.date) -> str:
    return f"reminder:{kind.value}:{due_on.isoformat()}"


@dataclass(frozen=True)
class ReminderItem:
    """One application in a reminder e-mail (no personal data beyond the masked name)."""

    application_id: int
    kind: ReminderKind
    tracking_number: str
    subject: str
    due_on: dt.date
    masked_name: str

    @property
    def dedupe_key(self) -> str:
        return reminder_dedupe_key(self.kind, self.due_on)


@dataclass
class ReminderRun:
    """What a run did (or, with ``dry_run``, would do)."""

    today: dt.date
    window: DueSoonWindow
    dry_run: bool
    #: Reminders recorded (or to be recorded) per kind.
    sent: dict[ReminderKind, int] = field(default_factory=lambda: dict.fromkeys(ReminderKind, 0))
    #: Reminders skipped because they were already sent for this kind and due date.
    already_sent: int = 0
    #: Tracking numbers of applications nobody could be told about (no handler e-mail and no
    #: REQUESTS_REMINDER_EMAILS).
    no_recipient: list[str] = field(default_factory=list)
    emails: int = 0

    def summary(self) -> str:
        prefix = "【试运行，未发送邮件、未记录】" if self.dry_run else ""
        verb = "将发送" if self.dry_run else "已发送"
        lines = [
            f"{prefix}期限提醒 {self.today:%Y-%m-%d}（即将到期范围：{self.window.label}）",
            f"{verb}提醒：即将到期 {self.sent[ReminderKind.DUE_SOON]} 件，"
            f"已逾期 {self.sent[ReminderKind.OVERDUE]} 件；邮件 {self.emails} 封。",
            f"此前已提醒、本次跳过：{self.already_sent} 件。",
        ]
        if self.window.warning:
            lines.append(f"注意：{self.window.warning}")
        if self.no_recipient:
            lines.append(
                "没有收件人（未指定承办人邮箱，且未配置 REQUESTS_REMINDER_EMAILS）："
                + "、".join(self.no_recipient)
            )
        return "\n".join(lines)


def _items(window: DueSoonWindow) -> list[tuple[ReminderItem, Application]]:
    found = []
    for kind, applications in (
        (ReminderKind.OVERDUE, overdue_applications(window.today)),
        (ReminderKind.DUE_SOON, due_soon_applications(window)),
    ):
        for application in applications:
            item = ReminderItem(
                application_id=application.pk,
                kind=kind,
                tracking_number=application.tracking_number or "（未编号）",
                subject=application.subject,
                due_on=application.due_on,
                masked_name=mask_name(application.name),
            )
            found.append((item, application))
    return found


def _recipients(application: Application) -> list[str]:
    addresses = list(getattr(settings, "REQUESTS_REMINDER_EMAILS", []) or [])
    handler = application.handler
    if handler is not None and handler.is_active and handler.email:
        addresses.insert(0, handler.email)
    return list(dict.fromkeys(address.strip() for address in addresses if address.strip()))


def _record(item: ReminderItem, recipient_count: int) -> bool:
    """Insert the reminder event; False when it already exists (this or another run)."""
    try:
        with transaction.atomic():  # a savepoint: a duplicate must not break the outer transaction
            ApplicationEvent.objects.create(
                application_id=item.application_id,
                kind=ApplicationEvent.Kind.REMINDER_SENT,
                is_public=False,
                dedupe_key=item.dedupe_key,
                note=(
                    f"{item.kind.label}提醒（答复期限 {item.due_on:%Y-%m-%d}），"
                    f"收件人 {recipient_count} 个"
                ),
            )
    except IntegrityError:
        return False
    return True


def _message(recipient: str, items: list[ReminderItem], run: ReminderRun) -> EmailMessage:
    context = {
        "today": run.today,
        "window": run.window,
        "overdue": [i for i in items if i.kind == ReminderKind.OVERDUE],
        "due_soon": [i for i in items if i.kind == ReminderKind.DUE_SOON],
    }
    subject = render_to_string("emails/requests_app/reminder_subject.txt", context)
    body = render_to_string("emails/requests_app/reminder_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()), body=body, from_email=None, to=[recipient]
    )


def deadline_reminders_send(*, today: dt.date | None = None, dry_run: bool = False) -> ReminderRun:
    """Send the due-soon and overdue reminders not sent yet; see the module docstring."""
    today = today or timezone.localdate()
    run = ReminderRun(today=today, window=due_soon_window(today), dry_run=dry_run)
    candidates = _items(run.window)
    already = set(
        ApplicationEvent.objects.filter(
            application_id__in={item.application_id for item, _ in candidates},
            kind=ApplicationEvent.Kind.REMINDER_SENT,
            dedupe_key__startswith="reminder:",
        ).values_list("application_id", "dedupe_key")
    )

    with transaction.atomic():
        by_recipient: dict[str, list[ReminderItem]] = defaultdict(list)
        for item, application in candidates:
            if (item.application_id, item.dedupe_key) in already:
                run.already_sent += 1
                continue
            recipients = _recipients(application)
            if not recipients:
                run.no_recipient.append(item.tracking_number)
                continue
            if not dry_run and not _record(item, len(recipients)):
                run.already_sent += 1  # another run got there first
                continue
            run.sent[item.kind] += 1
            for recipient in recipients:
                by_recipient[recipient].append(item)

        messages = [_message(recipient, items, run) for recipient, items in by_recipient.items()]
        run.emails = len(messages)
        if messages and not dry_run:
            # Inside the transaction: if sending fails, the events roll back and the next run
            # tries again.
            get_connection(fail_silently=False).send_messages(messages)
    logger.info(
        "deadline reminders: due_soon=%s overdue=%s emails=%s skipped=%s dry_run=%s",
        run.sent[ReminderKind.DUE_SOON],
        run.sent[ReminderKind.OVERDUE],
        run.emails,
        run.already_sent,
        dry_run,
    )
    return run
