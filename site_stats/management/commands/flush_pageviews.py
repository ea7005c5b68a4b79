"""`manage.py flush_pageviews`: move the page views buffered in the cache into the database
(`PageViewDaily`). Run it from cron every minute; it is idempotent, and a run that finds
another one in progress exits without doing anything.

    * * * * * cd /srv/portal && python3 manage.py flush_pageviews --quiet
"""

from django.core.management.base import BaseCommand, CommandError

from site_stats.services import DEFAULT_FLUSH_DAYS, FlushInProgress, pageviews_flush


class Command(BaseCommand):
    help = "把缓存中的页面访问计数写入数据库（建议每分钟由 cron 运行一次）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=DEFAULT_FLUSH_DAYS, metavar="N",
            help=f"处理今天及之前共 N 天的计数（默认 {DEFAULT_FLUSH_DAYS}）。",
        )
        parser.add_argument("--quiet", action="store_true", help="没有错误时不输出。")

    def handle(self, *args, days: int, quiet: bool, **options):
        if days < 1:
            raise CommandError("--days 至少为 1。")
        try:
            result = pageviews_flush(days=days)
        except FlushInProgress:
            if not quiet:
                self.stderr.write("另一次写入正在进行，本次跳过。")
            return
        if not quiet:
            self.stdout.write(f"已写入 {result.pages} 个页面的 {result.views} 次访问。")
