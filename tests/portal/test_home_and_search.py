"""Home page (首页) and site search (站内搜索)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from disclosure.models import Column, Document
from search.indexing import rebuild_index
from tests.disclosure.factories_views import published_at
from tests.factories import (
    ColumnFactory,
    DocumentFactory,
    PublishedDocumentFactory,
    SiteProfileFactory,
)

pytestmark = pytest.mark.django_db


def titles(page: str) -> list[str]:
    return re.findall(r'class="doc-list__title" href="[^"]+">([^<]+)</a>', page)


def result_titles(page: str) -> list[str]:
    """Titles of search results, without the <mark> highlighting."""
    found = re.findall(r'class="search-result__title" href="[^"]+">(.*?)</a>', page)
    return [re.sub(r"</?mark>", "", title) for title in found]


def section(page: str, heading: str) -> str:
    start = page.index(f">{heading}</h2>")
    end = page.find("</section>", start)
    return page[start:end]


class TestHome:
    @pytest.fixture
    def site(self):
        return SiteProfileFactory(
            contact_phone="024-23123456",
            error_report_email="jiucuo@example.gov.cn",
            police_record_number="辽公网安备21010202000001号",
        )

    def test_latest_documents_of_home_columns_in_column_order(self, client, site):
        news = ColumnFactory(name="政务动态", slug="zwdt", show_on_home=True, order=1)
        notices = ColumnFactory(name="通知公告", slug="tzgg", show_on_home=True, order=2)
        ColumnFactory(name="机构职能", slug="jgzn", show_on_home=False)
        PublishedDocumentFactory(
            column=news, title="厅领导调研文化工作", published_at=published_at(1)
        )
        PublishedDocumentFactory(
            column=notices, title="关于春节放假的通知", published_at=published_at(2)
        )
        DocumentFactory(column=news, title="草稿动态")
        PublishedDocumentFactory(
            column=news, title="明天发布的动态", published_at=timezone.now() + timedelta(days=1)
        )

        response = client.get("/")

        assert response.status_code == 200
        page = response.content.decode()
        assert page.index(">政务动态</h2>") < page.index(">通知公告</h2>")
        assert "机构职能" not in page
        assert titles(section(page, "政务动态")) == ["厅领导调研文化工作"]
        assert titles(section(page, "通知公告")) == ["关于春节放假的通知"]
        assert "草稿动态" not in page and "明天发布的动态" not in page
        assert page.count("<h1") == 1

    def test_home_columns_follow_column_order_at_any_depth(self, client, site):
        parent = ColumnFactory(name="法定主动公开内容", slug="fdzdgknr", order=9)
        ColumnFactory(name="通知公告", slug="tzgg", show_on_home=True, order=1, parent=parent)
        ColumnFactory(name="政务动态", slug="zwdt", show_on_home=True, order=2)
        page = client.get("/").content.decode()
        assert page.index(">通知公告</h2>") < page.index(">政务动态</h2>")
        assert "本栏目暂无信息" in page

    def test_home_shows_at_most_eight_per_column(self, client, site):
        news = ColumnFactory(name="政务动态", slug="zwdt", show_on_home=True)
        for n in range(10):
            PublishedDocumentFactory(column=news, title=f"动态{n}", published_at=published_at(n))
        page = client.get("/").content.decode()
        assert titles(page) == [f"动态{n}" for n in range(8)]

    def test_quick_links_only_to_existing_columns(self, client, site):
        ColumnFactory(name="政府信息公开指南", slug="gkzn", kind=Column.Kind.PAGE)
        page = client.get("/").content.decode()
        assert 'href="/xxgk/column/gkzn/"' in page
        assert 'href="/xxgk/catalogue/"' in page
        assert "/xxgk/column/gknb/" not in page  # no 年报 column yet: no broken link

    def test_footer_items(self, client, site):
        page = client.get("/").content.decode()
        footer = page[page.index('<footer class="site-footer">') :]
        assert "主办单位" in footer and "辽宁省文化厅" in footer
        assert "网站标识码" in footer and "2100000001" in footer
        assert "ICP备案号" in footer and "辽ICP备00000000号" in footer
        assert "辽公网安备21010202000001号" in footer
        assert "024-23123456" in footer
        assert (
            'href="mailto:jiucuo@example.gov.cn?subject=' in footer and "我为政府网站找错" in footer
        )
        assert '<meta name="SiteName" content="辽宁省文化厅政务公开门户">' in page
        assert "跳到主要内容" in page

    def test_home_blocks_are_cached(self, client, site, django_assert_num_queries):
        for order, slug in enumerate(["zwdt", "tzgg", "zcwj"]):
            column = ColumnFactory(slug=slug, show_on_home=True, order=order)
            PublishedDocumentFactory.create_batch(3, column=column)
        # site profile, column tree, the three home columns' documents (one UNION ALL), the
        # other sections' items (one UNION ALL), next scheduled publication: portal/home.py
        with django_assert_num_queries(5):
            client.get("/")
        with django_assert_num_queries(0):
            client.get("/")

    def test_page_without_site_profile_still_renders(self, client, db):
        response = client.get("/")
        assert response.status_code == 200
        assert "政务公开门户" in response.content.decode()


class TestSearch:
    @pytest.fixture
    def documents(self):
        SiteProfileFactory()
        column = ColumnFactory(name="政策文件", slug="zcwj")
        documents = {
            "by_number": PublishedDocumentFactory(
                column=column,
                title="关于繁荣群众文艺的意见",
                document_number="辽文办发〔2017〕41号",
                published_at=published_at(300),
            ),
            "mentions": PublishedDocumentFactory(
                column=column,
                title="贯彻落实群众文艺意见的通知",
                body="<p>根据辽文办发〔2017〕41号文件精神，开展非遗展演活动。</p>",
                published_at=published_at(1),
            ),
            "draft": DocumentFactory(
                column=column, title="辽文办发〔2017〕41号草稿", body="<p>非遗</p>"
            ),
            "withdrawn": DocumentFactory(
                column=column,
                title="撤回的非遗通知",
                status=Document.Status.WITHDRAWN,
                published_at=published_at(2),
            ),
            "scheduled": PublishedDocumentFactory(
                column=column,
                title="将来的非遗通知",
                published_at=timezone.now() + timedelta(days=1),
            ),
        }
        rebuild_index()  # the factories write the tables directly, bypassing the services
        return documents

    def search(self, client, q, **params):
        response = client.get("/search/", {"q": q, **params})
        assert response.status_code == 200
        return response.content.decode()

    @pytest.mark.parametrize(
        "query", ["辽文办发〔2017〕41号", "辽文办发[2017]41号", "辽文办发（2017）41号"]
    )
    def test_document_number_matches_first_whatever_the_brackets(self, client, documents, query):
        page = self.search(client, query)
        assert result_titles(page) == ["关于繁荣群众文艺的意见", "贯彻落实群众文艺意见的通知"]
        assert "文号或索引号完全匹配" in page
        assert "草稿" not in page

    def test_word_in_the_body(self, client, documents):
        page = self.search(client, "非遗")
        assert result_titles(page) == ["贯彻落实群众文艺意见的通知"]
        for hidden in ("撤回的非遗通知", "将来的非遗通知", "辽文办发〔2017〕41号草稿"):
            assert hidden not in page

    def test_index_number(self, client, documents):
        page = self.search(client, documents["by_number"].index_number)
        assert result_titles(page)[0] == "关于繁荣群众文艺的意见"

    def test_no_result(self, client, documents):
        page = self.search(client, "不存在的词语")
        assert "没有找到相关信息" in page

    def test_noindex_and_query_not_in_title(self, client, documents):
        page = self.search(client, "繁荣群众文艺")
        assert '<meta name="robots" content="noindex">' in page
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert "繁荣" not in title and title.startswith("站内搜索")
        assert page.count("<h1") == 1

    def test_query_is_escaped(self, client, documents):
        page = self.search(client, "<script>alert(1)</script>")
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;" in page

    def test_empty_query_shows_the_form_and_a_hint(self, client, documents):
        for params in ({}, {"q": "   "}):
            response = client.get("/search/", params)
            assert response.status_code == 200
            page = response.content.decode()
            assert 'name="q"' in page and "请输入要查找的" in page
            assert result_titles(page) == []

    def test_too_long_query_gets_a_chinese_message(self, client, documents):
        page = self.search(client, "文" * 101)
        assert "搜索词不能超过100个字" in page
        assert result_titles(page) == []

    def test_results_are_paginated_and_links_keep_the_query(self, client, documents, settings):
        settings.PORTAL_PAGE_SIZE = 2
        for n in range(3):
            PublishedDocumentFactory(
                column=documents["mentions"].column,
                title=f"非遗保护{n}",
                published_at=published_at(10 + n),
            )
        rebuild_index()
        first = self.search(client, "非遗", sort="newest")
        assert result_titles(first) == ["贯彻落实群众文艺意见的通知", "非遗保护0"]
        assert "共4条结果" in first
        next_url = re.search(r'<a href="([^"]+)" rel="next">', first).group(1).replace("&amp;", "&")
        assert "q=%E9%9D%9E%E9%81%97" in next_url and "sort=newest" in next_url
        second = client.get(next_url).content.decode()
        assert result_titles(second) == ["非遗保护1", "非遗保护2"]

    def test_bad_page_number_is_the_first_page(self, client, documents):
        page = self.search(client, "非遗", after="not-a-cursor", page="x")
        assert result_titles(page) == ["贯彻落实群众文艺意见的通知"]
