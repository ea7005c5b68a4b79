"""``manage.py site_watch --base-url https://…``: the defacement watch (网站篡改与暗链监测).

Fetches the public pages as a desktop browser, a mobile browser and Baiduspider, compares them
with each other and with the approved content, and prints every finding (page, visitor, what).
Exits 1 when anything is found, so a scheduler (cron, systemd timer) can alert on it; 0 when the
site is clean. See `integrity.watch`.
"""

from django.core.management.base import BaseCommand, CommandError

from integrity.watch import DEFAULT_PATHS, watch_site


class Command(BaseCommand):
    help = "以桌面浏览器、手机浏览器和百度蜘蛛访问公开页面，检查暗链、禁用词、外链和针对性展示。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url", required=True, help="站点地址，如 https://www.example.gov.cn"
        )
        parser.add_argument(
            "--paths", nargs="+", default=None, help="要检查的路径（默认：首页和各栏目首页）"
        )
        parser.add_argument(
            "--sitemap", action="store_true", help="另外检查 sitemap.xml 中列出的页面"
        )
        parser.add_argument("--max-pages", type=int, default=50, help="最多检查的页面数（默认 50）")
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="每次请求的超时秒数（默认 10）"
        )

    def handle(self, *args, **options):
        if options["max_pages"] < 1 or options["timeout"] <= 0:
            raise CommandError("--max-pages 和 --timeout 必须大于 0。")
        try:
            report = watch_site(
                options["base_url"],
                paths=options["paths"] or DEFAULT_PATHS,
                use_sitemap=options["sitemap"],
                max_pages=options["max_pages"],
                timeout=options["timeout"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        for finding in report.findings:
            self.stdout.write(str(finding))
        summary = (
            f"检查了 {report.pages} 个页面（{report.requests} 次请求），"
            f"发现 {len(report.findings)} 个问题。"
        )
        if report.findings:
            self.stderr.write(summary)
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(summary))
