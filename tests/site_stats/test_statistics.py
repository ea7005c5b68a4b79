"""The public statistics page (统计): figures of a built year, charts, year navigation."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosure.models import Column, Document
from requests_app.models import Application, Channel, Outcome
from site_stats.models import PageViewDaily
from site_stats.selectors import percentile_nearest_rank
from tests.factories import ColumnFactory, PublishedDocumentFactory
from tests.interaction.factories import AnsweredMessageFactory, ConsultationFactory
from tests.proposals.factories import ProposalFactory
from tests.requests_app.factories import ApplicationFactory

from .helpers import at, row_value

TODAY = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def year_2025(calendar_db):
    """A 2025 of documents, applications, proposals, consultations, messages and views."""
    root = ColumnFactory(name="政府信息公开", slug="xxgk")
    statutory = ColumnFactory(name="法定主动公开内容", slug="fdzdgknr", parent=root)
    guide = ColumnFactory(name="政府信息公开指南", slug="gkzn", parent=root, kind=Column.Kind.PAGE)
    news = ColumnFactory(name="政务动态", slug="zwdt", parent=statutory)
    notices = ColumnFactory(name="通知公告", slug="tzgg", parent=statutory)
    sub_news = ColumnFactory(name="厅内动态", slug="tndt", parent=news)
    for column, when in [
        (news, at(2025, 3, 5)), (sub_news, at(2025, 3, 20)), (news, at(2025, 5, 8)),
        (notices, at(2025, 3, 1)), (guide, at(2025, 1, 2)),
        (news, at(2024, 12, 31)),  # another year
    ]:
        PublishedDocumentFactory(column=column, published_at=when)
    PublishedDocumentFactory(
        column=news, published_at=at(2025, 3, 6), status=Document.Status.WITHDRAWN
    )

    def answered(received, answered_on, outcome, channel=Channel.ONLINE):
        return ApplicationFactory(
            channel=channel, received_on=received, status=Application.Status.ANSWERED,
            outcome=outcome, answered_on=answered_on,
        )

    monday = dt.date(2025, 3, 3)
    answered(monday, dt.date(2025, 3, 4), Outcome.DISCLOSED)  # 1 working day
    answered(monday, dt.date(2025, 3, 7), Outcome.PARTIAL)  # 4
    answered(monday, dt.date(2025, 3, 10), Outcome.STATE_SECRET)  # 5 (over a weekend)
    answered(monday, dt.date(2025, 3, 17), Outcome.THIRD_PARTY, Channel.LETTER)  # 10
    # No receipt date: answered, but its working days cannot be computed.
    answered(None, dt.date(2025, 4, 1), Outcome.NOT_HELD, Channel.FAX)
    ApplicationFactory(
        received_on=dt.date(2025, 4, 1), status=Application.Status.CLOSED,
        outcome=Outcome.CORRECTION_LAPSED, closed_on=dt.date(2025, 5, 6),
    )
    ApplicationFactory(received_on=dt.date(2024, 12, 2))  # received in another year

    ProposalFactory(year=2025)
    ProposalFactory(year=2025, open=True)
    ProposalFactory(year=2024)
    ConsultationFactory(opens_at=at(2025, 6, 1))
    ConsultationFactory(opens_at=at(2024, 6, 1))
    AnsweredMessageFactory(submitted_at=at(2025, 3, 3), replied_at=at(2025, 3, 5))  # 2 days

    for path, day, count in [
        ("/xxgk/", dt.date(2025, 2, 1), 3), ("/xxgk/column/zwdt/", dt.date(2025, 2, 2), 5),
        ("/", dt.date(2025, 2, 1), 10), ("/xxgk/", dt.date(2024, 12, 31), 100),
    ]:
        PageViewDaily.objects.create(path=path, day=day, count=count)


@pytest.fixture
def page(client, year_2025):
    with time_machine.travel(TODAY, tick=False):
        response = client.get("/tongji/2025/")
    assert response.status_code == 200
    return response.content.decode()


def test_documents_per_month_and_per_column(page):
    assert "本年发布信息5条" in page
    assert [row_value(page, f"{m}月") for m in range(1, 13)] == [
        "1", "0", "3", "0", "1", "0", "0", "0", "0", "0", "0", "0"
    ]
    # Columns under 法定主动公开内容 count separately, sub-columns within their parent.
    assert row_value(page, "政务动态") == "3"
    assert row_value(page, "通知公告") == "1"
    assert row_value(page, "政府信息公开指南") == "1"
    positions = [page.index(f">{name}</a>") for name in ("政务动态", "通知公告", "政府信息公开指南")]
    assert positions == sorted(positions)


def test_applications_by_channel_outcome_and_working_days(page):
    assert "本年新收政府信息公开申请5件，办结6件" in page
    assert row_value(page, str(Channel.ONLINE.label)) == "4"
    assert row_value(page, str(Channel.LETTER.label)) == "1"
    assert row_value(page, str(Channel.FAX.label)) == "0"
    assert [row_value(page, label) for label in (
        "（一）予以公开", "（二）部分公开", "（三）不予公开", "（四）无法提供", "（五）不予处理",
        "（六）其他处理",
    )] == ["1", "1", "2", "1", "0", "1"]
    # Working days 1, 4, 5, 10: median 4.5, P90 (nearest rank 4 of 4) 10.
    assert row_value(page, "计入统计的申请（件）") == "4"
    assert row_value(page, "中位数（工作日）") == "4.5"
    assert row_value(page, "90%的申请在以下工作日内答复") == "10"
    assert "另有1件答复因日期缺失" in page


def test_proposals_consultations_messages_and_views(page):
    assert row_value(page, "承办建议提案（件）") == "2"
    assert row_value(page, "已答复建议提案（件）") == "1"
    assert row_value(page, "开展意见征集（次）") == "1"
    assert row_value(page, "收到留言（件）") == "1"
    assert row_value(page, "答复留言（件）") == "1"
    assert row_value(page, "平均答复用时（工作日）") == "2.0"
    assert "本年政府信息公开专栏页面访问8次" in page
    top = re.findall(r'<th scope="row"><a href="([^"]+)">', page[page.index("本年访问最多的页面"):])
    assert top[:3] == ["/", "/xxgk/column/zwdt/", "/xxgk/"]


def test_charts_are_accessible_svg_without_inline_style_or_script(page):
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
    assert len(svgs) == 4
    for svg in svgs:
        assert 'role="img"' in svg
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        assert f'<title id="{ids[0]}">' in svg and f'<desc id="{ids[1]}">' in svg
        assert "style" not in svg
    assert "<title id=\"chart-docs-month-title\">2025年各月发布信息数量</title>" in page
    assert "最多的是3月（3条）" in page
    assert "<script" not in page
    # Each chart is followed by its data table.
    for svg in svgs:
        assert page.index("<table", page.index(svg)) > page.index(svg)


def test_empty_year_renders_zeros(client, calendar_db):
    with time_machine.travel(TODAY, tick=False):
        response = client.get("/tongji/2026/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "本年没有发布信息" in page
    assert row_value(page, "中位数（工作日）") == "—"
    assert "各项均为0条" in page


def test_current_year_redirect_and_year_navigation(client, year_2025):
    with time_machine.travel(TODAY, tick=False):
        response = client.get("/tongji/")
        assert response.status_code == 302 and response["Location"] == "/tongji/2026/"
        page = client.get("/tongji/2025/").content.decode()
    assert '<a href="/tongji/2026/">2026年</a>' in page
    assert '<a href="/tongji/2024/">2024年</a>' in page
    assert '<span aria-current="page">2025年</span>' in page
    assert len(re.findall(r"<h1[\s>]", page)) == 1


@pytest.mark.parametrize("url", ["/tongji/2007/", "/tongji/2027/", "/tongji/99999999999999999999/",
                                 "/tongji/abc/"])
def test_invalid_year_is_a_chinese_404(client, db, url):
    with time_machine.travel(TODAY, tick=False):
        response = client.get(url)
    assert response.status_code == 404


def test_figures_are_cached_per_content_version(client, year_2025):
    with time_machine.travel(TODAY, tick=False):
        with CaptureQueriesContext(connection) as first:
            client.get("/tongji/2025/")
        ApplicationFactory(received_on=dt.date(2025, 7, 1))
        with CaptureQueriesContext(connection) as second:
            page = client.get("/tongji/2025/").content.decode()
    assert len(second) < len(first)
    assert "本年新收政府信息公开申请5件" in page  # cached until the version or the hour changes


def test_percentile_nearest_rank():
    assert percentile_nearest_rank([], 90) is None
    assert percentile_nearest_rank([7], 90) == 7
    assert percentile_nearest_rank(list(range(1, 11)), 90) == 9
    assert percentile_nearest_rank([3, 1, 2], 50) == 2
