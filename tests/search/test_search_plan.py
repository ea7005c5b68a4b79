"""Searches planned from the index statistics (search.stats): a common word is counted as
"1000+" without counting and listed newest first from the date index; rare words and searches
with a filter are counted exactly; with no statistics nothing is assumed."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from search import query as search_query
from search.stats import EMPTY, WordStatistics, word_statistics
from tests.factories import ColumnFactory, SiteProfileFactory

from .factories_search import publish
from .test_search_page import get, result_titles

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL statistics (pg_stats)"
)

STATS = WordStatistics(
    rows=1_000_000,
    shares={"文化产业": 0.04, "文化": 0.99, "产业": 0.05, "招标": 0.3, "安全": 0.27, "检查": 0.17},
    floor=0.0085,
)


class TestPlan:
    def test_a_common_word_is_searched_as_itself_and_not_counted(self, settings):
        settings.SEARCH_MAX_COUNT = 1000
        planned, plan = search_query.plan_search(
            search_query.parse_query("文化产业"), search_query.Filters(), STATS
        )
        assert planned.whole_words == {"文化产业"}
        assert plan.dense and not plan.count

    def test_a_filter_keeps_the_count(self):
        _, plan = search_query.plan_search(
            search_query.parse_query("文化产业"), search_query.Filters(year=2017), STATS
        )
        assert plan.dense and plan.count

    def test_a_rare_word_is_counted_and_sorted(self):
        planned, plan = search_query.plan_search(
            search_query.parse_query("预算"), search_query.Filters(), STATS
        )
        assert plan.dense is False and plan.count
        assert planned.whole_words == frozenset()

    def test_without_statistics_nothing_is_assumed(self):
        query = search_query.parse_query("文化产业")
        planned, plan = search_query.plan_search(query, search_query.Filters(), EMPTY)
        assert planned == query and plan == search_query.UNPLANNED


def aware(*args) -> datetime:
    return timezone.make_aware(datetime(*args))  # noqa: DTZ001 - made aware here


@on_postgresql
def test_a_common_word_after_analyze(client, reviewer, settings):
    """50 of 52 items hold 招标: with a cap of 5 the statistics alone say "5+", and the newest
    come first; with a column filter the two items of that column are counted exactly."""
    settings.SEARCH_MAX_COUNT = 5
    SiteProfileFactory()
    column = ColumnFactory(name="通知公告", slug="tzgg")
    other = ColumnFactory(name="采购信息", slug="cgxx")
    start = aware(2025, 1, 1, 9)
    for n in range(48):
        publish(reviewer, column=column, title=f"第{n}批物业服务招标公告",
                at=start + timedelta(days=n))
    for n in range(2):
        publish(reviewer, column=other, title=f"设备采购招标公告{n}",
                at=start - timedelta(days=10 + n))
    publish(reviewer, column=column, title="年度预算执行情况", at=start)
    publish(reviewer, column=column, title="机关运行经费决算", at=start)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    assert word_statistics().rows_holding("招标") > 40

    newest = get(client, q="招标", sort="newest")
    filtered = get(client, q="招标", sort="newest", column="cgxx")
    rare = get(client, q="预算")

    assert "5+ 条结果" in newest
    assert result_titles(newest)[:3] == ["第47批物业服务招标公告", "第46批物业服务招标公告",
                                         "第45批物业服务招标公告"]
    assert "共2条结果" in filtered
    assert result_titles(filtered) == ["设备采购招标公告0", "设备采购招标公告1"]
    assert "共1条结果" in rare and result_titles(rare) == ["年度预算执行情况"]


@on_postgresql
def test_no_statistics_yet_are_asked_again_after_a_minute(reviewer):
    """An index searched before its first ANALYZE (a rebuild still running) is planned without
    statistics; once analysed, searches are planned from them within a minute, not an hour."""
    import time_machine

    column = ColumnFactory(name="通知公告", slug="tzgg")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_stat_reset_single_table_counters('search_searchentry'::regclass)"
        )
        cursor.execute("DELETE FROM pg_statistic WHERE starelid = 'search_searchentry'::regclass")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert word_statistics() == EMPTY
    for n in range(30):
        publish(reviewer, column=column, title=f"第{n}批物业服务招标公告",
                at=start - timedelta(days=n + 1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        assert word_statistics() == EMPTY  # still the figures read a moment ago
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert word_statistics().rows_holding("招标") > 20
