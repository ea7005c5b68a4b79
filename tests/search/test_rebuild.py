"""`manage.py rebuild_search_index`: the index rebuilt from the published content."""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from disclosure import services
from search.models import SearchEntry, TitleWord
from tests.factories import ColumnFactory, DocumentFactory, PublishedDocumentFactory

from .factories_search import publish

pytestmark = pytest.mark.django_db

FIELDS = ("content_type_id", "object_id", "kind", "title", "url", "published_at", "year",
          "column_id", "organisation_id", "document_number", "index_number", "excerpt")


def snapshot() -> list[tuple]:
    rows = list(SearchEntry.objects.order_by("content_type_id", "object_id").values_list(*FIELDS))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT search_vector::text FROM search_searchentry ORDER BY "
                           "content_type_id, object_id")
            vectors = [row[0] for row in cursor.fetchall()]
        rows = [(*row, vector) for row, vector in zip(rows, vectors, strict=True)]
        rows.append(sorted(
            TitleWord.objects.values_list("entry__object_id", "word", "score", "published_at")
        ))
    return rows


def rebuild(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("rebuild_search_index", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_rebuild_reproduces_the_index_kept_by_the_services(reviewer):
    column = ColumnFactory(name="通知公告")
    for n in range(5):
        publish(
            reviewer, column=column, title=f"第{n}批物业服务招标公告",
            document_number=f"辽文发〔2026〕{n + 1}号",
            body=f"<p>第{n}批项目的<b>招标</b>说明。</p>",
        )
    withdrawn = publish(reviewer, column=column, title="撤回的公告")
    services.document_withdraw(document=withdrawn, actor=reviewer, reason="有误")
    DocumentFactory(column=column, title="草稿")
    kept = snapshot()
    assert len(kept) == (6 if connection.vendor == "postgresql" else 5)

    SearchEntry.objects.all().delete()
    out, err = rebuild("--batch", "2")
    assert snapshot() == kept
    assert "已重建搜索索引：5 条" in out
    assert "5 / 5 条" in err and "预计剩余" in err and "条/秒" in err


def test_rebuild_indexes_bulk_imports_and_drops_stale_rows(client):
    PublishedDocumentFactory(title="导入的历史招标公告")
    stale = SearchEntry.objects.create(
        content_type=ContentType.objects.get(app_label="disclosure", model="document"),
        object_id=999_999, kind="信息", title="已删除的招标公告", url="/gone/",
        published_at=timezone.now(), year=2026,
    )
    rebuild()
    assert list(SearchEntry.objects.values_list("title", flat=True)) == ["导入的历史招标公告"]
    assert not SearchEntry.objects.filter(pk=stale.pk).exists()


def test_rebuild_of_one_model(reviewer):
    publish(reviewer, title="物业服务招标公告")
    out, _err = rebuild("--model", "disclosure.Document")
    assert "1 条" in out


@pytest.mark.parametrize("label", ["disclosure.Column", "nothing.Here", "bad"])
def test_unknown_or_unsearchable_model_is_refused(label):
    with pytest.raises(CommandError):
        rebuild("--model", label)


def test_batch_must_be_positive():
    with pytest.raises(CommandError):
        rebuild("--batch", "0")
