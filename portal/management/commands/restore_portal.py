"""``manage.py restore_portal --input DIR --database-url URL [--media-root PATH] [--noinput]``.

Restores a folder written by ``backup_portal``: checks the files' SHA-256, restores the dump
into the target database (created if missing) with ``pg_restore --clean --if-exists`` in one
transaction, swaps the uploaded files in (the previous folder is kept beside it) and compares the
row counts with the manifest. See `portal.backup` and docs/reliability.md.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = "从 backup_portal 的备份恢复数据库和上传文件。"

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, type=Path, help="备份目录（portal-backup-…）")
        parser.add_argument(
            "--database-url",
            required=True,
            help="恢复到的数据库，如 postgres://user@host:5432/portal（不存在时自动创建）",
        )
        parser.add_argument(
            "--media-root",
            type=Path,
            default=None,
            help="上传文件恢复到的目录（默认：当前设置的 MEDIA_ROOT）",
        )
        parser.add_argument("--no-media", action="store_true", help="只恢复数据库，不恢复上传文件")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="不询问确认",
        )

    def handle(
        self, *args, input: Path, database_url: str, media_root, no_media, interactive, **options
    ):
        try:
            target = backup.Connection.from_url(database_url)
            manifest = backup.read_manifest(input)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        if no_media:
            media_root = None
        elif media_root is None:
            media_root = Path(settings.MEDIA_ROOT)
        if interactive:
            where = f"，上传文件恢复到 {media_root}" if media_root else ""
            answer = input_(
                f"将用 {manifest['created_at']} 的备份覆盖数据库 {target.name}{where}。"
                "输入 yes 继续："
            )
            if answer.strip().lower() != "yes":
                raise CommandError("已取消恢复。")
        try:
            result = backup.restore(input, target=target, media_root=media_root)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        if result.created_database:
            self.stdout.write(f"已创建数据库 {target.name}")
        if result.media_restored:
            self.stdout.write(f"上传文件已恢复到 {media_root}")
        if result.previous_media:
            self.stdout.write(f"原有上传文件目录保留为 {result.previous_media}")
        counts = "，".join(f"{label} {n}" for label, n in result.counts.items())
        self.stdout.write(self.style.SUCCESS(f"恢复完成，行数与备份清单一致：{counts}"))


def input_(prompt: str) -> str:
    return input(prompt)
