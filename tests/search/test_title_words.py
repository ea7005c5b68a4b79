"""Title words (search.models.TitleWord): written with every change of the index on
PostgreSQL, and the source of a search by relevance for a word held by more titles than pages
can list — best first, scheduled items left out, body-only matches ranked below them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosure import services
from search import query as search_query
from search.models import TitleWord
from search.stats import word_statistics
from tests.factories import ColumnFactory, SiteProfileFactory

from .factories_search import publish
from .test_search_page import get, result_titles

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def words_of(document) -> dict[str, float]:
    return dict(
        TitleWord.objects.filter(entry__object_id=document.pk).values_list("word", "score")
    )


def test_title_words_follow_publication_edits_and_withdrawal(reviewer):
    column = ColumnFactory(name="通知公告", slug="tzgg")
    document = publish(reviewer, column=column, title="物业服务招标公告",
                       body="<p>预算说明。</p>")
    words = words_of(document)
    assert {"物业", "服务", "招标", "公告"} <= set(words)
    assert "预算" not in words  # a body word
    assert all(score > 0 for score in words.values())

    document.title = "年度预算执行情况"
    services.document_save(document=document, actor=reviewer)
    assert "招标" not in words_of(document) and "预算" in words_of(document)

    services.document_withdraw(document=document, actor=reviewer, reason="有误")
    assert words_of(document) == {}


def title_word_versions(document) -> list[tuple[str, str]]:
    """(word, ctid) of the document's title words: a row rewritten gets a new ctid."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w.word, w.ctid::text FROM search_titleword w "
            "JOIN search_searchentry e ON e.id = w.entry_id WHERE e.object_id = %s "
            "ORDER BY w.word", [document.pk],
        )
        return cursor.fetchall()


def test_an_edit_rewrites_only_the_title_words_it_changes(reviewer):
    document = publish(reviewer, title="物业服务招标公告", body="<p>预算说明。</p>")
    before = title_word_versions(document)

    document.body = "<p>预算说明（更新）。</p>"
    services.document_save(document=document, actor=reviewer)
    assert title_word_versions(document) == before  # the title alone decides them

    document.title = "物业服务采购公告"
    services.document_save(document=document, actor=reviewer)
    after = dict(title_word_versions(document))
    assert "招标" not in after and "采购" in after
    assert after["物业"] == dict(before)["物业"]  # still in the title, same rank: not rewritten


@pytest.fixture
def bidding(reviewer):
    """Eight titles holding 招标 (one twice, the oldest), three newer items holding it only in
    their body, one title published now, one scheduled for tomorrow and one withdrawn."""
    SiteProfileFactory()
    column = ColumnFactory(name="通知公告", slug="tzgg")
    now = timezone.now()
    publish(reviewer, column=column, title="招标公告：档案数字化项目招标",
            at=now - timedelta(days=30))
    for n in range(7):
        publish(reviewer, column=column, title=f"第{n}批物业服务招标公告",
                at=now - timedelta(days=20 - n))
    for n in range(3):
        publish(reviewer, column=column, title=f"会议纪要{n}",
                body="<p>会议研究了招标事项。</p>", at=now - timedelta(days=n))
    publish(reviewer, column=column, title="今日发布的招标公告")
    document = publish(reviewer, column=column, title="定时发布的招标公告")
    document.published_at = now + timedelta(days=1)
    services.document_save(document=document, actor=reviewer)
    services.document_withdraw(document=publish(reviewer, column=column, title="撤回的招标公告"),
                               actor=reviewer, reason="有误")
    return column


def test_more_titles_than_the_cap_list_the_titles_best_first(client, bidding, settings):
    settings.SEARCH_MAX_COUNT = 5
    page = get(client, q="招标")

    assert "5+ 条结果" in page
    titles = result_titles(page)
    assert titles[0] == "招标公告：档案数字化项目招标"  # twice in its title: the best
    assert titles[1:4] == ["今日发布的招标公告", "第6批物业服务招标公告",
                           "第5批物业服务招标公告"]  # then the newest
    assert not any(title.startswith("会议纪要") for title in titles)
    assert "定时发布的招标公告" not in titles and "撤回的招标公告" not in titles


def test_fewer_titles_than_the_cap_rank_every_match(client, bidding, settings):
    settings.SEARCH_MAX_COUNT = 100
    page = get(client, q="招标")

    assert "共12条结果" in page  # 8 titles, the one published today, 3 bodies
    titles = result_titles(page)
    assert titles[0] == "招标公告：档案数字化项目招标"
    assert titles[-3:] == ["会议纪要0", "会议纪要1", "会议纪要2"]
    assert "定时发布的招标公告" not in titles


def test_newest_first_reads_the_dates_not_the_title_words(client, bidding, settings):
    settings.SEARCH_MAX_COUNT = 5
    page = get(client, q="招标", sort="newest")
    assert result_titles(page)[:3] == ["今日发布的招标公告", "会议纪要0", "会议纪要1"]


def test_with_a_filter_every_match_is_ranked(client, bidding, settings):
    settings.SEARCH_MAX_COUNT = 5
    page = get(client, q="招标", column="tzgg")
    assert "5+ 条结果" in page and "会议纪要2" in result_titles(page)


def seqscan_setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        return cursor.fetchone()[0]


def test_many_titles_take_one_statement(bidding, settings):
    """With the index statistics known, the title words are counted and listed by the
    search's only statement; the planner setting is left as it was."""
    settings.SEARCH_MAX_COUNT = 5
    word_statistics()
    query = search_query.parse_query("招标")
    with CaptureQueriesContext(connection) as captured:
        results = search_query.search(query)
    assert len(captured) == 1
    assert results.more and results.count == 5 and len(results.hits) == 9
    assert results.hits[0].entry.title == "招标公告：档案数字化项目招标"
    assert seqscan_setting() == "on"


def search_few_titles() -> search_query.ResultPage:
    word_statistics()
    with CaptureQueriesContext(connection) as captured:
        results = search_query.search(search_query.parse_query("招标"))
    assert len(captured) == 2  # counted and switched by the first, searched by the second
    assert seqscan_setting() == "on"
    return results


def test_few_titles_fall_back_to_the_usual_search(bidding, settings):
    settings.SEARCH_MAX_COUNT = 100
    results = search_few_titles()
    assert not results.more and results.count == 12
    assert [hit.entry.title for hit in results.hits][-1] == "会议纪要2"


@pytest.mark.django_db(transaction=True)
def test_few_titles_outside_a_transaction_restore_the_session_setting(reviewer, settings):
    """Outside a transaction the setting is the session's: restored by the second statement."""
    settings.SEARCH_MAX_COUNT = 100
    column = ColumnFactory(name="通知公告", slug="tzgg")
    publish(reviewer, column=column, title="物业服务招标公告")
    assert not connection.in_atomic_block
    assert search_few_titles().count == 1


@pytest.mark.parametrize("text", ["招标 公告", "招标公告", "zhaobiao", "2026"])
def test_other_queries_are_not_title_word_queries(text):
    query = search_query.parse_query(text)
    assert search_query.title_word(query, search_query.Filters(), "relevance") is None


def test_the_tiers_are_the_ranking_of_every_match(client, reviewer, settings):
    """The tiers — the title matches best first, then the other matches newest first — give
    the order of ranking every match by `ts_rank` (a column filter takes that way, with a window
    larger than the matches): the same items in the same order, whether the titles exceed the
    cap (every page from them) or not. The other matches here all hold the word as a 主题词
    (weight B), so their ranks tie as those of matches in the body alone do."""
    SiteProfileFactory()
    column = ColumnFactory(name="通知公告", slug="tzgg")
    now = timezone.now()
    titles = [
        ("招标公告", "", 1), ("招标招标项目", "", 2), ("物业招标", "招标", 3),
        ("设备采购招标结果", "采购", 4), ("关于招标的通知", "招标 采购", 5),
        ("第二次招标公告", "", 6), ("招标文件澄清", "", 7), ("招标代理机构名录", "名录", 8),
    ]
    for title, keywords, age in titles:
        publish(reviewer, column=column, title=title, keywords=keywords,
                body="<p>招标 采购 招标。</p>", at=now - timedelta(days=age))
    for n in range(4):
        publish(reviewer, column=column, title=f"工作简报{n}", keywords="招标",
                body="<p>招标。</p>", at=now - timedelta(hours=n + 1))
    word_statistics()
    settings.SEARCH_RANK_WINDOW = 100

    settings.SEARCH_MAX_COUNT = 100
    ranked = result_titles(get(client, q="招标", column="tzgg"))  # ts_rank over every match
    tiers = result_titles(get(client, q="招标"))
    settings.SEARCH_MAX_COUNT = 5
    from_titles = result_titles(get(client, q="招标"))

    assert len(ranked) == 12 and ranked[0] == "招标招标项目"
    assert tiers == ranked
    assert from_titles == ranked[:8]


def test_a_page_past_the_titles_continues_newest_first(client, bidding, settings):
    """Nine titles, three matches in the body: with 4 results per page, page 3 holds the last
    title and the body matches, newest first, and page 2 none of them."""
    settings.SEARCH_MAX_COUNT = 100
    settings.PORTAL_PAGE_SIZE = 4
    second = result_titles(get(client, q="招标", page=2))
    third = result_titles(get(client, q="招标", page=3))
    assert len(second) == 4 and not any(t.startswith("会议纪要") for t in second)
    assert third[1:] == ["会议纪要0", "会议纪要1", "会议纪要2"]
    assert "会议纪要" not in third[0]


def test_words_in_no_title_are_listed_newest_first(client, bidding, settings):
    settings.SEARCH_MAX_COUNT = 100
    page = get(client, q="研究")  # only in the bodies of the three 会议纪要
    assert "共3条结果" in page
    assert result_titles(page) == ["会议纪要0", "会议纪要1", "会议纪要2"]


def test_a_rare_word_in_no_title_keeps_the_usual_ranking(client, bidding, settings):
    """With the statistics saying the word is rare and the first statement finding it in no
    title, the search ranks its few matches as before (no tiers to plan)."""
    settings.SEARCH_MAX_COUNT = 100
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    assert word_statistics().rows
    with CaptureQueriesContext(connection) as captured:
        results = search_query.search(search_query.parse_query("研究"))
    assert [hit.entry.title for hit in results.hits] == ["会议纪要0", "会议纪要1", "会议纪要2"]
    assert len(captured) == 2 and "search_titleword" not in captured[1]["sql"]
    assert seqscan_setting() == "on"
