"""Column pages (栏目): listing, filters, keyset pagination, single-page columns, 404s."""

import html
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from disclosure.models import Column, Document
from tests.disclosure.factories_views import published_at
from tests.factories import (
    ColumnFactory,
    DocumentFactory,
    OrganisationFactory,
    PublishedDocumentFactory,
    SiteProfileFactory,
)

pytestmark = pytest.mark.django_db


def link(page: str, label: str) -> str | None:
    """The href of the pagination link labelled `label`, unescaped, or None."""
    start = page.find('class="pagination"')
    if start == -1:
        return None
    match = re.search(rf'<a href="([^"]+)"[^>]*>{label}</a>', page[start:])
    return html.unescape(match.group(1)) if match else None


def listed_titles(page: str) -> list[str]:
    return re.findall(r'class="doc-list__title" href="[^"]+">([^<]+)</a>', page)


@pytest.fixture
def column():
    SiteProfileFactory()
    return ColumnFactory(name="通知公告", slug="tzgg", description="本机关发布的通知和公告。")


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


class TestListing:
    def test_lists_published_documents_of_column_and_descendants_newest_first(self, client, column):
        child = ColumnFactory(parent=column, name="公示公告", slug="gsgg")
        PublishedDocumentFactory(column=column, title="较早的通知", published_at=published_at(3))
        PublishedDocumentFactory(column=child, title="子栏目的公示", published_at=published_at(1))
        PublishedDocumentFactory(title="其他栏目的通知", published_at=published_at(2))

        page = get(client, "/xxgk/column/tzgg/")

        assert listed_titles(page) == ["子栏目的公示", "较早的通知"]
        assert "其他栏目的通知" not in page
        assert "本机关发布的通知和公告。" in page
        assert 'href="/xxgk/column/gsgg/">公示公告</a>' in page  # sub-column listing
        assert page.count("<h1") == 1

    def test_row_shows_number_date_and_badge_only_when_not_valid(self, client, column):
        when = timezone.make_aware(timezone.datetime(2024, 3, 5, 10, 0))
        PublishedDocumentFactory(
            column=column,
            title="废止的办法",
            document_number="辽文办发〔2017〕41号",
            validity=Document.Validity.REPEALED,
            published_at=when,
        )
        PublishedDocumentFactory(
            column=column, title="有效的办法", published_at=when - timedelta(days=1)
        )

        page = get(client, "/xxgk/column/tzgg/")

        assert "辽文办发〔2017〕41号" in page
        assert "2024-03-05" in page and "2024-03-04" in page
        assert page.count('class="badge') == 1
        assert ">废止</span>" in page

    @pytest.mark.parametrize(
        "status", [Document.Status.DRAFT, Document.Status.PENDING, Document.Status.WITHDRAWN]
    )
    def test_unpublished_documents_are_not_listed(self, client, column, status):
        DocumentFactory(
            column=column, title="不应公开的信息", status=status, published_at=published_at(1)
        )
        page = get(client, "/xxgk/column/tzgg/")
        assert "不应公开的信息" not in page
        assert "暂无符合条件的信息" in page

    def test_scheduled_document_is_listed_only_once_due(self, client, column, settings):
        PublishedDocumentFactory(
            column=column, title="定时发布的通知", published_at=timezone.now() + timedelta(hours=2)
        )
        assert "定时发布的通知" not in get(client, "/xxgk/column/tzgg/")

    def test_breadcrumbs_show_the_column_path(self, client, column):
        parent = ColumnFactory(name="法定主动公开内容", slug="fdzdgknr")
        column.parent = parent
        column.save()
        page = get(client, "/xxgk/column/tzgg/")
        crumbs = page[
            page.index('class="breadcrumbs"') : page.index(
                "</nav>", page.index('class="breadcrumbs"')
            )
        ]
        assert re.findall(r">([^<>]+)</(?:a|span)>", crumbs)[1:] == [
            "首页",
            "政府信息公开",
            "法定主动公开内容",
            "通知公告",
        ]
        assert '<span aria-current="page">通知公告</span>' in crumbs

    def test_column_meta_tags(self, client, column):
        page = get(client, "/xxgk/column/tzgg/")
        assert '<meta name="ColumnName" content="通知公告">' in page
        assert '<meta name="ColumnDescription" content="本机关发布的通知和公告。">' in page
        assert '<meta name="ColumnType" content="其他">' in page
        assert '<meta name="SiteIDCode" content="2100000001">' in page


class TestNotFound:
    def test_unknown_slug_is_a_chinese_404(self, client, column):
        response = client.get("/xxgk/column/no-such-column/")
        assert response.status_code == 404
        page = response.content.decode()
        assert "页面不存在" in page
        assert page.count("<h1") == 1
        assert 'href="/"' in page

    def test_inactive_column_and_its_children_are_404(self, client, column):
        ColumnFactory(parent=column, slug="child")
        column.is_active = False
        column.save()
        assert client.get("/xxgk/column/tzgg/").status_code == 404
        assert client.get("/xxgk/column/child/").status_code == 404


class TestPageColumn:
    def test_shows_the_newest_published_document_in_full(self, client):
        SiteProfileFactory()
        guide = ColumnFactory(name="政府信息公开指南", slug="gkzn", kind=Column.Kind.PAGE)
        PublishedDocumentFactory(
            column=guide,
            title="2020年版指南",
            body="<p>旧版内容</p>",
            published_at=published_at(400),
        )
        PublishedDocumentFactory(
            column=guide,
            title="2025年版指南",
            body="<p>工作机构：办公室</p>",
            published_at=published_at(5),
        )
        DocumentFactory(column=guide, title="未发布的新指南", published_at=published_at(1))

        page = get(client, "/xxgk/column/gkzn/")

        assert "<h1>政府信息公开指南</h1>" in page
        assert "2025年版指南" in page and "<p>工作机构：办公室</p>" in page
        assert "2020年版指南" not in page and "未发布的新指南" not in page
        assert page.count("<h1") == 1
        assert "索引号" in page

    def test_empty_page_column(self, client):
        ColumnFactory(name="政府信息公开制度", slug="gkzd", kind=Column.Kind.PAGE)
        page = get(client, "/xxgk/column/gkzd/")
        assert "本栏目暂无内容" in page


class TestFilters:
    @pytest.fixture
    def documents(self, column):
        other_org = OrganisationFactory(name="辽宁省文物局", code="11210000000000002X")
        return {
            "old": PublishedDocumentFactory(
                column=column,
                title="2019年文物保护通知",
                organisation=other_org,
                topic="文化、广电、新闻出版\\文物",
                genre=Document.Genre.NOTICE,
                published_at=timezone.make_aware(timezone.datetime(2019, 6, 1, 9, 0)),
            ),
            "opinion": PublishedDocumentFactory(
                column=column,
                title="关于繁荣群众文艺的意见",
                genre=Document.Genre.OPINION,
                document_number="辽文办发〔2017〕41号",
                validity=Document.Validity.EXPIRED,
                published_at=timezone.make_aware(timezone.datetime(2023, 2, 1, 9, 0)),
            ),
            "notice": PublishedDocumentFactory(
                column=column,
                title="关于公共文化服务的通知",
                genre=Document.Genre.NOTICE,
                published_at=timezone.make_aware(timezone.datetime(2023, 12, 31, 23, 30)),
            ),
            "other_org_2023": PublishedDocumentFactory(
                column=column,
                title="文物局2023年工作安排",
                organisation=other_org,
                topic="文化、广电、新闻出版\\文物",
                genre=Document.Genre.NOTICE,
                published_at=timezone.make_aware(timezone.datetime(2023, 5, 1, 9, 0)),
            ),
        }

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"year": "2019"}, ["2019年文物保护通知"]),
            # 23:30 on 31 December in Beijing is still 2023 although it is 2023-12-31 15:30 UTC
            (
                {"year": "2023"},
                ["关于公共文化服务的通知", "文物局2023年工作安排", "关于繁荣群众文艺的意见"],
            ),
            (
                {"topic": "文化、广电、新闻出版\\文物"},
                ["文物局2023年工作安排", "2019年文物保护通知"],
            ),
            ({"genre": "意见"}, ["关于繁荣群众文艺的意见"]),
            ({"validity": "expired"}, ["关于繁荣群众文艺的意见"]),
            (
                {"validity": "valid"},
                ["关于公共文化服务的通知", "文物局2023年工作安排", "2019年文物保护通知"],
            ),
            ({"q": "公共文化"}, ["关于公共文化服务的通知"]),
            ({"q": "辽文办发〔2017〕41号"}, ["关于繁荣群众文艺的意见"]),
            ({"q": "辽文办发[2017]41号"}, ["关于繁荣群众文艺的意见"]),
            (
                {"year": "2023", "genre": "通知", "topic": "文化、广电、新闻出版\\文物"},
                ["文物局2023年工作安排"],
            ),
            ({"year": "2019", "genre": "意见"}, []),
        ],
    )
    def test_filters(self, client, documents, params, expected):
        assert listed_titles(get(client, "/xxgk/column/tzgg/", **params)) == expected

    def test_organisation_filter(self, client, documents):
        org = documents["old"].organisation
        titles = listed_titles(get(client, "/xxgk/column/tzgg/", org=str(org.pk)))
        assert titles == ["文物局2023年工作安排", "2019年文物保护通知"]

    def test_filter_form_keeps_the_chosen_values(self, client, documents):
        page = get(client, "/xxgk/column/tzgg/", genre="意见", q="文艺")
        assert '<option value="意见" selected>' in page
        assert 'value="文艺"' in page
        assert '<label for="id_year">年份</label>' in page

    @pytest.mark.parametrize(
        "params",
        [
            {"year": "1999"},
            {"year": "abc"},
            {"org": "abc"},
            {"org": "999999"},
            {"org": "99999999999999999999999"},
            {"topic": "不存在"},
            {"genre": "小说"},
            {"validity": "maybe"},
            {"q": "长" * 101},
        ],
    )
    def test_bad_filter_values_give_a_chinese_message_and_no_rows(self, client, documents, params):
        page = get(client, "/xxgk/column/tzgg/", **params)
        assert "筛选条件有误" in page
        assert listed_titles(page) == []


class TestPagination:
    @pytest.fixture
    def many(self, column, settings):
        settings.PORTAL_PAGE_SIZE = 2
        base = timezone.now() - timedelta(days=1)
        for n in range(5):  # five notices: pages of 2, 2, 1
            PublishedDocumentFactory(
                column=column,
                title=f"通知{n}",
                genre=Document.Genre.NOTICE,
                published_at=base - timedelta(hours=n),
            )
        for n in range(3):  # interleaved opinions that the filter leaves out
            PublishedDocumentFactory(
                column=column,
                title=f"意见{n}",
                genre=Document.Genre.OPINION,
                published_at=base - timedelta(hours=n, minutes=30),
            )

    def test_three_pages_forward_and_back_keep_the_filter(self, client, many):
        first = get(client, "/xxgk/column/tzgg/", genre="通知")
        assert listed_titles(first) == ["通知0", "通知1"]
        assert link(first, "上一页") is None
        assert "第 1 页" in first and "共 5 条" in first

        second_url = link(first, "下一页")
        assert "genre=%E9%80%9A%E7%9F%A5" in second_url and "page=2" in second_url
        second = get(client, second_url)
        assert listed_titles(second) == ["通知2", "通知3"]
        assert "第 2 页" in second

        third = get(client, link(second, "下一页"))
        assert listed_titles(third) == ["通知4"]
        assert link(third, "下一页") is None
        assert "第 3 页" in third

        back = get(client, link(third, "上一页"))
        assert listed_titles(back) == ["通知2", "通知3"]
        assert "第 2 页" in back
        back_to_first = get(client, link(back, "上一页"))
        assert listed_titles(back_to_first) == ["通知0", "通知1"]
        assert "genre=" in link(third, "首页")

    def test_items_at_the_same_time_are_neither_lost_nor_repeated(self, client, column, settings):
        settings.PORTAL_PAGE_SIZE = 2
        moment = published_at(1)
        for n in range(5):
            PublishedDocumentFactory(column=column, title=f"同时发布{n}", published_at=moment)
        seen, url = [], "/xxgk/column/tzgg/"
        while url:
            page = get(client, url)
            seen += listed_titles(page)
            url = link(page, "下一页")
        assert sorted(seen) == [f"同时发布{n}" for n in range(5)]

    @pytest.mark.parametrize(
        "params",
        [
            {"after": "garbage"},
            {"before": "!!!"},
            {"after": "MjAyNC0wMS0wMXwx"},  # naive time
            {"after": "bm90LWEtZGF0ZXwx"},
            {"page": "abc"},
            {"page": "-3"},
            {"page": "9" * 30},
            {"after": "", "before": ""},
        ],
    )
    def test_bad_cursor_or_page_shows_the_first_page(self, client, many, params):
        page = get(client, "/xxgk/column/tzgg/", genre="通知", **params)
        assert listed_titles(page) == ["通知0", "通知1"]

    def test_page_number_is_display_only(self, client, many):
        first = get(client, "/xxgk/column/tzgg/", genre="通知")
        url = link(first, "下一页").replace("page=2", "page=40")
        page = get(client, url)
        assert listed_titles(page) == ["通知2", "通知3"]
        assert "第 40 页" in page  # only a label: the rows come from the cursor

    def test_total_is_cached(self, client, many, django_assert_num_queries):
        get(client, "/xxgk/column/tzgg/")
        PublishedDocumentFactory(column=Column.objects.get(slug="tzgg"), title="新通知")
        # Inside the test transaction no commit bumps the content version: the count is reused.
        assert "共 8 条" in get(client, "/xxgk/column/tzgg/")
        cache.clear()
        assert "共 9 条" in get(client, "/xxgk/column/tzgg/")


class TestQueryCount:
    @pytest.mark.parametrize("page_size", [5, 50])
    def test_fixed_number_of_queries_whatever_the_page_size(
        self, client, column, settings, django_assert_num_queries, page_size
    ):
        settings.PORTAL_PAGE_SIZE = page_size
        other = OrganisationFactory(name="辽宁省文物局", code="11210000000000002X")
        for n in range(60):
            PublishedDocumentFactory(
                column=column,
                organisation=other if n % 2 else column.organisation,
                published_at=published_at(n),
            )
        cache.clear()
        # site profile, column tree, documents, count, organisations, next scheduled publication
        # (asked once for the count and the public stamp of the conditional GET)
        with django_assert_num_queries(6):
            page = get(client, "/xxgk/column/tzgg/", genre="通知")
        assert len(listed_titles(page)) == page_size
        with django_assert_num_queries(1):  # warm cache: the documents (the filter form is cached)
            get(client, "/xxgk/column/tzgg/", genre="通知")
