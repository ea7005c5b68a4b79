"""`manage.py prune_audit_log --older-than-days N`: remove audit rows older than N days.

Refuses N below AUDIT_LOG_MIN_RETENTION_DAYS (183: 《网络安全法》第二十一条 asks for six months).
Meant for a monthly scheduler; without --older-than-days nothing is deleted.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.models import AuditEvent


class Command(BaseCommand):
    help = "删除早于指定天数的审计日志（至少保留 183 天）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days", type=int, required=True, help="删除早于这么多天的记录（≥183）。"
        )
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除。")

    def handle(self, *args, older_than_days, dry_run, **options):
        minimum = getattr(settings, "AUDIT_LOG_MIN_RETENTION_DAYS", 183)
        if older_than_days < minimum:
            raise CommandError(
                f"审计日志至少保留 {minimum} 天（网络安全法第二十一条：不少于六个月），"
                f"不能删除 {older_than_days} 天以内的记录。"
            )
        cutoff = timezone.now() - timedelta(days=older_than_days)
        if dry_run:
            count = AuditEvent.objects.older_than(cutoff).count()
            self.stdout.write(f"将删除 {count} 条早于 {cutoff:%Y-%m-%d} 的审计记录（未删除）。")
            return
        deleted = AuditEvent.objects.prune(cutoff=cutoff)
        self.stdout.write(f"已删除 {deleted} 条早于 {cutoff:%Y-%m-%d} 的审计记录。")
