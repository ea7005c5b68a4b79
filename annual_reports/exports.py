"""XLSX of the report's tables (openpyxl): verbatim labels, merged cells as in the official
layout. One sheet per table (表二、表三、表四), or 统计数字 for a pre-2019 report."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from . import labels as L
from . import tables

CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
BOLD = Font(bold=True)


def _put(
    sheet: Worksheet,
    row: int,
    col: int,
    value,
    *,
    rowspan: int = 1,
    colspan: int = 1,
    bold: bool = False,
) -> None:
    cell = sheet.cell(row=row, column=col, value=value)
    cell.alignment = CENTRE
    if bold:
        cell.font = BOLD
    if rowspan > 1 or colspan > 1:
        sheet.merge_cells(
            start_row=row, start_column=col, end_row=row + rowspan - 1, end_column=col + colspan - 1
        )


def _table2(sheet: Worksheet, table2: dict) -> None:
    row = 1
    for block in table2["blocks"]:
        _put(sheet, row, 1, block["caption"], colspan=4, bold=True)
        row += 1
        _put(sheet, row, 1, L.CONTENT, bold=True)
        for i, column in enumerate(block["columns"], start=2):
            _put(sheet, row, i, column, bold=True)
        row += 1
        for line in block["rows"]:
            _put(sheet, row, 1, line["label"])
            for i, value in enumerate(line["values"], start=2):
                _put(sheet, row, i, value)
            row += 1
    sheet.column_dimensions["A"].width = 18
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 22


def _table3(sheet: Worksheet, table3: dict) -> None:
    _put(sheet, 1, 1, L.TABLE_3_CORNER, rowspan=3, colspan=3, bold=True)
    _put(sheet, 1, 4, L.APPLICANTS, colspan=7, bold=True)
    columns = table3["columns"]
    _put(sheet, 2, 4, columns[0], rowspan=2, bold=True)
    _put(sheet, 2, 5, L.ORGANISATIONS, colspan=5, bold=True)
    _put(sheet, 2, 10, columns[6], rowspan=2, bold=True)
    for i, column in enumerate(columns[1:6], start=5):
        _put(sheet, 3, i, column, bold=True)
    row = 4
    for line in tables.table3_layout(table3):
        col = 1
        for cell in line["cells"]:
            while _is_merged(sheet, row, col):
                col += 1
            _put(sheet, row, col, cell["text"], rowspan=cell["rowspan"], colspan=cell["colspan"])
            col += cell["colspan"]
        for i, value in enumerate(line["values"], start=4):
            _put(sheet, row, i, value)
        row += 1
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 40


def _is_merged(sheet: Worksheet, row: int, col: int) -> bool:
    return any(
        r.min_row <= row <= r.max_row and r.min_col <= col <= r.max_col
        for r in sheet.merged_cells.ranges
    )


def _table4(sheet: Worksheet, table4: dict) -> None:
    _put(sheet, 1, 1, L.RECONSIDERATION, colspan=5, bold=True)
    _put(sheet, 1, 6, L.LITIGATION, colspan=10, bold=True)
    for i, label in enumerate(L.RESULT_LABELS, start=1):
        _put(sheet, 2, i, label, rowspan=2, bold=True)
    _put(sheet, 2, 6, L.DIRECT_SUIT, colspan=5, bold=True)
    _put(sheet, 2, 11, L.SUIT_AFTER, colspan=5, bold=True)
    for offset in (6, 11):
        for i, label in enumerate(L.RESULT_LABELS):
            _put(sheet, 3, offset + i, label, bold=True)
    for i, value in enumerate(tables.table4_flat(table4), start=1):
        _put(sheet, 4, i, value)


def _counts(sheet: Worksheet, counts: dict) -> None:
    row = 1
    for label, value in counts.items():
        if isinstance(value, dict):
            for key, number in value.items():
                sheet.cell(row=row, column=1, value=f"{label}：{key}")
                sheet.cell(row=row, column=2, value=number)
                row += 1
        else:
            sheet.cell(row=row, column=1, value=label)
            sheet.cell(row=row, column=2, value=value)
            row += 1
    sheet.column_dimensions["A"].width = 40


def workbook_bytes(snapshot: dict) -> bytes:
    """The tables of a report snapshot as an XLSX file."""
    workbook = Workbook()
    data = snapshot["tables"]
    first = workbook.active
    if "counts" in data:
        first.title = "统计数字"
        _counts(first, data["counts"])
    else:
        first.title = "表二 主动公开"
        _table2(first, data["table2"])
        _table3(workbook.create_sheet("表三 依申请公开"), data["table3"])
        _table4(workbook.create_sheet("表四 复议诉讼"), data["table4"])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
