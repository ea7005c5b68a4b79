"""Building and publishing the annual report (年度报告的生成与发布). Every write to
`AnnualReport` goes through these functions; admin, the demo and tests call them.

Workflow: create the report for a year → edit the texts and entered figures → 生成/更新年报文档
(renders the report, from a snapshot of the live tables, into a draft `Document` of the
年报 column through `disclosure.services`) → 送审 → a reviewer publishes. Publishing is refused
while an identity (勾稽关系) of the tables fails, or when the data or texts changed since the
document was generated; on publication the snapshot is frozen.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from disclosure import services as disclosure
from disclosure.models import Column, Document
from integrity.checks import sanitize_html
from portal.models import Organisation

from . import labels as L
from . import selectors, tables
from .formats import ReportFormat, format_for_year
from .models import AnnualReport

DEFAULT_COLUMN_SLUG = "gknb"


# =============================================================================================
# Building (read only)
# =============================================================================================


@dataclass
class ReportData:
    """The computed report of an organisation and year: tables, identity violations (each
    naming the applications that cause it), non-blocking warnings and generated texts."""

    organisation: str
    year: int
    format: ReportFormat
    tables: dict
    violations: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    suggested_overview: str = ""
    suggested_other: str = ""

    @property
    def snapshot(self) -> dict:
        """What is frozen at publication."""
        return {
            "organisation": self.organisation,
            "year": self.year,
            "format": self.format.value,
            "tables": self.tables,
        }

    def as_json(self) -> dict:
        """For scripts: each table as rows keyed by verbatim labels, plus the violations."""
        return snapshot_as_json(self.snapshot) | {
            "violations": [
                {"message": v["message"], "applications": v["applications"]}
                for v in self.violations
            ],
        }


def snapshot_as_json(snapshot: dict) -> dict:
    data = snapshot["tables"]
    out = {
        "organisation": snapshot["organisation"],
        "year": snapshot["year"],
        "format": snapshot["format"],
    }
    if "counts" in data:
        out["统计数字"] = data["counts"]
    else:
        out[L.SECTIONS_2021[1]] = tables.table2_as_json(data["table2"])
        out[L.SECTIONS_2021[2]] = tables.table3_as_json(data["table3"])
        out[L.SECTIONS_2021[3]] = tables.table4_as_json(data["table4"])
    return out


def _culprit_dict(culprit: tables.Culprit) -> dict:
    return {
        "id": culprit.pk,
        "reference": culprit.reference,
        "subject": culprit.subject,
        "column": culprit.column,
        "reason": culprit.reason,
    }


def build_report(
    organisation: Organisation,
    year: int,
    *,
    fmt: ReportFormat | None = None,
    entered: dict | None = None,
) -> ReportData:
    """Compute the report of `organisation` for `year` from live data."""
    fmt = fmt or format_for_year(year)
    scope = selectors.organisation_scope(organisation)
    records = selectors.application_records(scope, year)
    remedies = selectors.remedy_records(scope, year)
    published = selectors.documents_published_in(scope, year)
    fees = selectors.fees_paid_in(scope, year)
    data = ReportData(organisation=organisation.name, year=year, format=fmt, tables={})
    if fmt == ReportFormat.FREE:
        data.tables = {
            "counts": tables.build_counts(
                published=published,
                records=records,
                channels=selectors.application_channels(scope, year),
                remedies=remedies,
                year=year,
                channel_labels=selectors.channel_labels(),
            )
        }
        data.suggested_overview = _free_overview(organisation, year, data.tables["counts"])
        data.suggested_other = _fees_sentence(year, fees)
        return data

    table3 = tables.build_table3(records, year, fmt)
    table4 = tables.build_table4(remedies, year)
    table2 = tables.build_table2(selectors.document_records(scope), year, fmt, entered or {})
    data.tables = {"table2": table2, "table3": table3, "table4": table4}
    data.violations = _violations(table3, table4, tables.diagnose(records, year, fmt))
    data.warnings = [
        {"message": f"申请{c.reference}：{c.reason}。", "applications": [_culprit_dict(c)]}
        for c in tables.record_anomalies(records, year)
    ] + [
        {"message": f"表二“{cell}”尚未填报，按0计。", "applications": []}
        for cell in tables.missing_entered(fmt, entered or {})
    ]
    data.suggested_overview = _overview(organisation, year, published, table3, table4)
    data.suggested_other = _fees_sentence(year, fees)
    return data


def _violations(table3: dict, table4: dict, culprits: list[tables.Culprit]) -> list[dict]:
    found = []
    for message in tables.table3_identities(table3):
        column = message.split("“", 1)[1].split("”", 1)[0] if "列：一" in message else None
        named = [c for c in culprits if column in (c.column, L.TOTAL)] if column else []
        found.append({"message": message, "applications": [_culprit_dict(c) for c in named]})
    for message in tables.table4_identities(table4):
        found.append({"message": message, "applications": []})
    return found


def report_data(report: AnnualReport) -> ReportData:
    return build_report(
        report.organisation,
        report.year,
        fmt=report.effective_format,
        entered=report.entered_figures,
    )


# --- Generated texts -------------------------------------------------------------------------


def _value(table3: dict, code: str) -> int:
    return next(r["values"][-1] for r in table3["rows"] if r["code"] == code)


def _overview(org: Organisation, year: int, published: int, table3: dict, table4: dict) -> str:
    new, carried = _value(table3, tables.ROW_NEW), _value(table3, tables.ROW_CARRIED_IN)
    done, forward = _value(table3, tables.ROW_TOTAL), _value(table3, tables.ROW_CARRIED_OUT)
    disclosed, partial = _value(table3, "1"), _value(table3, "2")
    flat = tables.table4_flat(table4)
    reconsiderations, suits = flat[4], flat[9] + flat[14]
    return (
        f"{year}年，{org.name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        f"全年通过门户网站主动公开政府信息{published}条；"
        f"收到政府信息公开申请{new}件，上年结转{carried}件，办结{done}件"
        f"（其中予以公开{disclosed}件、部分公开{partial}件），结转下年度继续办理{forward}件；"
        f"因政府信息公开工作被申请行政复议{reconsiderations}件、被提起行政诉讼{suits}件。"
    )


def _free_overview(org: Organisation, year: int, counts: dict) -> str:
    outcomes = "、".join(f"{k}{v}件" for k, v in counts[L.COUNTS_BY_OUTCOME].items()) or "无"
    return (
        f"{year}年，{org.name}门户网站发布政府信息{counts[L.COUNTS_PUBLISHED]}条；"
        f"收到政府信息公开申请{counts[L.COUNTS_RECEIVED]}件，{outcomes}；"
        f"收到行政复议案件{counts[L.COUNTS_RECONSIDERATION]}件、"
        f"行政诉讼案件{counts[L.COUNTS_LITIGATION]}件。"
    )


def _fees_sentence(year: int, fees: Decimal) -> str:
    if not fees:
        return f"{year}年，本机关未收取政府信息公开信息处理费。"
    return (
        f"依据《政府信息公开信息处理费管理办法》规定，{year}年本机关实际收取信息处理费"
        f"共计{fees:.2f}元。"
    )


# --- Rendering -------------------------------------------------------------------------------

HEADING = re.compile(r"^[一二三四五六七八九十]+、")


def paragraphs(text: str) -> list[dict]:
    """Plain text → paragraphs; a line starting 一、 … 十、 is a heading (free-form reports)."""
    return [
        {"text": line.strip(), "heading": bool(HEADING.match(line.strip()))}
        for line in (text or "").splitlines()
        if line.strip()
    ]


def render_context(report: AnnualReport, snapshot: dict, *, cell_url=None) -> dict:
    """The context of `annual_reports/includes/_report_body.html`."""
    fmt = ReportFormat(snapshot["format"])
    data = snapshot["tables"]
    context = {
        "year": snapshot["year"],
        "free": fmt == ReportFormat.FREE,
        "period": L.PERIOD_SENTENCE.format(year=snapshot["year"]),
        "sections": L.SECTIONS_2021,
        "section5": L.SECTION_5_2019 if fmt == ReportFormat.F2019 else L.SECTIONS_2021[4],
        "overview": paragraphs(report.overview),
        "problems": paragraphs(report.problems),
        "other": paragraphs(report.other_matters),
        "free_text": paragraphs(report.free_text),
        "L": L,
    }
    if context["free"]:
        counts = data["counts"]
        context["counts"] = counts
        context["simple_counts"] = [(k, v) for k, v in counts.items() if not isinstance(v, dict)]
        context["nested_counts"] = [(k, v) for k, v in counts.items() if isinstance(v, dict)]
    else:
        context["table2"] = data["table2"]
        rows = tables.table3_layout(data["table3"])
        codes = list(L.COLUMN_CODES.values())
        for row in rows:
            row["numbers"] = [
                {"value": value, "url": cell_url(row["code"], code) if cell_url and value else ""}
                for value, code in zip(row["values"], codes, strict=True)
            ]
        context["table3_rows"] = rows
        context["table4_values"] = tables.table4_flat(data["table4"])
        context["org_columns"] = data["table3"]["columns"][1:6]
    return context


def render_body(report: AnnualReport, snapshot: dict) -> str:
    """The report as plain HTML (tables with rowspan/colspan, no classes or styles), as stored
    in the document body."""
    html = render_to_string(
        "annual_reports/includes/_report_body.html", render_context(report, snapshot)
    )
    return sanitize_html(html)


# =============================================================================================
# Writes
# =============================================================================================


def _ensure_editable(report: AnnualReport) -> None:
    if report.document_id and report.document.status in (
        Document.Status.PENDING,
        Document.Status.PUBLISHED,
    ):
        raise ValidationError(
            "年报文档%(status)s，不能修改；如需修改，请由审核员退回或撤回后再改。",
            code="status",
            params={"status": report.document.get_status_display()},
        )


@transaction.atomic
def annual_report_create(
    *, organisation: Organisation, year: int, actor, report_format: str = ""
) -> AnnualReport:
    """Create the report of a year, with the generated opening paragraph and fee sentence
    offered as starting texts."""
    report = AnnualReport(organisation=organisation, year=year, report_format=report_format)
    report.full_clean()
    data = report_data(report)
    if report.effective_format == ReportFormat.FREE:
        report.free_text = data.suggested_overview
    else:
        report.overview = data.suggested_overview
        report.other_matters = data.suggested_other
    report.fees_collected = selectors.fees_paid_in(selectors.organisation_scope(organisation), year)
    report.save()
    return report


@transaction.atomic
def annual_report_save(*, report: AnnualReport, actor) -> AnnualReport:
    """Save texts and entered figures; refused once the document is pending or published."""
    if report.pk:
        _ensure_editable(AnnualReport.objects.select_related("document").get(pk=report.pk))
    report.full_clean()
    report.save()
    return report


def report_column() -> Column:
    slug = getattr(settings, "ANNUAL_REPORT_COLUMN_SLUG", DEFAULT_COLUMN_SLUG)
    column = Column.objects.filter(slug=slug).first()
    if column is None:
        raise ValidationError(
            "未找到政府信息公开年报栏目（栏目标识 %(slug)s），请先在栏目管理中创建。",
            code="column",
            params={"slug": slug},
        )
    return column


@transaction.atomic
def annual_report_generate_document(*, report: AnnualReport, actor) -> Document:
    """生成/更新年报文档: snapshot the live tables and render the report into the draft
    document of the 年报 column (created on first use)."""
    _ensure_editable(report)
    if report.document_id and report.document.status == Document.Status.WITHDRAWN:
        disclosure.document_return_to_draft(document=report.document, actor=actor)
    data = report_data(report)
    report.snapshot = data.snapshot
    report.snapshot_at = timezone.now()
    report.frozen_at = None
    document = (
        report.document
        if report.document_id
        else Document(
            column=report_column(),
            organisation=report.organisation,
            genre=Document.Genre.REPORT,
            keywords="政府信息公开 年度报告",
            source=report.organisation.name,
            written_on=timezone.localdate(),
        )
    )
    document.title = report.title
    document.summary = f"{report.organisation.name}{report.year}年政府信息公开工作情况。"
    document.body = render_body(report, report.snapshot)
    disclosure.document_save(document=document, actor=actor)
    report.document = document
    report.save()
    return document


@transaction.atomic
def annual_report_submit(*, report: AnnualReport, actor) -> Document:
    """送审 the report's document."""
    if not report.document_id:
        raise ValidationError("请先生成年报文档再送审。", code="document")
    return disclosure.document_submit(document=report.document, actor=actor)


def publication_blockers(report: AnnualReport) -> list[str]:
    """Why the report cannot be published now (empty when it can): identity violations, and
    a document that no longer matches the live data or the texts."""
    if not report.document_id or report.snapshot is None:
        return ["请先生成年报文档。"]
    data = report_data(report)
    blockers = [f"勾稽关系不成立：{v['message']}" for v in data.violations]
    if data.snapshot["tables"] != report.snapshot["tables"] or (
        data.snapshot["format"] != report.snapshot["format"]
    ):
        blockers.append("生成年报文档后统计数据发生了变化，请重新生成年报文档并送审。")
    elif render_body(report, report.snapshot) != report.document.body:
        blockers.append("年报文档与当前的报告文字或数据不一致，请重新生成年报文档并送审。")
    return blockers


@transaction.atomic
def annual_report_import_published(*, report: AnnualReport, document: Document, actor) -> Document:
    """Attach a report document an earlier site already published (补录历史年报): render the
    report from the live data into it (a reviewer's correction of a published document,
    re-approved with a new fingerprint) and freeze the snapshot. Refused while an identity
    fails."""
    data = report_data(report)
    if data.violations:
        raise ValidationError(
            ["年报不能发布：", *(f"勾稽关系不成立：{v['message']}" for v in data.violations)],
            code="identities",
        )
    report.snapshot = data.snapshot
    report.snapshot_at = report.frozen_at = timezone.now()
    document.title = report.title
    document.body = render_body(report, report.snapshot)
    disclosure.document_save(document=document, actor=actor)
    report.document = document
    report.save()
    return document


@transaction.atomic
def annual_report_publish(
    *,
    report: AnnualReport,
    actor,
    confidentiality_checked: bool,
    publish_at: dt.datetime | None = None,
    historical: bool = False,
) -> Document:
    """审核发布: refused while any identity fails or the document is stale; publishes the
    document through `disclosure.services.document_publish` and freezes the snapshot."""
    blockers = publication_blockers(report)
    if blockers:
        raise ValidationError(["年报不能发布：", *blockers], code="identities")
    document = disclosure.document_publish(
        document=report.document,
        actor=actor,
        confidentiality_checked=confidentiality_checked,
        publish_at=publish_at,
        historical=historical,
    )
    report.frozen_at = timezone.now()
    report.save(update_fields=["frozen_at", "updated_at"])
    return document
