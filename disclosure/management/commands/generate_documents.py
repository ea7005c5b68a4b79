"""`manage.py generate_documents --count N`: synthetic published documents at volume, for
benchmarks and load tests (批量生成测试数据)."""

from django.core.management.base import BaseCommand, CommandError

from disclosure.demo.seeding import generate_documents
from disclosure.models import Column


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "批量生成已发布的模拟政府信息（用于性能测试），索引号按机构年度流水成批预留、不重复。"

    def add_arguments(self, parser):
        parser.add_argument("--count", type=_positive, required=True, help="生成条数。")
        parser.add_argument("--column", metavar="SLUG", help="只生成到该栏目（栏目标识）。")
        parser.add_argument("--batch", type=_positive, default=5000, help="每批条数（默认5000）。")
        parser.add_argument("--seed", type=int, default=None, help="随机数种子（默认随机）。")

    def handle(self, *args, count, column, batch, seed, **options):
        if column and not Column.objects.filter(slug=column).exists():
            raise CommandError(f"栏目“{column}”不存在。")

        def progress(done: int, total: int, seconds: float) -> None:
            rate = done / seconds if seconds else 0
            eta = (total - done) / rate if rate else 0
            self.stdout.write(
                f"{done:>9,} / {total:,} 条  {rate:,.0f} 条/秒  已用 {seconds:.1f} 秒  预计剩余 {eta:.0f} 秒"
            )
            self.stdout.flush()

        self.stdout.write(f"开始生成 {count:,} 条信息（每批 {batch:,} 条）……")
        generate_documents(
            count=count, column_slug=column, batch_size=batch, seed=seed, progress=progress
        )
        self.stdout.write(self.style.SUCCESS(f"已生成 {count:,} 条已发布信息。"))
        self.stdout.write("生成的信息尚未进入检索索引，请运行 python manage.py rebuild_search_index。")
