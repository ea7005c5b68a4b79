"""``manage.py backup_portal --output DIR [--keep N]``: back up the database and uploaded files.

Writes ``DIR/portal-backup-<UTC time>/`` (``database.dump``, ``media.tar.gz``,
``manifest.json``); see `portal.backup` and docs/reliability.md (procedure, cron line).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = "整站备份：pg_dump 数据库 + 上传文件归档 + 清单（版本、行数、SHA-256）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="备份存放目录")
        parser.add_argument(
            "--keep", type=int, default=0, help="只保留最近 N 份备份（0：全部保留）"
        )

    def handle(self, *args, output: Path, keep: int, **options):
        if keep < 0:
            raise CommandError("--keep 不能为负数。")
        try:
            folder = backup.backup(output)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        manifest = backup.read_manifest(folder)
        media = manifest["media"]
        self.stdout.write(self.style.SUCCESS(f"备份完成：{folder}"))
        for name, info in manifest["files"].items():
            self.stdout.write(f"  {name}: {info['bytes']} 字节, sha256 {info['sha256']}")
        if "files" in media:
            self.stdout.write(f"  上传文件：{media['files']} 个，共 {media['bytes']} 字节")
        else:
            self.stdout.write(f"  {media['note']}")
        counts = "，".join(f"{label} {n}" for label, n in manifest["counts"].items())
        self.stdout.write(f"  行数：{counts}")
        for removed in backup.prune(output, keep=keep):
            self.stdout.write(f"  已删除旧备份：{removed}")
