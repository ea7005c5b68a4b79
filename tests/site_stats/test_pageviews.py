"""Page-view counting (访问量): counted in the cache on the request, written by the flush."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from site_stats import pageviews
from site_stats.models import PageViewDaily
from tests.factories import ColumnFactory, PublishedDocumentFactory

MIDDLEWARE = "site_stats.pageviews.PageViewMiddleware"


@pytest.fixture(autouse=True)
def _counting(settings):
    if MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, MIDDLEWARE]


@pytest.fixture
def document(db):
    return PublishedDocumentFactory(column=ColumnFactory(slug="zwdt"))


def test_a_view_is_counted_in_the_cache_without_touching_the_table(client, document):
    url = document.get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
        assert client.get(url + "?utm_source=x").status_code == 200
    assert not any("pageview" in query["sql"].lower() for query in queries)
    assert PageViewDaily.objects.count() == 0
    assert pageviews.buffered_count(timezone.localdate(), url) == 2


def test_counting_adds_no_query_to_the_request(db, settings):
    def queries_of_home_page() -> list[str]:
        client = Client()  # a new client loads the current MIDDLEWARE
        client.get("/")  # warm the page's own caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return [query["sql"] for query in queries]

    counted = queries_of_home_page()
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != MIDDLEWARE]
    assert queries_of_home_page() == counted
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in counted)
    assert pageviews.buffered_count(timezone.localdate(), "/") == 2


@pytest.mark.parametrize("url", ["/admin/login/", "/xxgk/doc/999999/", "/robots.txt"])
def test_staff_pages_errors_and_non_html_are_not_counted(client, db, url):
    client.get(url)
    assert pageviews.pending_paths(timezone.localdate()) == []


def test_post_is_not_counted(client, db):
    client.post("/search/", {"q": "x"})
    assert pageviews.pending_paths(timezone.localdate()) == []


def test_flush_writes_the_counts_once(client, document):
    url = document.get_absolute_url()
    for _ in range(3):
        client.get(url)
    client.get("/")
    call_command("flush_pageviews", "--quiet")
    today = timezone.localdate()
    assert dict(PageViewDaily.objects.values_list("path", "count")) == {url: 3, "/": 1}
    call_command("flush_pageviews", "--quiet")  # nothing new: nothing added
    assert dict(PageViewDaily.objects.values_list("path", "count")) == {url: 3, "/": 1}
    client.get(url)
    call_command("flush_pageviews", "--quiet")
    assert PageViewDaily.objects.get(path=url, day=today).count == 4
    assert pageviews.buffered_count(today, url) == 0


def test_flush_covers_yesterday_and_reports(db, capsys):
    today = timezone.localdate()
    pageviews.record_view("/xxgk/", day=today - dt.timedelta(days=1))
    pageviews.record_view("/xxgk/", day=today)
    call_command("flush_pageviews")
    assert "已写入 2 个页面的 2 次访问" in capsys.readouterr().out
    assert PageViewDaily.objects.filter(path="/xxgk/").count() == 2


def test_a_running_flush_is_not_doubled(db, capsys):
    from django.core.cache import cache

    from site_stats.services import FLUSH_LOCK_KEY

    pageviews.record_view("/xxgk/")
    cache.add(FLUSH_LOCK_KEY, 1)
    call_command("flush_pageviews")
    assert "另一次写入正在进行" in capsys.readouterr().err
    assert PageViewDaily.objects.count() == 0


def test_no_personal_data_is_stored():
    fields = {field.name for field in PageViewDaily._meta.get_fields()}
    assert fields == {"id", "path", "day", "count"}


def test_bad_days_option(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="至少为 1"):
        call_command("flush_pageviews", "--days", "0")


class TestProcessBuffer:
    """Production adds views up per process and writes them once a second (no round trip per
    page); nothing is lost, and what a process holds is written when it stops."""

    @pytest.fixture(autouse=True)
    def _buffered(self, settings):
        settings.SITE_STATS_PAGEVIEW_BUFFER_SECONDS = 1
        pageviews.view_buffer.write()  # start empty

    def test_views_are_held_then_written_together(self, client, document):
        url = document.get_absolute_url()
        today = timezone.localdate()
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            pageviews.view_buffer.write()
            for _ in range(3):
                client.get(url)
            assert pageviews.buffered_count(today, url) == 0
            assert pageviews.view_buffer.pending() == 3

            traveller.shift(1.5)
            client.get(url)  # the first view after a second writes all four

        assert pageviews.buffered_count(today, url) == 4
        assert pageviews.view_buffer.pending() == 0

    def test_a_flush_after_the_process_wrote_its_buffer_gets_every_view(self, client, document):
        url = document.get_absolute_url()
        for _ in range(5):
            client.get(url)

        pageviews.view_buffer.write()  # what a stopping process does (atexit)
        call_command("flush_pageviews", "--quiet")

        assert PageViewDaily.objects.get(path=url).count == 5

    def test_views_are_kept_while_the_cache_is_down(self, document, monkeypatch):
        url = document.get_absolute_url()
        pageviews.count_view(url)
        original = pageviews.record_view

        def down(*args, **kwargs):
            raise ConnectionError("redis down")

        monkeypatch.setattr(pageviews, "record_view", down)
        pageviews.view_buffer.write()
        assert pageviews.view_buffer.pending() == 1

        monkeypatch.setattr(pageviews, "record_view", original)
        pageviews.view_buffer.write()
        assert pageviews.buffered_count(timezone.localdate(), url) == 1
