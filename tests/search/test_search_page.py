"""The search page (站内搜索) over the index: words, numbers, filters, sort, caps, safety."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosure import services
from search.forms import kind_choices
from search.models import SearchEntry
from tests.factories import (
    ColumnFactory,
    DocumentFactory,
    OrganisationFactory,
    SiteProfileFactory,
)

from .factories_search import publish

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL index (tsvector / pg_trgm)"
)


def aware(*args) -> datetime:
    return timezone.make_aware(datetime(*args))  # noqa: DTZ001 - made aware here


def result_titles(page: str) -> list[str]:
    found = re.findall(r'class="search-result__title" href="[^"]+">(.*?)</a>', page)
    return [re.sub(r"</?mark>", "", title) for title in found]


def get(client, **params) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def site(db):
    return SiteProfileFactory()


@pytest.fixture
def column(site):
    return ColumnFactory(name="通知公告", slug="tzgg")


class TestWords:
    def test_two_character_word_is_found_from_the_index(self, client, reviewer, column):
        publish(reviewer, column=column, title="省文化厅机关物业服务项目招标公告",
                body="<p>现对物业服务项目进行公开招标。</p>")
        publish(reviewer, column=column, title="关于举办全省群众文艺汇演的通知")
        with CaptureQueriesContext(connection) as queries:
            page = get(client, q="招标")
        assert result_titles(page) == ["省文化厅机关物业服务项目招标公告"]
        assert "<mark>招标</mark>" in page and "共1条结果" in page
        if connection.vendor == "postgresql":
            assert any("@@" in q["sql"] and "plainto_tsquery" in q["sql"]
                       for q in queries.captured_queries)

    @pytest.mark.parametrize("word", ["预算", "人事"])
    def test_other_two_character_words(self, client, reviewer, column, word):
        publish(reviewer, column=column, title=f"省文化厅2026年{word}信息公开")
        assert result_titles(get(client, q=word)) == [f"省文化厅2026年{word}信息公开"]

    def test_four_character_word_in_the_body(self, client, reviewer, column):
        publish(reviewer, column=column, title="省文化厅召开工作会议",
                body="<p>会议部署了全省文化遗产保护利用工作。</p>")
        publish(reviewer, column=column, title="关于文化市场检查的通知",
                body="<p>检查遗址周边的文化市场。</p>")
        page = get(client, q="文化遗产")
        assert result_titles(page) == ["省文化厅召开工作会议"]
        assert "<mark>文化遗产</mark>" in page

    def test_four_character_word_inside_a_longer_word(self, client, reviewer, column):
        publish(reviewer, column=column, title="非物质文化遗产代表性项目名录公示")
        page = get(client, q="文化遗产")
        assert result_titles(page) == ["非物质文化遗产代表性项目名录公示"]

    def test_every_word_must_match(self, client, reviewer, column):
        publish(reviewer, column=column, title="部门预算公开", body="<p>2026年部门预算。</p>")
        publish(reviewer, column=column, title="部门决算公开", body="<p>2025年部门决算。</p>")
        assert result_titles(get(client, q="部门 预算")) == ["部门预算公开"]

    def test_long_word_matches_its_sub_words(self, client, reviewer, column):
        publish(reviewer, column=column, title="学习宣传中华人民共和国政府信息公开条例")
        page = get(client, q="中华人民共和国")
        assert result_titles(page) == ["学习宣传中华人民共和国政府信息公开条例"]

    def test_substring_of_three_characters_across_words(self, client, reviewer, column):
        publish(reviewer, column=column, title="辽宁省图书馆古籍修复中心揭牌")
        with CaptureQueriesContext(connection) as queries:
            page = get(client, q="书馆古")
        assert result_titles(page) == ["辽宁省图书馆古籍修复中心揭牌"]
        if connection.vendor == "postgresql":
            assert any("ILIKE" in q["sql"] for q in queries.captured_queries)

    def test_only_stop_words_gets_a_hint(self, client, site):
        page = get(client, q="的 和")
        assert "请输入更具体的关键词" in page and result_titles(page) == []

    def test_no_result(self, client, reviewer, column):
        publish(reviewer, column=column, title="关于举办全省群众文艺汇演的通知")
        page = get(client, q="不存在的词语")
        assert "没有找到相关信息" in page and "共0条结果" in page


@on_postgresql
def test_trigram_index_answers_a_title_substring(reviewer, column):
    """The trigram index extracts trigrams from Chinese (needs a UTF-8 LC_CTYPE)."""
    publish(reviewer, column=column, title="辽宁省图书馆古籍修复中心揭牌")
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm('图书馆古籍')")
        assert len(cursor.fetchone()[0]) >= 3
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM search_searchentry WHERE title ILIKE %s", ["%书馆古%"]
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_entry_title_trgm" in plan


class TestNumbers:
    @pytest.fixture
    def documents(self, reviewer, column):
        return {
            "numbered": publish(reviewer, column=column, title="关于繁荣群众文艺的意见",
                                document_number="辽文办发〔2017〕41号",
                                at=timezone.now() - timedelta(days=300)),
            "mentions": publish(reviewer, column=column, title="贯彻落实群众文艺意见的通知",
                                body="<p>根据辽文办发〔2017〕41号文件精神开展活动。</p>"),
        }

    @pytest.mark.parametrize(
        "query", ["辽文办发〔2017〕41号", "辽文办发[2017]41号", "辽文办发（2017）41号"]
    )
    def test_document_number_first(self, client, documents, query):
        page = get(client, q=query, sort="newest")
        assert result_titles(page) == ["关于繁荣群众文艺的意见", "贯彻落实群众文艺意见的通知"]
        assert page.index("文号或索引号完全匹配") < page.index("其他结果")
        assert "共2条结果" in page

    def test_index_number_exact(self, client, documents):
        number = documents["mentions"].index_number
        page = get(client, q=number)
        assert result_titles(page)[0] == "贯彻落实群众文艺意见的通知"
        assert "文号或索引号完全匹配" in page


class TestVisibility:
    def test_drafts_pending_and_scheduled_items_are_never_found(
        self, client, reviewer, editor, column
    ):
        DocumentFactory(column=column, title="草稿招标公告")
        pending = DocumentFactory(column=column, title="待审招标公告")
        services.document_submit(document=pending, actor=editor)
        due = timezone.now() + timedelta(days=1)
        services.document_publish(
            document=DocumentFactory(column=column, title="定时招标公告"),
            actor=reviewer, confidentiality_checked=True, publish_at=due,
        )
        assert result_titles(get(client, q="招标")) == []
        with time_machine.travel(due + timedelta(minutes=1)):
            assert result_titles(get(client, q="招标")) == ["定时招标公告"]

    def test_withdrawal_removes_the_item_in_the_same_transaction(self, client, reviewer, column):
        document = publish(reviewer, column=column, title="物业服务招标公告")
        assert result_titles(get(client, q="招标")) == ["物业服务招标公告"]
        services.document_withdraw(document=document, actor=reviewer, reason="内容有误")
        assert result_titles(get(client, q="招标")) == []
        assert not SearchEntry.objects.exists()
        services.document_return_to_draft(document=document, actor=reviewer)
        assert result_titles(get(client, q="招标")) == []

    def test_a_failed_withdrawal_leaves_the_index_as_it_was(self, reviewer, column):
        document = publish(reviewer, column=column, title="物业服务招标公告")
        with pytest.raises(RuntimeError), transaction.atomic():
            services.document_withdraw(document=document, actor=reviewer, reason="内容有误")
            assert not SearchEntry.objects.exists()
            raise RuntimeError
        assert SearchEntry.objects.filter(title="物业服务招标公告").exists()

    def test_reviewer_edit_reindexes(self, client, reviewer, column):
        document = publish(reviewer, column=column, title="物业服务招标公告")
        document.title = "物业服务采购结果公示"
        services.document_save(document=document, actor=reviewer)
        assert result_titles(get(client, q="招标")) == []
        assert result_titles(get(client, q="采购")) == ["物业服务采购结果公示"]


class TestFiltersAndSort:
    @pytest.fixture
    def documents(self, reviewer, site):
        parent = ColumnFactory(name="政策文件", slug="zcwj")
        child = ColumnFactory(name="规范性文件", slug="gfxwj", parent=parent)
        other = ColumnFactory(name="工作动态", slug="gzdt")
        unit = OrganisationFactory(name="辽宁省图书馆", code="12210000000000002X")
        return {
            "old_title": publish(reviewer, column=parent, title="文物保护工作意见",
                                 at=aware(2024, 5, 1, 9)),
            "child_body": publish(reviewer, column=child, title="关于加强管理的通知",
                                  body="<p>做好文物保护。</p>", at=aware(2025, 3, 1, 9)),
            "other": publish(reviewer, column=other, organisation=unit,
                             title="图书馆开展文物保护宣传", at=aware(2025, 6, 1, 9)),
            "unit": unit,
        }

    def test_relevance_puts_title_matches_first_newest_sorts_by_date(self, client, documents):
        relevance = result_titles(get(client, q="文物保护"))
        assert set(relevance[:2]) == {"文物保护工作意见", "图书馆开展文物保护宣传"}
        assert relevance[2] == "关于加强管理的通知"
        assert result_titles(get(client, q="文物保护", sort="newest")) == [
            "图书馆开展文物保护宣传", "关于加强管理的通知", "文物保护工作意见",
        ]

    def test_column_includes_the_columns_below_it(self, client, documents):
        page = get(client, q="文物保护", column="zcwj", sort="newest")
        assert result_titles(page) == ["关于加强管理的通知", "文物保护工作意见"]
        assert 'href="/search/?q=%E6%96%87%E7%89%A9%E4%BF%9D%E6%8A%A4&amp;column=zcwj' in page

    def test_year_organisation_and_type_combine(self, client, documents):
        assert result_titles(get(client, q="文物保护", year="2025", sort="newest")) == [
            "图书馆开展文物保护宣传", "关于加强管理的通知",
        ]
        unit = documents["unit"].pk
        assert result_titles(get(client, q="文物保护", year="2025", org=unit)) == [
            "图书馆开展文物保护宣传"
        ]
        assert len(result_titles(get(client, q="文物保护", type="disclosure.document"))) == 3
        others = [label for label, _name in kind_choices() if label != "disclosure.document"]
        if others:
            assert result_titles(get(client, q="文物保护", type=others[0])) == []

    def test_result_shows_kind_column_date_and_number(self, client, documents):
        page = get(client, q="文物保护工作意见")
        row = page[page.index('class="search-result"'):]
        assert "信息" in row and "政策文件" in row and "2024-05-01" in row

    @pytest.mark.parametrize(
        "params",
        [{"year": "abc"}, {"column": "nope"}, {"org": "999999"}, {"type": "x.y"},
         {"sort": "random"}, {"year": "1999", "org": "x", "page": "-3"}],
    )
    def test_bad_filter_values_are_ignored_with_a_note(self, client, documents, params):
        page = get(client, q="文物保护", **params)
        assert "以下筛选条件无效，已忽略" in page
        assert len(result_titles(page)) == 3

    def test_sort_links_keep_the_filters(self, client, documents):
        page = get(client, q="文物保护", year="2025")
        query = "q=%E6%96%87%E7%89%A9%E4%BF%9D%E6%8A%A4"
        assert f'href="/search/?{query}&amp;year=2025&amp;sort=newest"' in page


class TestCaps:
    def test_counts_stop_at_the_cap(self, client, column, settings):
        now = timezone.now()
        content_type = ContentType.objects.get(app_label="disclosure", model="document")
        SearchEntry.objects.bulk_create(
            SearchEntry(content_type=content_type, object_id=n, kind="信息",
                        title=f"第{n}号年度预算执行情况表", url=f"/xxgk/{n}/",
                        published_at=now - timedelta(minutes=n), year=now.year)
            for n in range(1, 1002)
        )
        page = get(client, q="年度预算执行")
        assert "1000+ 条结果" in page and "共1001条" not in page
        assert len(result_titles(page)) == settings.PORTAL_PAGE_SIZE
        assert "第 1 / 50 页" in page
        last = get(client, q="年度预算执行", sort="newest", page="999")
        assert "第 50 / 50 页" in last and 'rel="next"' not in last
        assert result_titles(last)[0] == "第981号年度预算执行情况表"

    def test_cap_is_a_setting(self, client, reviewer, column, settings):
        settings.SEARCH_MAX_COUNT = 2
        for n in range(3):
            publish(reviewer, column=column, title=f"第{n}批招标公告")
        assert "2+ 条结果" in get(client, q="招标")


class TestPage:
    def test_noindex_no_query_in_title_one_h1(self, client, reviewer, column):
        publish(reviewer, column=column, title="物业服务招标公告")
        page = get(client, q="招标")
        assert '<meta name="robots" content="noindex">' in page
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert "招标" not in title and title.startswith("站内搜索")
        assert page.count("<h1") == 1

    def test_html_in_the_query_and_in_the_text_cannot_get_in(self, client, reviewer, column):
        publish(reviewer, column=column, title="招标公告<b>加粗</b>",
                body="<p>&lt;script&gt;alert(1)&lt;/script&gt;招标说明</p>")
        page = get(client, q='招标 <img src=x onerror="alert(2)">')
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "<b>加粗</b>" not in page
        page = get(client, q="招标")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>招标</mark>" in page
        assert "<b>加粗</b>" not in page

    def test_empty_query_shows_the_form_and_hints(self, client, site):
        for params in ({}, {"q": "  "}):
            page = get(client, **params)
            assert 'name="q"' in page and "请输入要查找的" in page and 'name="year"' in page

    def test_rate_limited_per_ip(self, client, site, settings):
        settings.SEARCH_REQUESTS_PER_IP_PER_MINUTE = 2
        client.get("/search/")  # the empty form does not count
        for _ in range(2):
            assert client.get("/search/", {"q": "招标"}).status_code == 200
        response = client.get("/search/", {"q": "招标"})
        assert response.status_code == 429
        page = response.content.decode()
        assert "搜索过于频繁" in page and 'name="q"' in page
        other = client.get("/search/", {"q": "招标"}, REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 200

    def test_queries_per_search_page_are_bounded(self, client, reviewer, column):
        for n in range(5):
            publish(reviewer, column=column, title=f"第{n}批招标公告")
        get(client, q="招标")  # warm the column tree cache
        with CaptureQueriesContext(connection) as queries:
            get(client, q="招标")
        # Transaction control and the planner setting (PostgreSQL) read no data.
        reads = [
            q["sql"] for q in queries.captured_queries
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "SELECT set_config",
                                        "SELECT current_setting"))
        ]
        # organisations (filter), exact numbers, capped count, the page (+ the site profile)
        assert len(reads) <= 5, reads


class TestQueryCount:
    """Issue 6: a constant number of queries per search page, at most 5 (cold and warm)."""

    @pytest.mark.parametrize("sort", ["relevance", "newest"])
    def test_at_most_five_queries_whatever_the_number_of_matches(
        self, client, reviewer, column, sort, django_assert_max_num_queries
    ):
        from django.core.cache import cache

        organisation = OrganisationFactory()
        counts = []
        for total in (3, 30):
            while SearchEntry.objects.filter(title__contains="招标").count() < total:
                publish(reviewer, column=column, organisation=organisation,
                        title=f"物业服务项目招标公告{SearchEntry.objects.count()}")
            entry = SearchEntry.objects.filter(title__contains="招标").first()
            params = {
                "q": "招标", "type": kind_choices()[0][0], "column": column.slug,
                "year": str(entry.year), "org": str(organisation.pk), "sort": sort,
            }
            for warm in (False, True):
                if not warm:
                    cache.clear()
                with django_assert_max_num_queries(5) as captured:
                    page = get(client, **params)
                assert f"共{total}条结果" in page
                counts.append(len(captured))
        assert counts[0] == counts[2] and counts[1] == counts[3]
