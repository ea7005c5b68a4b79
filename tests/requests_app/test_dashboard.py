"""The staff dashboard (依申请公开办理台) at /staff/ysqgk/."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import NoReverseMatch, reverse

from requests_app.dashboard import due_soon_window
from requests_app.models import ApplicantType, Application, CalendarYear, Channel, Outcome
from requests_app.selectors import invalidate_calendar, load_calendar
from requests_app.services.clock import application_recompute_due
from tests.factories import UserFactory

from .factories import ApplicationFactory

URL = "/staff/ysqgk/"
Status = Application.Status


def frozen(day: dt.date, hour: int = 10):
    return time_machine.travel(
        dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo("Asia/Shanghai"))
    )


@pytest.fixture
def handler(db):
    return UserFactory(role="依申请公开办理员", email="handler@example.gov.cn")


@pytest.fixture
def staff_client(client, handler):
    client.force_login(handler)
    return client


@pytest.fixture
def on_sep_29(calendar_db):
    """Tuesday 2026-09-29, two days before 国庆 (Oct 1–7 off, Oct 10 Sat a make-up workday)."""
    with frozen(dt.date(2026, 9, 29)):
        yield dt.date(2026, 9, 29)


def page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, section_id: str) -> str:
    """The HTML of one dashboard section (up to the next module)."""
    start = html.index(f'id="{section_id}"')
    end = html.find('<div class="module"', start)
    return html[start : end if end != -1 else None]


# --- Access --------------------------------------------------------------------------------


def test_url_name():
    assert reverse("requests_staff:dashboard") == URL


def test_anonymous_is_sent_to_the_admin_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "next=/staff/ysqgk/" in response["Location"]


def test_editor_is_refused(client, editor):
    client.force_login(editor)
    assert client.get(URL).status_code == 403


def test_handler_sees_the_dashboard_in_the_admin_chrome(staff_client, on_sep_29):
    html = page(staff_client)
    assert "<title>依申请公开办理台 |" in html
    assert html.count("<h1") == 1
    assert "<h1>依申请公开办理台</h1>" in html
    assert 'id="site-name"' in html  # the admin header


def test_post_is_not_allowed(staff_client, on_sep_29):
    assert staff_client.post(URL).status_code == 405


# --- Counts and sections -------------------------------------------------------------------


def test_counts_by_status(staff_client, on_sep_29):
    ApplicationFactory.create_batch(2, due_on=dt.date(2026, 11, 2))
    ApplicationFactory(answered=True)
    ApplicationFactory(unconfirmed=True)
    html = section(page(staff_client), "counts")
    assert f'<a href="?status={Status.PROCESSING.value}">办理中</a><strong>2</strong>' in html
    assert f'<a href="?status={Status.ANSWERED.value}">已答复</a><strong>1</strong>' in html
    assert f'<a href="?status={Status.SUBMITTED.value}">待确认收到</a><strong>1</strong>' in html
    assert f'<a href="?status={Status.WITHDRAWN.value}">已撤回</a><strong>0</strong>' in html
    assert "<span>合计</span><strong>4</strong>" in html


def test_due_soon_window_counts_working_days_across_national_day(on_sep_29):
    # Working days after Tue 2026-09-29: Sep 30 (1), Oct 8 (2), Oct 9 (3), Sat Oct 10
    # (make-up workday, 4), Mon Oct 12 (5). Oct 1–7 are off; Sun Oct 11 is a weekend.
    calendar = load_calendar()
    assert not calendar.is_workday(dt.date(2026, 10, 7))
    assert calendar.is_workday(dt.date(2026, 10, 10))
    window = due_soon_window(on_sep_29)
    assert window.in_working_days
    assert window.end == dt.date(2026, 10, 12)


def test_due_soon_and_overdue_sections(staff_client, on_sep_29):
    ApplicationFactory(tracking_number="YSQ-2026-000101", due_on=dt.date(2026, 9, 29))  # today
    ApplicationFactory(tracking_number="YSQ-2026-000102", due_on=dt.date(2026, 10, 10))
    ApplicationFactory(tracking_number="YSQ-2026-000103", due_on=dt.date(2026, 10, 12))
    # Oct 13 is the 6th working day: outside the window, although only 14 calendar days away.
    ApplicationFactory(tracking_number="YSQ-2026-000104", due_on=dt.date(2026, 10, 13))
    ApplicationFactory(tracking_number="YSQ-2026-000105", due_on=dt.date(2026, 9, 28))  # overdue
    ApplicationFactory(tracking_number="YSQ-2026-000106", due_on=dt.date(2026, 9, 1), answered=True)
    html = page(staff_client)

    due_soon = section(html, "due-soon")
    assert "5个工作日内（截至2026-10-12）" in due_soon
    assert "即将到期（5个工作日内（截至2026-10-12），3）" in due_soon
    for number in ("000101", "000102", "000103"):
        assert f"YSQ-2026-{number}" in due_soon
    assert "YSQ-2026-000104" not in due_soon and "YSQ-2026-000105" not in due_soon
    assert "今日到期" in due_soon
    assert "剩余4个工作日" in due_soon  # Oct 10: Sep 30, Oct 8, 9, 10
    assert "剩余5个工作日" in due_soon

    overdue = section(html, "overdue")
    assert "YSQ-2026-000105" in overdue
    assert "已逾期1个工作日" in overdue
    assert "YSQ-2026-000106" not in overdue  # answered
    assert "YSQ-2026-000101" not in overdue


def test_paused_section(staff_client, on_sep_29):
    ApplicationFactory(
        tracking_number="YSQ-2026-000201", status=Status.AWAITING_CORRECTION, due_on=None
    )
    ApplicationFactory(
        tracking_number="YSQ-2026-000202", status=Status.CONSULTING, due_on=dt.date(2026, 11, 2)
    )
    ApplicationFactory(
        tracking_number="YSQ-2026-000203", status=Status.AWAITING_FEE, due_on=dt.date(2026, 11, 2)
    )
    ApplicationFactory(tracking_number="YSQ-2026-000204", due_on=dt.date(2026, 11, 2))
    paused = section(page(staff_client), "paused")
    assert all(f"YSQ-2026-00020{n}" in paused for n in (1, 2, 3))
    assert "YSQ-2026-000204" not in paused
    assert "待补正" in paused and "征求意见中" in paused and "待缴费" in paused


def test_clock_error_section_links_to_the_calendar(client, handler, calendar_db):
    with frozen(dt.date(2026, 12, 14)):
        client.force_login(handler)
        application = ApplicationFactory(
            tracking_number="YSQ-2026-000301",
            received_on=dt.date(2026, 12, 14),
            clock_start_on=dt.date(2026, 12, 14),
        )
        application_recompute_due(application)
        html = page(client)
    application.refresh_from_db()
    assert application.due_on is None
    assert "2027年的节假日安排尚未发布" in application.clock_error
    errors = section(html, "clock-errors")
    assert "YSQ-2026-000301" in errors
    assert "2027年的节假日安排尚未发布，无法计算期限" in errors
    assert reverse("admin:requests_app_calendaryear_changelist") in errors


def test_without_calendar_the_due_soon_window_falls_back_to_calendar_days(
    staff_client, calendar_db
):
    CalendarYear.objects.filter(year=2026).update(is_complete=False)
    invalidate_calendar()
    ApplicationFactory(tracking_number="YSQ-2026-000401", due_on=dt.date(2026, 3, 9))
    with frozen(dt.date(2026, 3, 3)):
        html = page(staff_client)
    assert "无法按工作日计算“即将到期”范围" in html
    assert "暂按7个自然日显示" in html
    due_soon = section(html, "due-soon")
    assert "7个自然日内（截至2026-03-10，按自然日估算）" in due_soon
    assert "YSQ-2026-000401" in due_soon
    assert "剩余6个自然日" in due_soon


# --- The table: personal data, sorting, filtering, paging -----------------------------------


def test_table_shows_masked_personal_data_only(staff_client, on_sep_29):
    application = ApplicationFactory(
        name="张三丰", phone="13912345678", due_on=dt.date(2026, 11, 2)
    )
    html = page(staff_client)
    assert "张**" in html and "139****5678" in html
    assert "张三丰" not in html
    assert "13912345678" not in html
    assert application.id_number not in html
    assert application.id_number[-4:] + "<" not in html  # not even a masked ID number


def test_rows_link_to_the_admin_change_page_when_registered(staff_client, on_sep_29):
    application = ApplicationFactory(due_on=dt.date(2026, 11, 2))
    html = section(page(staff_client), "applications")
    try:
        url = reverse("admin:requests_app_application_change", args=[application.pk])
    except NoReverseMatch:  # the Application admin is being built separately
        url = "#"
    assert f'<a href="{url}">{application.tracking_number}</a>' in html


def _numbers_in_table(html: str) -> list[str]:
    import re

    return re.findall(r"YSQ-2026-\d{6}", section(html, "applications"))


def test_sorting(staff_client, on_sep_29):
    ApplicationFactory(
        tracking_number="YSQ-2026-000002",
        due_on=dt.date(2026, 10, 20),
        received_on=dt.date(2026, 9, 1),
    )
    ApplicationFactory(
        tracking_number="YSQ-2026-000001",
        due_on=dt.date(2026, 10, 30),
        received_on=dt.date(2026, 9, 20),
        status=Status.CONSULTING,
    )
    ApplicationFactory(
        tracking_number="YSQ-2026-000003",
        due_on=None,
        received_on=dt.date(2026, 9, 10),
        status=Status.AWAITING_CORRECTION,
    )
    assert _numbers_in_table(page(staff_client)) == [
        "YSQ-2026-000002",
        "YSQ-2026-000001",
        "YSQ-2026-000003",
    ]
    assert _numbers_in_table(page(staff_client, sort="-due_on")) == [
        "YSQ-2026-000001",
        "YSQ-2026-000002",
        "YSQ-2026-000003",
    ]
    assert _numbers_in_table(page(staff_client, sort="tracking_number")) == [
        "YSQ-2026-000001",
        "YSQ-2026-000002",
        "YSQ-2026-000003",
    ]
    assert _numbers_in_table(page(staff_client, sort="-received_on")) == [
        "YSQ-2026-000001",
        "YSQ-2026-000003",
        "YSQ-2026-000002",
    ]
    # Status in workflow order: 办理中, 待补正, 征求意见中.
    assert _numbers_in_table(page(staff_client, sort="status")) == [
        "YSQ-2026-000002",
        "YSQ-2026-000003",
        "YSQ-2026-000001",
    ]


def test_bad_sort_is_ignored_with_a_message(staff_client, on_sep_29):
    ApplicationFactory(tracking_number="YSQ-2026-000002", due_on=dt.date(2026, 10, 20))
    ApplicationFactory(tracking_number="YSQ-2026-000001", due_on=dt.date(2026, 10, 30))
    html = page(staff_client, sort="name; DROP TABLE")
    assert "“排序”参数无效，已忽略" in html
    assert _numbers_in_table(html) == ["YSQ-2026-000002", "YSQ-2026-000001"]


def test_filters(staff_client, on_sep_29):
    ApplicationFactory(
        tracking_number="YSQ-2026-000011", channel=Channel.LETTER, due_on=dt.date(2026, 10, 20)
    )
    ApplicationFactory(
        tracking_number="YSQ-2026-000012",
        applicant_type=ApplicantType.BUSINESS,
        due_on=dt.date(2026, 10, 20),
    )
    ApplicationFactory(
        tracking_number="YSQ-2026-000013",
        answered=True,
        outcome=Outcome.NOT_HELD,
        due_on=dt.date(2026, 4, 1),
    )
    ApplicationFactory(
        tracking_number="YSQ-2025-000014",
        received_on=dt.date(2025, 12, 1),
        due_on=dt.date(2025, 12, 29),
    )
    assert _numbers_in_table(page(staff_client, channel=Channel.LETTER.value)) == [
        "YSQ-2026-000011"
    ]
    assert _numbers_in_table(page(staff_client, applicant_type=ApplicantType.BUSINESS.value)) == [
        "YSQ-2026-000012"
    ]
    assert _numbers_in_table(page(staff_client, outcome=Outcome.NOT_HELD.value)) == [
        "YSQ-2026-000013"
    ]
    assert _numbers_in_table(page(staff_client, status=Status.ANSWERED.value)) == [
        "YSQ-2026-000013"
    ]
    html = page(staff_client, year="2025")
    assert "YSQ-2025-000014" in section(html, "applications")
    assert _numbers_in_table(html) == []
    html = page(staff_client, overdue="on")
    assert "YSQ-2025-000014" in section(html, "applications")
    assert _numbers_in_table(html) == []  # 000013 is answered, the others not yet due


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "bogus"}, "“状态”参数无效，已忽略"),
        ({"channel": "pigeon"}, "“提交渠道”参数无效，已忽略"),
        ({"applicant_type": "alien"}, "“申请人类型”参数无效，已忽略"),
        ({"outcome": "9.9"}, "“办理结果”参数无效，已忽略"),
        ({"year": "abc"}, "收到年份应为四位数字年份。"),
        ({"year": "1900"}, "收到年份不能早于2008年。"),
        ({"year": "99999999999999999999"}, "收到年份不能晚于2100年。"),
        ({"page": "zzz", "status": "x"}, "“状态”参数无效，已忽略"),
    ],
)
def test_bad_filter_values_are_ignored_with_a_chinese_message(
    staff_client, on_sep_29, params, message
):
    ApplicationFactory(tracking_number="YSQ-2026-000021", due_on=dt.date(2026, 10, 20))
    html = page(staff_client, **params)
    assert message in html
    assert _numbers_in_table(html) == ["YSQ-2026-000021"]  # the bad filter did not apply


def test_pagination(staff_client, on_sep_29):
    for n in range(1, 53):
        ApplicationFactory(
            tracking_number=f"YSQ-2026-{n:06d}", due_on=dt.date(2026, 10, 20), subject=f"信息{n}"
        )
    first = page(staff_client, sort="tracking_number")
    assert len(_numbers_in_table(first)) == 50
    assert "第 1 / 2 页，共 52 件" in first
    assert 'href="?sort=tracking_number&amp;page=2"' in first
    second = page(staff_client, sort="tracking_number", page="2")
    assert _numbers_in_table(second) == ["YSQ-2026-000051", "YSQ-2026-000052"]
    assert "第 2 / 2 页" in page(staff_client, sort="tracking_number", page="999")


def _populate(n: int) -> None:
    for i in range(n):
        application = ApplicationFactory(
            due_on=dt.date(2026, 9, 28) + dt.timedelta(days=i % 20),
            status=[Status.PROCESSING, Status.CONSULTING, Status.AWAITING_FEE][i % 3],
            handler=UserFactory(role="依申请公开办理员"),
        )
        if i:
            application.related.add(Application.objects.order_by("pk").first())


def test_query_count_does_not_grow_with_rows(staff_client, on_sep_29, django_assert_num_queries):
    _populate(3)
    load_calendar()  # the calendar is loaded once per process, not per request
    # Session, user, 2 × permissions, site profile (context processor); counts (1), four
    # sections (4), table count + page (2), proactive hint (2), repeated hint (1).
    with django_assert_num_queries(15):
        page(staff_client)
    _populate(30)
    with django_assert_num_queries(15):
        page(staff_client, overdue="on", sort="-status")
