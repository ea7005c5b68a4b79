"""/api/v1/documents and /api/v1/columns: filters, keyset pagination, errors, visibility, CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from disclosure.models import Document
from tests.disclosure.factories_views import AttachmentFactory, published_at
from tests.factories import ColumnFactory, DocumentFactory, PublishedDocumentFactory

pytestmark = pytest.mark.django_db


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def titles(data) -> list[str]:
    return [item["title"] for item in data["results"]]


class TestDocumentList:
    def test_only_published_and_due_newest_first(self, client, column):
        PublishedDocumentFactory(column=column, title="旧通知", published_at=published_at(3))
        PublishedDocumentFactory(column=column, title="新通知", published_at=published_at(1))
        DocumentFactory(column=column, title="草稿")
        PublishedDocumentFactory(column=column, title="撤回", status=Document.Status.WITHDRAWN)
        PublishedDocumentFactory(
            column=column, title="未到期", published_at=timezone.now() + timedelta(hours=1)
        )

        data = get_json(client, "/api/v1/documents")

        assert titles(data) == ["新通知", "旧通知"]
        assert data["next"] is None

    def test_catalogue_fields_and_no_workflow_fields(self, client, column, reviewer):
        document = PublishedDocumentFactory(
            column=column,
            title="关于开展普查的通知",
            document_number="辽文办发〔2026〕3号",
            reviewed_by=reviewer,
            created_by=reviewer,
        )

        (item,) = get_json(client, "/api/v1/documents")["results"]

        assert item["index_number"] == document.index_number
        assert item["document_number"] == "辽文办发〔2026〕3号"
        assert item["organisation"] == {
            "id": column.organisation.pk,
            "name": "辽宁省文化厅",
            "code": "11210000000000001X",
        }
        assert item["column"] == {"id": column.pk, "slug": "tzgg", "name": "通知公告"}
        assert item["url"] == f"http://testserver/xxgk/doc/{document.pk}/"
        assert item["api_url"] == f"http://testserver/api/v1/documents/{document.pk}"
        assert "body" not in item
        for private in ("reviewed_by", "created_by", "status", "approved_hash", "review_note"):
            assert private not in item

    def test_chinese_is_not_escaped(self, client, column):
        PublishedDocumentFactory(column=column, title="非遗保护")

        assert "非遗保护" in client.get("/api/v1/documents").content.decode()

    def test_column_filter_includes_descendants(self, client, column):
        child = ColumnFactory(parent=column, slug="gsgg", name="公示")
        PublishedDocumentFactory(column=column, title="本栏目")
        PublishedDocumentFactory(column=child, title="子栏目")
        PublishedDocumentFactory(title="别的栏目")

        assert sorted(titles(get_json(client, "/api/v1/documents", column="tzgg"))) == [
            "子栏目",
            "本栏目",
        ]
        assert titles(get_json(client, "/api/v1/documents", column="gsgg")) == ["子栏目"]

    def test_year_organisation_genre_validity_and_keyword_filters(self, client, column, other_org):
        last_year = timezone.localdate().year - 1
        PublishedDocumentFactory(
            column=column,
            title="去年的通知",
            published_at=timezone.now().replace(year=last_year, month=6, day=1),
        )
        PublishedDocumentFactory(
            column=column,
            organisation=other_org,
            title="文物局的公告",
            genre=Document.Genre.ANNOUNCEMENT,
        )
        PublishedDocumentFactory(
            column=column, title="已废止的通知", validity=Document.Validity.REPEALED
        )
        PublishedDocumentFactory(
            column=column, title="普通文件", document_number="辽文发〔2026〕7号"
        )

        def only(**params):
            return titles(get_json(client, "/api/v1/documents", **params))

        assert only(year=str(last_year)) == ["去年的通知"]
        assert only(organisation=str(other_org.pk)) == ["文物局的公告"]
        assert only(organisation="11210000000000002X") == ["文物局的公告"]
        assert only(genre="公告") == ["文物局的公告"]
        assert only(validity="repealed") == ["已废止的通知"]
        assert only(q="辽文发〔2026〕7号") == ["普通文件"]
        assert only(q="辽文发[2026]7号") == ["普通文件"]  # 文号 typed with [] also found
        assert only(q="废止") == ["已废止的通知"]
        assert only(q="废止", organisation=str(other_org.pk)) == []

    def test_keyset_pagination_walks_every_page_once(self, client, column):
        for n in range(7):
            PublishedDocumentFactory(column=column, title=f"通知{n}", published_at=published_at(n))
        # Two documents published at the same moment are told apart by id.
        same = published_at(10)
        PublishedDocumentFactory(column=column, title="同时A", published_at=same)
        PublishedDocumentFactory(column=column, title="同时B", published_at=same)

        seen, url, pages = [], "/api/v1/documents?limit=3&column=tzgg", 0
        while url:
            data = get_json(client, url)
            assert data["limit"] == 3
            seen += titles(data)
            pages += 1
            url = data["next"]
            if url:
                assert url.startswith("http://testserver/api/v1/documents?")
                assert "column=tzgg" in url  # filters are kept

        assert pages == 3
        assert seen == [f"通知{n}" for n in range(7)] + ["同时B", "同时A"]

    @pytest.mark.parametrize(
        ("params", "fragment"),
        [
            ({"limit": "0"}, "limit"),
            ({"limit": "101"}, "limit"),
            ({"limit": "ten"}, "limit"),
            ({"cursor": "not-a-cursor"}, "cursor"),
            ({"year": "abc"}, "year"),
            ({"year": "1800"}, "year"),
            ({"organisation": "不存在的机构"}, "organisation"),
            ({"column": "nope"}, "column"),
            ({"genre": "小说"}, "genre"),
            ({"validity": "maybe"}, "validity"),
            ({"q": "很" * 101}, "q"),
            ({"format": "xml"}, "format"),
            ({"organisation": "\x00"}, "organisation"),
            ({"q": "文化\x00"}, "q"),
        ],
    )
    def test_bad_parameters_give_400_with_a_chinese_error(self, client, column, params, fragment):
        data = get_json(client, "/api/v1/documents", status=400, **params)

        assert fragment in data["error"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in data["error"])

    def test_csv_lists_the_whole_filtered_list(self, client, column):
        for n in range(3):
            PublishedDocumentFactory(column=column, title=f"通知{n}", published_at=published_at(n))
        PublishedDocumentFactory(title="别的栏目")
        DocumentFactory(column=column, title="草稿")

        response = client.get("/api/v1/documents", {"column": "tzgg", "format": "csv", "limit": 1})

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [row["title"] for row in rows] == ["通知0", "通知1", "通知2"]
        assert rows[0]["organisation.name"] == "辽宁省文化厅"
        assert rows[0]["column.slug"] == "tzgg"


class TestDocumentDetail:
    def test_body_and_attachments_with_absolute_urls(self, client, column):
        document = PublishedDocumentFactory(column=column, body="<p>正文<b>内容</b></p>")
        attachment = AttachmentFactory(document=document)

        data = get_json(client, f"/api/v1/documents/{document.pk}")

        assert data["body"] == "<p>正文<b>内容</b></p>"
        assert data["attachments"] == [
            {
                "name": "实施方案.pdf",
                "extension": "pdf",
                "size": attachment.size,
                "sha256": attachment.sha256,
                "url": f"http://testserver/xxgk/attachment/{attachment.public_id}/",
            }
        ]
        assert data["replaced_by"] is None

    def test_unpublished_is_404_json(self, client, column):
        draft = DocumentFactory(column=column)
        scheduled = PublishedDocumentFactory(
            column=column, published_at=timezone.now() + timedelta(days=1)
        )

        for document in (draft, scheduled):
            data = get_json(client, f"/api/v1/documents/{document.pk}", status=404)
            assert data["error"] == "信息不存在或尚未公开。"
        get_json(client, "/api/v1/documents/999999", status=404)

    def test_replacement_only_when_public(self, client, column):
        new = PublishedDocumentFactory(column=column, title="新文件")
        old = PublishedDocumentFactory(
            column=column, replaced_by=new, validity=Document.Validity.REPEALED
        )
        hidden = DocumentFactory(column=column)
        other = PublishedDocumentFactory(column=column, replaced_by=hidden)

        assert get_json(client, f"/api/v1/documents/{old.pk}")["replaced_by"]["title"] == "新文件"
        assert get_json(client, f"/api/v1/documents/{other.pk}")["replaced_by"] is None


class TestColumns:
    def test_tree_of_active_columns(self, client, column):
        ColumnFactory(parent=column, slug="gsgg", name="公示")
        ColumnFactory(slug="off", name="停用", is_active=False)

        data = get_json(client, "/api/v1/columns")

        (root,) = data["results"]
        assert root["slug"] == "tzgg"
        assert [c["slug"] for c in root["children"]] == ["gsgg"]
        assert root["children"][0]["parent_slug"] == "tzgg"
        assert root["feed_url"] == "http://testserver/feeds/column/tzgg.rss"
        assert root["documents_url"] == "http://testserver/api/v1/documents?column=tzgg"

    def test_csv_is_flat(self, client, column):
        ColumnFactory(parent=column, slug="gsgg", name="公示")

        response = client.get("/api/v1/columns", {"format": "csv"})

        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [(r["slug"], r["parent_slug"]) for r in rows] == [("tzgg", ""), ("gsgg", "tzgg")]


class TestColumnCsvExport:
    def test_keeps_the_filters_of_the_column_page(self, client, column):
        PublishedDocumentFactory(column=column, title="一则公告", genre=Document.Genre.ANNOUNCEMENT)
        PublishedDocumentFactory(column=column, title="一则通知")
        PublishedDocumentFactory(title="别的栏目的公告", genre=Document.Genre.ANNOUNCEMENT)

        response = client.get("/xxgk/column/tzgg/export.csv", {"genre": "公告"})

        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][:2] == ["索引号", "名称"]
        assert [row[1] for row in rows[1:]] == ["一则公告"]

    def test_bad_filter_gives_header_only_and_unknown_column_404(self, client, column):
        PublishedDocumentFactory(column=column)

        response = client.get("/xxgk/column/tzgg/export.csv", {"year": "abc"})
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert len(text.strip().splitlines()) == 1
        assert client.get("/xxgk/column/nope/export.csv").status_code == 404
