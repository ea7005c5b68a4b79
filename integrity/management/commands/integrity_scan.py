"""`manage.py integrity_scan`: 已发布信息巡检 — forbidden terms, content changed outside the
publishing workflow, attachment files missing or swapped, over every model registered in
`publishing.registry`. Run it on a schedule (cron, systemd timer); it exits with status 1
when it finds anything, so the scheduler can alert."""

import time

from django.core.management.base import BaseCommand, CommandError

from integrity.scan import DEFAULT_CHUNK_SIZE, count_to_scan, scan_published


class Progress:
    """Prints "已扫描 n/N 篇" with rate and ETA to stderr every `every` items."""

    def __init__(self, write, total: int, every: int):
        self.write, self.total, self.every = write, total, every
        self.scanned = 0
        self.started = time.monotonic()

    def __call__(self, item) -> None:
        self.scanned += 1
        if self.every and self.scanned % self.every == 0 and self.scanned < self.total:
            rate = self.scanned / max(time.monotonic() - self.started, 1e-9)
            remaining = (self.total - self.scanned) / rate
            self.write(
                f"已扫描 {self.scanned}/{self.total} 篇"
                f"（{rate:.0f} 篇/秒，预计还需 {_duration(remaining)}）"
            )

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}小时{minutes}分"
    return f"{minutes}分{seconds}秒" if minutes else f"{seconds}秒"


class Command(BaseCommand):
    help = (
        "巡检已发布信息：禁用词、绕过发布流程的内容改动、附件文件缺失或被替换。"
        "发现问题时以状态 1 退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet", action="store_true",
            help="不显示进度；没有发现问题时不输出任何内容（适合定时任务）。",
        )
        parser.add_argument(
            "--skip-files", action="store_true",
            help="不读取附件文件核对 SHA-256（附件很多时可加快巡检）。",
        )
        parser.add_argument(
            "--progress-every", type=int, default=1000, metavar="N",
            help="每扫描 N 篇显示一次进度（默认 1000）。",
        )
        parser.add_argument(
            "--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE, metavar="N",
            help=f"每批从数据库读取的篇数（默认 {DEFAULT_CHUNK_SIZE}）。",
        )

    def handle(self, *args, quiet, skip_files, progress_every, chunk_size, **options):
        if progress_every < 0 or chunk_size < 1:
            raise CommandError("--progress-every 不能为负数，--chunk-size 至少为 1。")
        total = count_to_scan()
        progress = Progress(
            self.stderr.write, total, every=0 if quiet else progress_every
        )
        problems = 0
        for finding in scan_published(
            check_files=not skip_files, chunk_size=chunk_size, on_item=progress
        ):
            problems += 1
            self.stdout.write(str(finding))
        summary = (
            f"已扫描 {progress.scanned} 篇，发现 {problems} 个问题"
            f"（用时 {progress.elapsed:.1f} 秒）。"
        )
        if problems:
            self.stdout.write(summary)
            raise CommandError(f"巡检发现 {problems} 个问题，请立即核查。")
        if not quiet:
            self.stdout.write(self.style.SUCCESS(summary))
