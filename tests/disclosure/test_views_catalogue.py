"""政府信息公开目录: the catalogue page and its CSV download."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.utils.text import Truncator
from django.utils import timezone

from disclosure.models import Document
from tests.disclosure.factories_views import published_at
from tests.factories import (
    ColumnFactory,
    DocumentFactory,
    PublishedDocumentFactory,
    SiteProfileFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    SiteProfileFactory()
    column = ColumnFactory(name="政策文件", slug="zcwj")
    return {
        "policy": PublishedDocumentFactory(
            column=column,
            title="关于繁荣群众文艺的意见",
            document_number="辽文办发〔2017〕41号",
            index_number="11210000000000001X/2017-00041",
            summary="提出繁荣群众文艺的七项措施。",
            genre=Document.Genre.OPINION,
            written_on=date(2017, 5, 8),
            validity=Document.Validity.REPEALED,
            published_at=timezone.make_aware(timezone.datetime(2017, 5, 10, 9, 30)),
        ),
        "notice": PublishedDocumentFactory(
            column=column,
            title="关于做好春节文化活动的通知",
            index_number="11210000000000001X/2025-00001",
            written_on=None,
            published_at=timezone.make_aware(timezone.datetime(2025, 1, 20, 8, 0)),
        ),
        "draft": DocumentFactory(column=column, title="草稿中的通知", published_at=published_at(1)),
        "withdrawn": DocumentFactory(
            column=column,
            title="已撤回的通知",
            status=Document.Status.WITHDRAWN,
            published_at=published_at(1),
        ),
        "scheduled": PublishedDocumentFactory(
            column=column, title="定时发布的通知", published_at=timezone.now() + timedelta(days=1)
        ),
    }


def rows(page: str) -> list[list[str]]:
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    return [
        [
            re.sub(r"<[^>]+>", " ", cell).split()[0] if cell.strip() else ""
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


class TestCataloguePage:
    def test_lists_published_documents_in_catalogue_form(self, client, documents):
        response = client.get("/xxgk/catalogue/")
        assert response.status_code == 200
        page = response.content.decode()
        assert rows(page) == [
            [
                "11210000000000001X/2025-00001",
                "关于做好春节文化活动的通知",
                "—",
                "2025-01-20",
                "辽宁省文化厅",
            ],
            [
                "11210000000000001X/2017-00041",
                "关于繁荣群众文艺的意见",
                "提出繁荣群众文艺的七项措施。",
                "2017-05-08",
                "辽宁省文化厅",
            ],
        ]
        for hidden in ("草稿中的通知", "已撤回的通知", "定时发布的通知"):
            assert hidden not in page
        assert page.count("<h1") == 1
        assert "（共 2 条）" in page

    def test_a_row_shows_its_number_validity_and_escaped_text(self, client, documents):
        PublishedDocumentFactory(
            column=documents["policy"].column,
            title="关于<b>加强</b>文物保护的通知",
            summary="概述" * 80,
            published_at=timezone.make_aware(timezone.datetime(2024, 3, 1, 8, 0)),
        )
        page = client.get("/xxgk/catalogue/").content.decode()
        policy = page[page.index("关于繁荣群众文艺的意见") :]
        policy = policy[: policy.index("</tr>")]
        assert '<span class="muted">辽文办发〔2017〕41号</span>' in policy
        assert '<span class="badge badge--repealed">废止</span>' in policy
        assert "关于&lt;b&gt;加强&lt;/b&gt;文物保护的通知" in page and "<b>加强" not in page
        cut = Truncator("概述" * 80).chars(120)  # 120 characters with the locale's ellipsis
        assert f"<td>{cut}</td>" in page and "概述" * 60 not in page

    def test_filters_apply_and_the_csv_link_keeps_them(self, client, documents):
        page = client.get("/xxgk/catalogue/", {"genre": "意见", "year": "2017"}).content.decode()
        assert [r[1] for r in rows(page)] == ["关于繁荣群众文艺的意见"]
        assert 'href="/xxgk/catalogue.csv?year=2017&amp;genre=%E6%84%8F%E8%A7%81"' in page

    def test_bad_filter_gives_a_message_not_an_error(self, client, documents):
        response = client.get("/xxgk/catalogue/", {"validity": "<script>", "after": "x"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "筛选条件有误" in page
        assert "<script>" not in page
        assert "暂无符合条件的信息" in page

    def test_keyset_pages(self, client, documents, settings):
        settings.PORTAL_PAGE_SIZE = 1
        first = client.get("/xxgk/catalogue/").content.decode()
        assert [r[1] for r in rows(first)] == ["关于做好春节文化活动的通知"]
        next_url = re.search(r'<a href="([^"]+)" rel="next">', first).group(1).replace("&amp;", "&")
        second = client.get(next_url).content.decode()
        assert [r[1] for r in rows(second)] == ["关于繁荣群众文艺的意见"]
        assert 'rel="next"' not in second


class TestCatalogueCsv:
    def test_header_and_rows(self, client, documents):
        response = client.get("/xxgk/catalogue.csv")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment;")
        table = csv_rows(response)
        assert table[0] == [
            "索引号",
            "名称",
            "内容概述",
            "生成日期",
            "发布机构",
            "文号",
            "发布日期",
            "有效性",
            "链接",
        ]
        policy = documents["policy"]
        assert table[2] == [
            "11210000000000001X/2017-00041",
            "关于繁荣群众文艺的意见",
            "提出繁荣群众文艺的七项措施。",
            "2017-05-08",
            "辽宁省文化厅",
            "辽文办发〔2017〕41号",
            "2017-05-10",
            "废止",
            f"http://testserver/xxgk/doc/{policy.pk}/",
        ]
        assert table[1][3] == "2025-01-20"  # no 成文日期: the 生成日期 is the publishing date
        assert len(table) == 3  # drafts, withdrawn and scheduled documents are not exported

    def test_filtered(self, client, documents):
        table = csv_rows(client.get("/xxgk/catalogue.csv", {"q": "辽文办发[2017]41号"}))
        assert [row[1] for row in table[1:]] == ["关于繁荣群众文艺的意见"]

    def test_bad_filter_gives_the_header_only(self, client, documents):
        table = csv_rows(client.get("/xxgk/catalogue.csv", {"year": "abc"}))
        assert len(table) == 1
