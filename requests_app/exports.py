"""Exports of the dashboard table (导出): CSV and XLSX, same rows and filters as the table.

Privacy choice: an export leaves the system — it is mailed, printed, copied to USB sticks — so
it carries the applicant's **masked** name only, never an ID number, phone, e-mail or address.
Staff who need a person's details open the application in the admin, where access is checked
and recorded.

Both formats defend against spreadsheet formula injection: a citizen-typed text starting with
``= + - @`` (or a tab/CR) is prefixed with an apostrophe so Excel/WPS show it as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .dashboard import is_overdue
from .models import Application
from .permissions import mask_name

#: (header, XLSX column width in characters)
COLUMNS: list[tuple[str, int]] = [
    ("申请编号", 18),
    ("提交渠道", 16),
    ("申请人类型", 12),
    ("申请人（脱敏）", 14),
    ("所需信息", 48),
    ("提交时间", 18),
    ("收到申请之日", 14),
    ("答复期限", 12),
    ("状态", 12),
    ("办理结果（表三行）", 40),
    ("答复日期", 12),
    ("逾期", 6),
]
HEADERS = [header for header, _ in COLUMNS]

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Cell = str | dt.date | dt.datetime | None


def safe_text(value: str) -> str:
    """Neutralise spreadsheet formulas in free text (CSV/formula injection)."""
    return f"'{value}" if value.startswith(_FORMULA_PREFIXES) else value


def _information(application: Application) -> str:
    if application.document_number:
        return f"{application.subject}（{application.document_number}）"
    return application.subject


def application_row(application: Application, *, today: dt.date) -> list[Cell]:
    """One export row; dates stay dates (the CSV writer formats them)."""
    return [
        application.tracking_number or "",
        application.get_channel_display(),
        application.get_applicant_type_display(),
        safe_text(mask_name(application.name)),
        safe_text(_information(application)),
        timezone.localtime(application.submitted_at).replace(tzinfo=None, microsecond=0),
        application.received_on,
        application.due_on,
        application.get_status_display(),
        application.get_outcome_display() if application.outcome else "",
        application.answered_on,
        "是" if is_overdue(application, today=today) else "否",
    ]


def export_rows(applications: Iterable[Application], *, today: dt.date) -> Iterator[list[Cell]]:
    for application in applications:
        yield application_row(application, today=today)


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return value


def write_csv(rows: Iterable[list[Cell]]) -> bytes:
    """UTF-8 with BOM (Excel on Chinese Windows then opens it without mojibake), CRLF lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(rows: Iterable[list[Cell]], *, title: str = "依申请公开申请") -> bytes:
    """An XLSX workbook: bold frozen header, column widths, real date cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(HEADERS)
    bold = Font(bold=True)
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).font = bold
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
