"""CSV and XLSX exports of the dashboard table (/staff/ysqgk/export.csv, export.xlsx)."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from requests_app.exports import HEADERS
from requests_app.models import Application, Channel, Outcome
from tests.factories import UserFactory

from .factories import ApplicationFactory

CSV = "/staff/ysqgk/export.csv"
XLSX = "/staff/ysqgk/export.xlsx"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def staff_client(client, calendar_db):
    with time_machine.travel(dt.datetime(2026, 9, 29, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        client.force_login(UserFactory(role="依申请公开办理员"))
        yield client


@pytest.fixture
def applications(staff_client):
    overdue = ApplicationFactory(
        tracking_number="YSQ-2026-000001",
        name="张三丰",
        phone="13912345678",
        channel=Channel.LETTER,
        due_on=dt.date(2026, 9, 28),
        document_number="辽文发〔2025〕3号",
        submitted_at=dt.datetime(2026, 8, 28, 9, 5, tzinfo=SHANGHAI),
        received_on=dt.date(2026, 8, 31),
    )
    answered = ApplicationFactory(
        tracking_number="YSQ-2026-000002",
        name="李四",
        answered=True,
        outcome=Outcome.PARTIAL,
        due_on=dt.date(2026, 3, 30),
        answered_on=dt.date(2026, 3, 20),
        subject='=HYPERLINK("http://evil.example")',
    )
    return overdue, answered


def test_urls():
    assert reverse("requests_staff:export-csv") == CSV
    assert reverse("requests_staff:export-xlsx") == XLSX


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_exports_need_the_handling_permission(client, editor, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    client.force_login(editor)
    assert client.get(url).status_code == 403


def _csv(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_contents(staff_client, applications):
    overdue, answered = applications
    response = staff_client.get(CSV, {"sort": "tracking_number"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="ysqgk-applications-20260929.csv"'
    )
    rows = _csv(response)
    assert (
        rows[0]
        == HEADERS
        == [
            "申请编号",
            "提交渠道",
            "申请人类型",
            "申请人（脱敏）",
            "所需信息",
            "提交时间",
            "收到申请之日",
            "答复期限",
            "状态",
            "办理结果（表三行）",
            "答复日期",
            "逾期",
        ]
    )
    assert rows[1] == [
        "YSQ-2026-000001",
        "平常信函",
        "自然人",
        "张**",
        "2025年度文化惠民演出项目资金安排情况（辽文发〔2025〕3号）",
        "2026-08-28 09:05",
        "2026-08-31",
        "2026-09-28",
        "办理中",
        "",
        "",
        "是",
    ]
    assert rows[2][0] == "YSQ-2026-000002"
    assert rows[2][3] == "李*"
    assert rows[2][4] == '\'=HYPERLINK("http://evil.example")'  # formula neutralised
    assert rows[2][8:] == ["已答复", "（二）部分公开", "2026-03-20", "否"]
    assert len(rows) == 3


def test_exports_contain_no_personal_data(staff_client, applications):
    overdue, _ = applications
    for url in (CSV, XLSX):
        response = staff_client.get(url)
        if url == CSV:
            text = response.content.decode("utf-8-sig")
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
            text = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
        assert overdue.id_number not in text
        assert overdue.id_number[-4:] not in text
        assert "张三丰" not in text and "13912345678" not in text and overdue.email not in text


def test_csv_uses_the_dashboard_filters(staff_client, applications):
    rows = _csv(staff_client.get(CSV, {"overdue": "on"}))
    assert [row[0] for row in rows[1:]] == ["YSQ-2026-000001"]
    rows = _csv(staff_client.get(CSV, {"status": Application.Status.ANSWERED.value}))
    assert [row[0] for row in rows[1:]] == ["YSQ-2026-000002"]


def test_bad_filters_in_exports_are_ignored(staff_client, applications):
    response = staff_client.get(CSV, {"status": "nope", "year": "x", "sort": "evil"})
    assert response.status_code == 200
    assert len(_csv(response)) == 3


def test_xlsx_contents(staff_client, applications):
    response = staff_client.get(XLSX, {"sort": "tracking_number"})
    assert response.status_code == 200
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert (
        response["Content-Disposition"] == 'attachment; filename="ysqgk-applications-20260929.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["E"].width == 48
    assert sheet.freeze_panes == "A2"
    first = rows[1]
    assert first[0] == "YSQ-2026-000001" and first[3] == "张**"
    assert first[5] == dt.datetime(2026, 8, 28, 9, 5, tzinfo=SHANGHAI).replace(
        tzinfo=None
    )  # a real date-time cell, local time
    assert first[6].date() == dt.date(2026, 8, 31)  # openpyxl reads dates back as datetimes
    assert sheet["G2"].is_date and sheet["G2"].number_format == "yyyy-mm-dd"
    assert first[11] == "是"
    second = rows[2]
    assert second[4] == '\'=HYPERLINK("http://evil.example")'
    assert sheet["E3"].data_type == "s"  # text, never a formula
    assert second[9] == "（二）部分公开" and second[10].date() == dt.date(2026, 3, 20)
    assert len(rows) == 3


def test_empty_export_has_the_header_only(staff_client):
    assert _csv(staff_client.get(CSV)) == [HEADERS]
    sheet = openpyxl.load_workbook(io.BytesIO(staff_client.get(XLSX).content)).active
    assert sheet.max_row == 1
