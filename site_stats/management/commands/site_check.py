"""`manage.py site_check [--json]`: 网站自查 against the inspection indicators (site_rules.md §6).

Prints every finding with how to fix it (or the report as JSON) on standard output, progress on
standard error, and exits with status 1 when a single-veto item (单项否决) fails, so a scheduler
can alert. Deductions (扣分) are listed but do not fail the run."""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from integrity.scan import count_to_scan
from site_stats.checks import run_site_check


class Command(BaseCommand):
    help = "网站自查：按检查指标检查栏目更新、空白栏目、首页更新、留言答复、安全、链接和附件。触及单项否决时以状态 1 退出。"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="以 JSON 输出检查结果。")
        parser.add_argument(
            "--skip-files", action="store_true", help="不检查附件文件是否存在（附件很多时可加快检查）。"
        )
        parser.add_argument("--quiet", action="store_true", help="不显示进度。")
        parser.add_argument(
            "--progress-every", type=int, default=1000, metavar="N",
            help="内容检查每读取 N 项显示一次进度（默认 1000）。",
        )

    def handle(self, *args, skip_files: bool, quiet: bool, progress_every: int, **options):
        as_json = options["json"]
        if progress_every < 1:
            raise CommandError("--progress-every 至少为 1。")
        started = time.monotonic()
        total = 0 if quiet else count_to_scan()
        read = 0

        def on_step(name: str) -> None:
            nonlocal read
            read = 0
            if not quiet:
                self.stderr.write(f"正在检查：{name}…")

        def on_item(obj) -> None:
            nonlocal read
            read += 1
            if not quiet and read % progress_every == 0:
                self.stderr.write(f"  已检查 {read}/{total} 项")

        report = run_site_check(check_files=not skip_files, on_step=on_step, on_item=on_item)
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self._print(report)
        if not quiet:
            self.stderr.write(f"用时 {time.monotonic() - started:.1f} 秒。")
        if not report.passed:
            labels = "、".join(result.label for result in report.vetoes)
            raise CommandError(f"网站自查不合格：触及单项否决指标（{labels}），请立即整改。")

    def _print(self, report) -> None:
        self.stdout.write(f"网站自查（{report.checked_at:%Y-%m-%d %H:%M}）")
        for result in report.results:
            if result.skipped:
                status = f"未检查：{result.skipped}"
            elif result.vetoed:
                status = f"单项否决（{len(result.findings)} 项）"
            elif result.findings:
                status = f"发现 {len(result.findings)} 项问题"
            else:
                status = "通过"
            self.stdout.write(f"\n【{result.label}】{result.severity.label}：{status}")
            if result.rule:
                self.stdout.write(f"  规则：{result.rule}")
            for finding in result.findings:
                self.stdout.write(f"  - {finding.subject}：{finding.detail}")
                self.stdout.write(f"    整改：{finding.fix}")
                links = [url for url in (finding.admin_url, finding.public_url) if url]
                if links:
                    self.stdout.write(f"    链接：{' '.join(links)}")
        summary = f"\n结论：{report.verdict}，共发现 {report.finding_count} 项问题。"
        self.stdout.write(self.style.SUCCESS(summary) if report.passed else summary)

