"""`manage.py seed_demo`: the 辽宁省文化厅 demo site (演示数据), once; a second run does nothing."""

from django.core.management.base import BaseCommand

from disclosure.demo.seeding import seed_demo


class Command(BaseCommand):
    help = "写入演示数据（辽宁省文化厅：机构、栏目和数百条政府信息）；已有演示数据时不重复写入。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2017, help="随机数种子（默认2017）。")

    def handle(self, *args, seed, **options):
        result = seed_demo(seed=seed)
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"已写入演示数据：共 {result.documents} 条信息，用时 {result.seconds:.1f} 秒。"
                )
            )
            for summary in result.sections:
                self.stdout.write(f"  {summary}")
        else:
            self.stdout.write(f"演示数据已存在（共 {result.documents} 条信息），未重复写入。")
