"""`manage.py seed_calendar` — import the 2004–2026 holiday schedules into the 工作日历.

The data migration already does this for a fresh database; the command repairs a table (e.g.
after a test flush) or, with ``--overwrite``, discards manual edits of the chosen years.
"""

from django.core.management.base import BaseCommand, CommandError

from requests_app import calendar_seed
from requests_app.services import calendar_seed_from_library


class Command(BaseCommand):
    help = "从 chinese_calendar 导入 2004–2026 年的工作日历（已有日期默认保留）。"

    def add_arguments(self, parser):
        parser.add_argument("--from-year", type=int, default=calendar_seed.FIRST_YEAR)
        parser.add_argument("--to-year", type=int, default=calendar_seed.LAST_YEAR)
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="用库中的数据替换所选年度已有的日期（会覆盖后台的人工修改）。",
        )

    def handle(self, *args, from_year, to_year, overwrite, **options):
        try:
            written = calendar_seed_from_library(
                first_year=from_year, last_year=to_year, overwrite=overwrite
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"已导入 {from_year}–{to_year} 年工作日历：新写入 {written} 天。")
        )
