"""Public pages of 文化日历: week by day and city, month grid, archive, event page, filters,
and that unpublished events never appear."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import City, Event, EventCategory
from tests.events.factories import EventFactory, PublishedEventFactory, local
from tests.factories import SiteProfileFactory

pytestmark = pytest.mark.django_db


def day_section(page: str, ymd: str) -> str:
    """The HTML of one day's section of the week page."""
    start = page.index(f'id="day-{ymd}"')
    end = page.find('<section class="events-day', start)
    return page[start : end if end != -1 else len(page)]


def assert_clean_page(response):
    assert response.status_code == 200
    page = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", page)) == 1
    assert not re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script"
    return page


@pytest.fixture
def calendar_content(frozen):
    SiteProfileFactory()
    show = PublishedEventFactory(
        title="辽宁人民艺术剧院话剧《父亲》",
        starts_at=local(2026, 11, 30, 19, 0),
        ends_at=local(2026, 11, 30, 21, 30),
    )
    exhibition = PublishedEventFactory(
        title="又见红山考古成果展",
        category=EventCategory.EXHIBITION,
        all_day=True,
        starts_at=local(2026, 11, 27),
        ends_at=local(2026, 12, 2, 23, 59),
    )
    past = PublishedEventFactory(
        title="2017年文化遗产日非遗展演",
        category=EventCategory.HERITAGE,
        starts_at=local(2017, 6, 10, 9, 0),
        ends_at=local(2017, 6, 10, 11, 0),
        published_at=local(2017, 6, 1, 9, 0),
    )
    return {"show": show, "exhibition": exhibition, "past": past}


def test_every_public_page_is_clean(client, calendar_content):
    urls = [
        "/whrl/",
        "/whrl/?category=performance&city=dalian",
        "/whrl/2026/11/",
        "/whrl/2026/2/",
        "/whrl/archive/",
        "/whrl/archive/?year=2017",
        f"/whrl/event/{calendar_content['show'].pk}/",
        f"/whrl/event/{calendar_content['exhibition'].pk}/",
        f"/whrl/event/{calendar_content['past'].pk}/",
    ]
    for url in urls:
        assert_clean_page(client.get(url))


def test_week_groups_by_day_and_city(client, frozen):
    SiteProfileFactory()
    PublishedEventFactory(
        title="大连京剧院《杨门女将》",
        city=City.DALIAN,
        starts_at=local(2026, 11, 30, 19, 0),
        ends_at=local(2026, 11, 30, 21, 0),
    )
    PublishedEventFactory(
        title="沈阳杂技演艺团《先锋》",
        city=City.SHENYANG,
        starts_at=local(2026, 11, 30, 19, 30),
        ends_at=local(2026, 11, 30, 21, 0),
    )
    page = assert_clean_page(client.get("/whrl/"))
    days = re.findall(r'id="day-(\d{8})"', page)
    assert days == [f"202611{d}" for d in (29, 30)] + [f"202612{d:02d}" for d in range(1, 6)]
    assert "11月29日 星期日" in page and "今天" in page
    monday = day_section(page, "20261130")
    # Cities in the province's order: 沈阳 before 大连, each event under its city.
    assert monday.index(">沈阳</h3>") < monday.index("《先锋》") < monday.index(">大连</h3>")
    assert monday.index(">大连</h3>") < monday.index("《杨门女将》")
    assert "当天暂无符合条件的活动" in day_section(page, "20261129")


def test_multi_day_exhibition_appears_on_each_day_it_runs(client, calendar_content):
    page = client.get("/whrl/").content.decode()
    for ymd in ("20261129", "20261130", "20261201", "20261202"):
        section = day_section(page, ymd)
        assert "又见红山考古成果展" in section, ymd
        assert "展期：11月27日—12月2日" in section
    for ymd in ("20261203", "20261204", "20261205"):
        assert "又见红山考古成果展" not in day_section(page, ymd)


def test_event_late_tomorrow_lands_on_tomorrow_in_shanghai_time(client, frozen):
    SiteProfileFactory()
    # 23:30 in Shanghai is 15:30 UTC: the UTC date and the local date agree here, but 00:30
    # Shanghai the day after is still the previous day in UTC.
    PublishedEventFactory(
        title="跨夜场新年音乐会",
        starts_at=local(2026, 11, 30, 23, 30),
        ends_at=local(2026, 11, 30, 23, 59),
    )
    PublishedEventFactory(
        title="凌晨场演出",
        starts_at=local(2026, 12, 1, 0, 30),
        ends_at=local(2026, 12, 1, 1, 30),
    )
    page = client.get("/whrl/").content.decode()
    assert "跨夜场新年音乐会" in day_section(page, "20261130")
    assert "跨夜场新年音乐会" not in day_section(page, "20261201")
    assert "凌晨场演出" in day_section(page, "20261201")
    assert "凌晨场演出" not in day_section(page, "20261130")


def test_week_ends_after_seven_days(client, frozen):
    SiteProfileFactory()
    PublishedEventFactory(
        title="第七天的演出", starts_at=local(2026, 12, 5, 19, 0), ends_at=local(2026, 12, 5, 21, 0)
    )
    PublishedEventFactory(
        title="第八天的演出", starts_at=local(2026, 12, 6, 0, 0), ends_at=local(2026, 12, 6, 2, 0)
    )
    PublishedEventFactory(
        title="昨天的演出", starts_at=local(2026, 11, 28, 19, 0), ends_at=local(2026, 11, 28, 21, 0)
    )
    page = client.get("/whrl/").content.decode()
    assert "第七天的演出" in page
    assert "第八天的演出" not in page and "昨天的演出" not in page


def test_filters_by_category_and_city(client, calendar_content):
    PublishedEventFactory(
        title="大连惠民演出",
        city=City.DALIAN,
        category=EventCategory.BENEFIT,
        starts_at=local(2026, 12, 1, 14, 0),
        ends_at=local(2026, 12, 1, 16, 0),
    )
    page = client.get("/whrl/?category=exhibition").content.decode()
    assert "又见红山考古成果展" in page and "《父亲》" not in page and "大连惠民演出" not in page
    page = client.get("/whrl/?city=dalian").content.decode()
    assert "大连惠民演出" in page and "又见红山考古成果展" not in page
    # Filters are kept in the month link.
    assert 'href="/whrl/2026/11/?city=dalian"' in page


@pytest.mark.parametrize(
    "query",
    [
        "category=bogus",
        "city=<script>alert(1)</script>",
        "category=&city=",
        "city=北京",
        "category=performance&category=xx",
    ],
)
def test_bad_filter_values_never_break_pages(client, calendar_content, query):
    for path in ("/whrl/", "/whrl/2026/11/", "/whrl/archive/"):
        response = client.get(f"{path}?{query}")
        page = assert_clean_page(response)
        assert "<script>alert" not in page
    page = client.get("/whrl/?category=bogus").content.decode()
    assert "没有这个活动类别" in page
    assert "又见红山考古成果展" in page and "《父亲》" in page  # shown as 全部


def test_month_grid_of_a_month_starting_on_sunday(client, frozen):
    SiteProfileFactory()
    PublishedEventFactory(
        title="二月首日演出",
        starts_at=local(2026, 2, 1, 19, 0),
        ends_at=local(2026, 2, 1, 21, 0),
        published_at=local(2026, 1, 1),
    )
    page = assert_clean_page(client.get("/whrl/2026/2/"))
    assert "<h1>文化日历 · 2026年2月</h1>" in page
    grid = page[page.index('<table class="calendar-grid">') : page.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", grid, flags=re.S)
    headings = re.findall(r'<th scope="col" abbr="(星期.)">', rows[0])
    assert headings == ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
    first_week = rows[1]
    assert first_week.count('class="calendar-grid__pad"') == 6
    assert re.search(
        r'datetime="2026-02-01">1</time>\s*<ul>\s*<li><a href="[^"]+">二月首日演出', first_week
    )
    assert len(rows) == 1 + 5  # header + 5 weeks (Feb 2026: Sun 1st … Sat 28th)
    assert 'datetime="2026-02-28"' in grid and 'datetime="2026-02-29"' not in grid
    # The small-screen list repeats the day.
    listing = page[page.index('class="month-list"') :]
    assert "2月1日 星期日" in listing and "二月首日演出" in listing


def test_month_grid_of_february_in_a_leap_year(client, frozen):
    SiteProfileFactory()
    page = assert_clean_page(client.get("/whrl/2024/2/"))
    grid = page[page.index('<table class="calendar-grid">') : page.index("</table>")]
    assert 'datetime="2024-02-29">29</time>' in grid
    assert 'datetime="2024-03-01"' not in grid
    rows = re.findall(r"<tr>(.*?)</tr>", grid, flags=re.S)
    assert rows[1].count('class="calendar-grid__pad"') == 3  # 1 Feb 2024 was a Thursday
    assert 'href="/whrl/2024/1/"' in page and 'href="/whrl/2024/3/"' in page
    assert "本月暂无符合条件的活动" in page


def test_month_links_cross_the_year(client, frozen):
    SiteProfileFactory()
    page = client.get("/whrl/2026/1/").content.decode()
    assert 'href="/whrl/2025/12/" rel="prev"' in page
    assert 'href="/whrl/2026/2/" rel="next"' in page


@pytest.mark.parametrize(
    "url",
    [
        "/whrl/2026/13/",
        "/whrl/2026/0/",
        "/whrl/1999/5/",
        "/whrl/99999999999/1/",
        "/whrl/abcd/1/",
        "/whrl/2026/-1/",
        "/whrl/event/999999/",
        "/whrl/event/999999.ics",
    ],
)
def test_invalid_month_or_event_is_404_not_500(client, frozen, url):
    SiteProfileFactory()
    response = client.get(url)
    assert response.status_code == 404


def test_archive_lists_past_events_with_filters_and_pages(client, calendar_content, settings):
    settings.PORTAL_PAGE_SIZE = 2
    for year in (2018, 2019, 2020):
        PublishedEventFactory(
            title=f"{year}年新春惠民演出",
            category=EventCategory.BENEFIT,
            city=City.TIELING,
            starts_at=local(year, 2, 10, 14, 0),
            ends_at=local(year, 2, 10, 16, 0),
            published_at=local(year, 2, 1),
        )
    page = assert_clean_page(client.get("/whrl/archive/"))
    assert "2020年新春惠民演出" in page and "2019年新春惠民演出" in page
    assert "2018年新春惠民演出" not in page  # next page
    assert "《父亲》" not in page and "又见红山" not in page  # not over yet
    next_url = re.search(r'href="([^"]+)" rel="next"', page).group(1).replace("&amp;", "&")
    page2 = client.get(next_url).content.decode()
    assert "2018年新春惠民演出" in page2 and "2020年新春惠民演出" not in page2
    page = client.get("/whrl/archive/?year=2017").content.decode()
    assert "2017年文化遗产日非遗展演" in page and "新春惠民演出" not in page
    page = client.get("/whrl/archive/?city=tieling&category=benefit").content.decode()
    assert "2017年文化遗产日" not in page and "2020年新春惠民演出" in page
    page = assert_clean_page(client.get("/whrl/archive/?year=1900&after=garbage"))
    assert "没有这个年份的活动" in page


def test_event_page_shows_details_and_calendar_link(client, calendar_content):
    show = calendar_content["show"]
    page = assert_clean_page(client.get(f"/whrl/event/{show.pk}/"))
    assert "<h1>辽宁人民艺术剧院话剧《父亲》</h1>" in page
    assert "2026年11月30日 星期一 19:00—21:30" in page
    assert f'href="/whrl/event/{show.pk}.ics"' in page and "加入日历" in page
    assert "80元、180元" in page


def test_unpublished_events_never_appear(client, calendar_content, event_reviewer):
    when = {"starts_at": local(2026, 12, 1, 19, 0), "ends_at": local(2026, 12, 1, 21, 0)}
    draft = EventFactory(title="草稿活动甲", **when)
    pending = EventFactory(title="待审活动乙", status=Event.Status.PENDING, **when)
    withdrawn = PublishedEventFactory(title="撤回活动丙", **when)
    withdrawn.status = Event.Status.WITHDRAWN
    withdrawn.save()
    scheduled = PublishedEventFactory(
        title="定时活动丁", published_at=timezone.now() + timedelta(days=1), **when
    )
    past_draft = EventFactory(
        title="往期草稿戊", starts_at=local(2018, 1, 1, 9), ends_at=local(2018, 1, 1, 10)
    )
    hidden = ["草稿活动甲", "待审活动乙", "撤回活动丙", "定时活动丁", "往期草稿戊"]
    for url in (
        "/whrl/",
        "/whrl/2026/12/",
        "/whrl/2018/1/",
        "/whrl/archive/",
        "/whrl/calendar.ics",
    ):
        body = client.get(url).content.decode()
        for title in hidden:
            assert title not in body, (url, title)
    for event in (draft, pending, withdrawn, scheduled, past_draft):
        assert client.get(f"/whrl/event/{event.pk}/").status_code == 404
        assert client.get(f"/whrl/event/{event.pk}.ics").status_code == 404
