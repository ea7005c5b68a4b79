"""Pure table builders (表格计算) of the annual report: plain records in, plain dicts out.

No database, no clock, no settings: `selectors.py` reads the records, this module classifies
them, builds tables 二, 三 and 四 with the verbatim labels of `labels.py`, lays them out with the
official row and column spans, and checks the identities (勾稽关系) of
`shared/domain/annual_report.md` §6.

A table is a JSON-friendly dict (it is stored as the report's frozen snapshot):

- table 二: ``{"blocks": [{"caption", "columns", "entered", "rows": [{"label", "values"}]}]}``
- table 三: ``{"columns": [...7 labels], "rows": [{"code", "label", "group", "values"}]}``
- table 四: ``{"groups": [{"label", "parent", "values": [5 numbers]}]}``
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from requests_app.models import Outcome, Remedy

from . import labels as L
from .formats import ReportFormat

Number = int | float


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# =============================================================================================
# Table 三: applications
# =============================================================================================


@dataclass(frozen=True)
class ApplicationRecord:
    """What table 三 needs of an application. `finished_on` is the 答复日期, else the
    终止/撤回日期."""

    pk: int
    reference: str  # 申请编号 (or a placeholder)
    subject: str
    applicant_type: str
    received_on: dt.date | None
    finished_on: dt.date | None
    outcome: str
    is_open: bool


@dataclass(frozen=True)
class Flow:
    """Where one application counts in table 三 of a year."""

    new: bool
    carried_in: bool
    outcome_row: str | None  # the row code among the 办理结果 rows
    carried_out: bool

    @property
    def balance(self) -> int:
        """(一 + 二) − (（七）+ 四) for this application; non-zero breaks the identity."""
        return (
            int(self.new)
            + int(self.carried_in)
            - int(bool(self.outcome_row))
            - int(self.carried_out)
        )


def outcome_rows(fmt: ReportFormat) -> list[tuple[str, str, str | None]]:
    """(row code, label, group label) of the 办理结果 rows, in order, without （七）.

    2021: （六）1–3 are rows; 2019 试行: （六）其他处理 is one row, code "6"."""
    rows: list[tuple[str, str, str | None]] = [
        (Outcome.DISCLOSED.value, L.GROUP_LABELS["1"], None),
        (Outcome.PARTIAL.value, L.GROUP_LABELS["2"], None),
    ]
    for group in ("3", "4", "5", "6"):
        if group == "6" and fmt == ReportFormat.F2019:
            rows.append(("6", L.GROUP_LABELS["6"], None))
            continue
        rows += [
            (o.value, L.SUB_LABELS[o], L.GROUP_LABELS[group]) for o in Outcome if o.group == group
        ]
    return rows


def outcome_row_code(outcome: str, fmt: ReportFormat) -> str:
    if fmt == ReportFormat.F2019 and outcome.startswith("6"):
        return "6"
    return outcome


def classify(record: ApplicationRecord, year: int, fmt: ReportFormat = ReportFormat.F2021) -> Flow:
    """Count an application for `year`:

    - 一 本年新收: received in the year (an application never confirmed as received — status
      待确认收到, no 收到申请之日 — is not received);
    - 二 上年结转: received before the year and not finished before it;
    - 三 办理结果: its outcome row, when it was finished (answered or closed) in the year;
    - 四 结转下年度: received by the year's end and not finished by then.
    """
    start, end = year_bounds(year)
    received, finished = record.received_on, record.finished_on
    new = received is not None and start <= received <= end
    carried_in = (
        received is not None and received < start and (finished is None or finished >= start)
    )
    outcome_row = None
    if record.outcome and finished is not None and start <= finished <= end:
        outcome_row = outcome_row_code(record.outcome, fmt)
    carried_out = received is not None and received <= end and (finished is None or finished > end)
    return Flow(new, carried_in, outcome_row, carried_out)


ROW_NEW, ROW_CARRIED_IN, ROW_TOTAL, ROW_CARRIED_OUT = "new", "carried_in", "total", "carried_out"


def cell_codes(flow: Flow) -> list[str]:
    """The row codes where an application with this flow is counted."""
    codes = []
    if flow.new:
        codes.append(ROW_NEW)
    if flow.carried_in:
        codes.append(ROW_CARRIED_IN)
    if flow.outcome_row:
        codes += [flow.outcome_row, ROW_TOTAL]
    if flow.carried_out:
        codes.append(ROW_CARRIED_OUT)
    return codes


def row_codes(fmt: ReportFormat) -> list[str]:
    return [
        ROW_NEW,
        ROW_CARRIED_IN,
        *(c for c, _l, _g in outcome_rows(fmt)),
        ROW_TOTAL,
        ROW_CARRIED_OUT,
    ]


def column_index(applicant_type: str) -> int:
    for index, (kind, _label) in enumerate(L.APPLICANT_COLUMNS):
        if kind is not None and kind == applicant_type:
            return index
    return L.COLUMN_LABELS.index("其他")  # unknown types count as 其他 (defensive)


def column_code_matches(column_code: str, applicant_type: str) -> bool:
    if column_code == "total":
        return True
    return L.COLUMN_LABELS[column_index(applicant_type)] == _column_label(column_code)


def _column_label(column_code: str) -> str:
    for label, code in L.COLUMN_CODES.items():
        if code == column_code:
            return label
    raise KeyError(column_code)


def build_table3(
    records: Iterable[ApplicationRecord], year: int, fmt: ReportFormat = ReportFormat.F2021
) -> dict:
    """Table 三 from application records: 7 numeric columns; （七） and 总计 are sums."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    for record in records:
        flow = classify(record, year, fmt)
        column = column_index(record.applicant_type)
        for code in cell_codes(flow):
            counts[code][column] += 1
    rows = [{"code": ROW_NEW, "label": L.ROW_NEW, "group": None}]
    rows.append({"code": ROW_CARRIED_IN, "label": L.ROW_CARRIED_IN, "group": None})
    rows += [{"code": c, "label": label, "group": g} for c, label, g in outcome_rows(fmt)]
    rows.append({"code": ROW_TOTAL, "label": L.ROW_TOTAL, "group": None})
    rows.append({"code": ROW_CARRIED_OUT, "label": L.ROW_CARRIED_OUT, "group": None})
    for row in rows:
        values = list(counts[row["code"]])
        row["values"] = [*values, sum(values)]
    return {"columns": list(L.COLUMN_LABELS), "rows": rows}


def _row(table3: Mapping, code: str) -> list[Number]:
    return next(r["values"] for r in table3["rows"] if r["code"] == code)


def table3_identities(table3: Mapping) -> list[str]:
    """The identities of table 三, each violation as a Chinese sentence."""
    problems = []
    columns = table3["columns"]
    rows = table3["rows"]
    result_rows = [
        r for r in rows if r["code"] not in (ROW_NEW, ROW_CARRIED_IN, ROW_TOTAL, ROW_CARRIED_OUT)
    ]
    new, carried_in = _row(table3, ROW_NEW), _row(table3, ROW_CARRIED_IN)
    total, carried_out = _row(table3, ROW_TOTAL), _row(table3, ROW_CARRIED_OUT)
    for i, column in enumerate(columns):
        left, right = new[i] + carried_in[i], total[i] + carried_out[i]
        if left != right:
            problems.append(
                f"表三“{column}”列：一（{new[i]}）+ 二（{carried_in[i]}）= {left}，"
                f"不等于三（七）总计（{total[i]}）+ 四（{carried_out[i]}）= {right}。"
            )
        summed = sum(r["values"][i] for r in result_rows)
        if summed != total[i]:
            problems.append(
                f"表三“{column}”列：（七）总计为{total[i]}，但各项办理结果之和为{summed}。"
            )
    for row in rows:
        *parts, row_total = row["values"]
        if sum(parts) != row_total:
            problems.append(
                f"表三“{row['label']}”行：总计为{row_total}，但各类申请人之和为{sum(parts)}。"
            )
    return problems


@dataclass(frozen=True)
class Culprit:
    """An application that breaks 一 + 二 = （七）+ 四, and why."""

    pk: int
    reference: str
    subject: str
    column: str
    reason: str


def diagnose(
    records: Iterable[ApplicationRecord], year: int, fmt: ReportFormat = ReportFormat.F2021
) -> list[Culprit]:
    """Name the applications whose own balance (一 + 二 − （七）− 四) is not zero: exactly the
    ones that make the column identity fail."""
    start, end = year_bounds(year)
    culprits = []
    for record in records:
        flow = classify(record, year, fmt)
        if flow.balance == 0:
            continue
        culprits.append(
            Culprit(
                record.pk,
                record.reference,
                record.subject,
                L.COLUMN_LABELS[column_index(record.applicant_type)],
                _reason(record, flow, start, end),
            )
        )
    return culprits


def _reason(record: ApplicationRecord, flow: Flow, start: dt.date, end: dt.date) -> str:
    received, finished = record.received_on, record.finished_on
    if received is None:
        return "已在本年答复或办结，但没有“收到申请之日”（未确认收到），未计入本年新收或上年结转"
    if received > end:
        return f"已在本年办结（{finished}），但收到申请之日（{received}）晚于本年度，未计入本年新收"
    if finished is not None and finished < received:
        return f"答复/终止日期（{finished}）早于收到申请之日（{received}）"
    if finished is not None and not record.outcome:
        return f"已于{finished}答复或办结，但未填写办理结果"
    if flow.balance > 0:
        return "已计入收到的申请，但既未计入本年办理结果，也未结转下年度"
    return "计入了本年办理结果，但未计入本年新收或上年结转"


def record_anomalies(records: Iterable[ApplicationRecord], year: int) -> list[Culprit]:
    """Records that do not break a sum but contradict themselves: an outcome recorded on an
    application still open (it is counted as 结转下年度, not in its outcome row)."""
    start, end = year_bounds(year)
    found = []
    for record in records:
        if record.outcome and record.is_open and record.finished_on is None:
            if record.received_on and record.received_on <= end:
                found.append(
                    Culprit(
                        record.pk,
                        record.reference,
                        record.subject,
                        L.COLUMN_LABELS[column_index(record.applicant_type)],
                        "已填写办理结果，但申请仍处于办理状态且没有答复日期，计为结转下年度",
                    )
                )
    return found


def table3_layout(table3: Mapping) -> list[dict]:
    """Rows with their label cells (text, rowspan, colspan) over the three label columns, as
    in the official table: 三、本年度办理结果 spans the result rows and （七）; each group label
    of （三）–（六） spans its sub-rows."""
    rows = table3["rows"]
    first_result = 2
    result_span = len(rows) - 3  # all rows but 一, 二 and 四
    group_sizes = Counter(r["group"] for r in rows if r["group"])
    laid_out, seen_groups = [], set()
    for index, row in enumerate(rows):
        cells = []
        if row["code"] in (ROW_NEW, ROW_CARRIED_IN, ROW_CARRIED_OUT):
            cells.append({"text": row["label"], "rowspan": 1, "colspan": 3})
        else:
            if index == first_result:
                cells.append({"text": L.ROW_RESULTS, "rowspan": result_span, "colspan": 1})
            if row["group"]:
                if row["group"] not in seen_groups:
                    seen_groups.add(row["group"])
                    cells.append(
                        {"text": row["group"], "rowspan": group_sizes[row["group"]], "colspan": 1}
                    )
                cells.append({"text": row["label"], "rowspan": 1, "colspan": 1})
            else:
                cells.append({"text": row["label"], "rowspan": 1, "colspan": 2})
        laid_out.append({"code": row["code"], "cells": cells, "values": row["values"]})
    return laid_out


# =============================================================================================
# Table 四: 行政复议 and 行政诉讼
# =============================================================================================


@dataclass(frozen=True)
class RemedyRecord:
    kind: str
    filed_on: dt.date
    result: str
    decided_on: dt.date | None


REMEDY_GROUPS = (
    (Remedy.Kind.RECONSIDERATION, L.RECONSIDERATION, None),
    (Remedy.Kind.DIRECT_SUIT, L.DIRECT_SUIT, L.LITIGATION),
    (Remedy.Kind.SUIT_AFTER_RECONSIDERATION, L.SUIT_AFTER, L.LITIGATION),
)
RESULT_ORDER = (
    Remedy.Result.UPHELD,
    Remedy.Result.CORRECTED,
    Remedy.Result.OTHER,
    Remedy.Result.PENDING,
)


def result_at_year_end(record: RemedyRecord, year: int) -> str:
    """A case decided after the year's end (or not at all) was 尚未审结 on 12-31."""
    _start, end = year_bounds(year)
    if record.decided_on is None or record.decided_on > end:
        return Remedy.Result.PENDING
    return record.result


def build_table4(records: Iterable[RemedyRecord], year: int) -> dict:
    """Table 四 from the remedies filed in `year`."""
    start, end = year_bounds(year)
    counts: Counter = Counter()
    for record in records:
        if start <= record.filed_on <= end:
            counts[(record.kind, result_at_year_end(record, year))] += 1
    groups = []
    for kind, label, parent in REMEDY_GROUPS:
        values = [counts[(kind, result)] for result in RESULT_ORDER]
        groups.append({"label": label, "parent": parent, "values": [*values, sum(values)]})
    return {"groups": groups}


def table4_identities(table4: Mapping) -> list[str]:
    problems = []
    for group in table4["groups"]:
        *parts, total = group["values"]
        if sum(parts) != total:
            name = f"{group['parent']}（{group['label']}）" if group["parent"] else group["label"]
            problems.append(
                f"表四“{name}”：总计为{total}，但结果维持、结果纠正、其他结果、尚未审结之和为{sum(parts)}。"
            )
    return problems


def table4_flat(table4: Mapping) -> list[Number]:
    """The one data row of 15 numbers."""
    return [v for group in table4["groups"] for v in group["values"]]


# =============================================================================================
# Table 二: proactive disclosure
# =============================================================================================


@dataclass(frozen=True)
class DocumentRecord:
    """A published 规章 or 行政规范性文件. `issued_on` is the date that defines 本年制发 (setting
    `ANNUAL_REPORT_ISSUED_DATE_FIELD`)."""

    regulatory_class: str
    issued_on: dt.date | None
    written_on: dt.date | None
    published_on: dt.date | None
    in_force: bool  # validity 有效 or 已修改 now
    ended_on: dt.date | None  # 废止/失效 date, when ended


def _in(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def _in_force_at(record: DocumentRecord, day: dt.date) -> bool:
    if record.published_on is None or record.published_on > day:
        return False
    return record.in_force or (record.ended_on is not None and record.ended_on > day)


def computed_block(records: list[DocumentRecord], year: int, fmt: ReportFormat) -> list[list[int]]:
    """第二十条第（一）项: one row per class (规章, 规范性文件), three numbers each."""
    from disclosure.models import Document  # choices only; no query

    start, end = year_bounds(year)
    rows = []
    for klass in (Document.RegulatoryClass.RULE, Document.RegulatoryClass.NORMATIVE):
        mine = [r for r in records if r.regulatory_class == klass]
        if fmt == ReportFormat.F2019:
            rows.append(
                [
                    sum(_in(r.written_on, start, end) for r in mine),
                    sum(_in(r.published_on, start, end) for r in mine),
                    sum(r.published_on is not None and r.published_on <= end for r in mine),
                ]
            )
        else:
            rows.append(
                [
                    sum(_in(r.issued_on, start, end) for r in mine),
                    sum(not r.in_force and _in(r.ended_on, start, end) for r in mine),
                    sum(_in_force_at(r, end) for r in mine),
                ]
            )
    return rows


def parse_figure(value) -> Number:
    """An entered figure as a number (int when whole); blank is 0."""
    if value in (None, ""):
        return 0
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return 0
    return int(number) if number == number.to_integral_value() else float(number)


def entered_key(caption: str, row: str, column: str) -> str:
    """The key of an entered figure in `AnnualReport.entered_figures`."""
    return f"{caption}|{row}|{column}"


def build_table2(
    records: Iterable[DocumentRecord], year: int, fmt: ReportFormat, entered: Mapping[str, object]
) -> dict:
    blocks_spec = L.TABLE_2_2019 if fmt == ReportFormat.F2019 else L.TABLE_2_2021
    records = list(records)
    blocks = []
    for spec in blocks_spec:
        if spec.entered:
            values = [
                [
                    parse_figure(entered.get(entered_key(spec.caption, row, col)))
                    for col in spec.columns
                ]
                for row in spec.rows
            ]
        else:
            values = computed_block(records, year, fmt)
        blocks.append(
            {
                "caption": spec.caption,
                "columns": list(spec.columns),
                "entered": spec.entered,
                "rows": [
                    {"label": row, "values": v} for row, v in zip(spec.rows, values, strict=True)
                ],
            }
        )
    return {"blocks": blocks}


def missing_entered(fmt: ReportFormat, entered: Mapping[str, object]) -> list[str]:
    """Entered cells left blank (shown to staff as a reminder; they count as 0)."""
    blocks = L.TABLE_2_2019 if fmt == ReportFormat.F2019 else L.TABLE_2_2021
    return [
        f"{b.caption} {row} {col}"
        for b in blocks
        if b.entered
        for row in b.rows
        for col in b.columns
        if entered.get(entered_key(b.caption, row, col)) in (None, "")
    ]


# =============================================================================================
# Pre-2019: the counts block
# =============================================================================================


def build_counts(
    *,
    published: int,
    records: Iterable[ApplicationRecord],
    channels: Mapping[int, str],
    remedies: Iterable[RemedyRecord],
    year: int,
    channel_labels: Mapping[str, str],
) -> dict:
    """The statistics of a 2007-regime report: documents published, applications received by
    channel, outcomes in the 2007 vocabulary (interpretive), remedies filed."""
    start, end = year_bounds(year)
    records = list(records)
    received = [r for r in records if _in(r.received_on, start, end)]
    by_channel = Counter(channel_labels.get(channels.get(r.pk, ""), "其他") for r in received)
    finished = [r for r in records if r.outcome and _in(r.finished_on, start, end)]
    by_outcome = {
        label: sum(r.outcome in codes for r in finished) for label, codes in L.OUTCOME_2007
    }
    remedies = [r for r in remedies if start <= r.filed_on <= end]
    return {
        L.COUNTS_PUBLISHED: published,
        L.COUNTS_RECEIVED: len(received),
        L.COUNTS_BY_CHANNEL: dict(by_channel.most_common()),
        L.COUNTS_BY_OUTCOME: {k: v for k, v in by_outcome.items() if v},
        L.COUNTS_RECONSIDERATION: sum(r.kind == Remedy.Kind.RECONSIDERATION for r in remedies),
        L.COUNTS_LITIGATION: sum(r.kind != Remedy.Kind.RECONSIDERATION for r in remedies),
    }


# =============================================================================================
# JSON shape for scripts: rows keyed by verbatim labels
# =============================================================================================


def table2_as_json(table2: Mapping) -> dict:
    return {
        block["caption"]: {
            row["label"]: dict(zip(block["columns"], row["values"], strict=True))
            for row in block["rows"]
        }
        for block in table2["blocks"]
    }


def table3_as_json(table3: Mapping) -> dict:
    """{row label: {column label: n}}; the sub-rows of （三）–（六） nest under their group
    label (their own labels repeat across groups), all under 三、本年度办理结果."""
    columns = table3["columns"]
    out: dict = {}
    results: dict = {}
    for row in table3["rows"]:
        cells = dict(zip(columns, row["values"], strict=True))
        if row["code"] in (ROW_NEW, ROW_CARRIED_IN, ROW_CARRIED_OUT):
            if row["code"] == ROW_CARRIED_OUT:
                out[L.ROW_RESULTS] = results
            out[row["label"]] = cells
        elif row["group"]:
            results.setdefault(row["group"], {})[row["label"]] = cells
        else:
            results[row["label"]] = cells
    return out


def table4_as_json(table4: Mapping) -> dict:
    out: dict = {}
    for group in table4["groups"]:
        cells = dict(zip(L.RESULT_LABELS, group["values"], strict=True))
        if group["parent"]:
            out.setdefault(group["parent"], {})[group["label"]] = cells
        else:
            out[group["label"]] = cells
    return out
