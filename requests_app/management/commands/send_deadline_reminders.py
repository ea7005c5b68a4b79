"""``manage.py send_deadline_reminders [--dry-run]``: e-mail staff about 即将到期 and 已逾期
applications (期限提醒). Run daily by the scheduler (cron); running it twice sends nothing twice.
The logic is `requests_app.reminders.deadline_reminders_send`."""

from django.core.management.base import BaseCommand

from requests_app.reminders import deadline_reminders_send


class Command(BaseCommand):
    help = (
        "向承办人和 REQUESTS_REMINDER_EMAILS 发送依申请公开即将到期、已逾期提醒"
        "（可重复运行，不会重复发送）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="只显示将发送的提醒，不发送邮件，也不记录。",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        run = deadline_reminders_send(dry_run=dry_run)
        self.stdout.write(run.summary())
