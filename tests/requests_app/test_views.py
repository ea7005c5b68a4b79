"""The public 答复期限计算器 page and ``GET /api/v1/deadline``."""

import pytest
from django.urls import reverse

from .factories_calendar import CalendarYearFactory

CALCULATOR = "/ysqgk/calculator/"
API = "/api/v1/deadline"
NO_2027 = "2027年的节假日安排尚未发布，无法计算期限，请在工作日历中录入该年度安排"


@pytest.fixture
def page(client, calendar_db):
    def get(**params):
        response = client.get(CALCULATOR, params)
        assert response.status_code == 200
        return response.content.decode()

    return get


# --- The page ---------------------------------------------------------------------------------


def test_urls_are_the_public_ones():
    assert reverse("requests_app:deadline-calculator") == CALCULATOR
    assert reverse("requests_api:deadline") == API


def test_empty_calculator_shows_the_form_without_errors(page):
    html = page()
    assert html.count("<h1>") == 1
    assert "答复期限计算器" in html
    assert 'name="start"' in html and 'name="extension"' in html
    assert "计算结果" not in html
    assert "无法计算答复期限" not in html


def test_calculator_shows_the_due_date_and_explains_it(page):
    # calendar.md §6: R = 2019-09-27 → 2019-10-30 (国庆 2019).
    html = page(start="2019-09-27", extension="0")
    assert "2019年10月30日（星期三）" in html
    assert "20个工作日（法定期限20个工作日 + 延长0个工作日）" in html
    assert "第三十三条" in html
    assert "收到申请之日当日不计入" in html
    # Day 1 is the make-up Sunday 2019-09-29.
    assert "2019年9月29日（星期日）" in html


def test_calculator_with_extension(page):
    html = page(start="2019-09-27", extension="20")
    assert "2019年11月27日" in html
    assert "40个工作日（法定期限20个工作日 + 延长20个工作日）" in html
    assert "负责人同意" in html


def test_calculator_follows_the_counting_setting(page, settings):
    settings.REQUESTS_COUNT_START_DAY = True
    html = page(start="2019-09-27")
    assert "2019年10月29日" in html
    assert "当日计为第1个工作日" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-02-30"}, "日期无效"),
        ({"start": "30/01/2026"}, "日期无效"),
        ({"start": ""}, "请填写收到申请之日"),
        ({"start": "2026-03-02", "extension": "21"}, "延长的期限最长不得超过20个工作日"),
        ({"start": "2026-03-02", "extension": "-1"}, "不能为负数"),
        ({"start": "2026-03-02", "extension": "五"}, "请填写 0 至 20 之间的整数"),
    ],
)
def test_calculator_bad_input_gives_field_errors_and_keeps_the_input(page, params, message):
    html = page(**params)
    assert message in html
    assert "计算结果" not in html
    for value in params.values():
        if value:
            assert f'value="{value}"' in html


def test_calculator_refuses_a_deadline_in_2027(page):
    html = page(start="2027-03-01")
    assert NO_2027 in html
    assert 'value="2027-03-01"' in html
    assert "计算结果" not in html
    # calendar.md §6: from 2026-12-15 the 20th working day would be in 2027.
    assert NO_2027 in page(start="2026-12-15")


def test_calculator_warns_when_late_december_may_still_change(page):
    # R = 2026-11-30 → 2026-12-28, and the 2027 notice is not loaded yet.
    html = page(start="2026-11-30")
    assert "2026年12月28日" in html
    assert "元旦前后的调休安排可能使该期限发生变化" in html
    assert "可能使该期限发生变化" not in page(start="2026-09-18")


def test_calculator_answers_only_get(client, calendar_db):
    assert client.post(CALCULATOR, {"start": "2026-03-02"}).status_code == 405


# --- The API ----------------------------------------------------------------------------------


@pytest.fixture
def api(client, calendar_db):
    def get(expected_status, **params):
        response = client.get(API, params)
        assert response.status_code == expected_status
        assert response["Content-Type"] == "application/json"
        # Chinese is sent as UTF-8, not as \\u escapes.
        assert b"\\u" not in response.content
        return response.json()

    return get


def test_api_returns_the_deadline(api):
    assert api(200, start="2026-02-13") == {
        "start": "2026-02-13",
        "due": "2026-03-19",
        "working_days": 20,
    }


def test_api_with_extension(api):
    assert api(200, start="2019-09-27", extension="20") == {
        "start": "2019-09-27",
        "due": "2019-11-27",
        "working_days": 40,
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "参数 start（收到申请之日）：请填写收到申请之日"),
        ({"start": "2026-13-01"}, "参数 start（收到申请之日）：日期无效"),
        ({"start": "tomorrow"}, "日期无效"),
        (
            {"start": "2026-03-02", "extension": "21"},
            "参数 extension（延长答复期限（工作日））：延长的期限最长不得超过20个工作日",
        ),
        ({"start": "2026-03-02", "extension": "-3"}, "不能为负数"),
        ({"start": "2026-03-02", "extension": "1.5"}, "请填写 0 至 20 之间的整数"),
        ({"start": "2027-01-05"}, NO_2027),
        ({"start": "2026-12-15"}, NO_2027),
        ({"start": "1999-06-01"}, "1999年的节假日安排未录入工作日历"),
    ],
)
def test_api_bad_input_is_a_400_with_a_chinese_error(api, params, message):
    body = api(400, **params)
    assert list(body) == ["error"]
    assert message in body["error"]


def test_api_computes_into_2027_once_the_year_is_loaded(api):
    from requests_app.services import calendar_year_fill

    calendar_year_fill(calendar_year=CalendarYearFactory(year=2027))
    year = CalendarYearFactory(year=2027)
    year.is_complete = True
    year.save()
    # Plain weekdays in this test's 2027 (no holidays entered): from Tue 2027-01-05,
    # 01-06…08 1–3, 11–15 4–8, 18–22 9–13, 25–29 14–18, 02-01 19, 02-02 20.
    assert api(200, start="2027-01-05")["due"] == "2027-02-02"
