"""`manage.py rebuild_search_index [--batch 2000] [--model app.Model]`: rebuild the site search
index (重建全文检索索引) from the published content, with progress and time left on stderr."""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from publishing.registry import publishable_models
from search.indexing import rebuild_index


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "从已发布内容重建站内搜索索引（分批进行，显示进度和预计剩余时间）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=_positive, default=2000, help="每批条数（默认2000）。"
        )
        parser.add_argument(
            "--model", metavar="APP.MODEL", action="append",
            help="只重建该类内容，如 disclosure.Document（可重复）。",
        )

    def handle(self, *args, batch, model, **options):
        models = self._models(model) if model else None

        def progress(done: int, total: int, seconds: float) -> None:
            rate = done / seconds if seconds else 0
            eta = (total - done) / rate if rate else 0
            self.stderr.write(
                f"{done:>9,} / {total:,} 条  {rate:,.0f} 条/秒  "
                f"已用 {seconds:.1f} 秒  预计剩余 {eta:.0f} 秒"
            )
            self.stderr.flush()

        done = rebuild_index(models=models, batch_size=batch, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"已重建搜索索引：{done:,} 条。"))

    @staticmethod
    def _models(labels: list[str]) -> list:
        registered = publishable_models()
        chosen = []
        for label in labels:
            try:
                model = apps.get_model(label)
            except (LookupError, ValueError) as error:
                raise CommandError(f"没有“{label}”这类内容。") from error
            if model not in registered:
                names = "、".join(m._meta.label for m in registered)
                raise CommandError(f"“{label}”不是可检索的发布内容；可选：{names}。")
            chosen.append(model)
        return chosen
