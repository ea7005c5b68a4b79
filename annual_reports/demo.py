"""Demo annual reports (演示年报): the applications behind them, the 2017 documents, and the
reports for 2017 (free-form, published), 2025 (2021 format, published) and 2026 (draft)."""

import re

from django.utils import timezone

from disclosure.demo import data
from disclosure.models import Document
from requests_app.demo import seed_demo_applications

from . import services
from .models import AnnualReport

LICENSING_2025 = {
    "第二十条第（五）项|行政许可|本年处理决定数量": "326",
    "第二十条第（六）项|行政处罚|本年处理决定数量": "41",
    "第二十条第（六）项|行政强制|本年处理决定数量": "3",
    "第二十条第（八）项|行政事业性收费|本年收费金额（单位：万元）": "0",
}


def _plain(html: str) -> str:
    return "\n".join(re.findall(r"<p>(.*?)</p>", html))


def _report_document(year: int) -> Document | None:
    return Document.objects.filter(
        column__slug=services.DEFAULT_COLUMN_SLUG, title=data.annual_report_title(year)
    ).first()


def seed_demo_reports(structure, *, editor, reviewer, seed: int = 2017) -> None:
    """Called once at the end of `seed_demo`."""
    from disclosure.demo.report_2017 import top_up_2017

    agency = structure.agency
    seed_demo_applications(agency)
    top_up_2017(structure, editor=editor, reviewer=reviewer, seed=seed)
    today = timezone.localdate()

    report = services.annual_report_create(organisation=agency, year=2017, actor=editor)
    report.free_text = _plain(data.ANNUAL_REPORT_2017)
    services.annual_report_save(report=report, actor=editor)
    document = _report_document(2017)
    if document is not None:
        services.annual_report_import_published(report=report, document=document, actor=reviewer)

    if today.year >= 2026:
        report = services.annual_report_create(organisation=agency, year=2025, actor=editor)
        report.entered_figures = LICENSING_2025
        report.problems = (
            "一是依申请公开办理的规范化水平有待提高；二是政策解读形式较为单一。\n"
            "下一步，我厅将加强业务培训，丰富解读形式，持续提升政府信息公开工作质量。"
        )
        services.annual_report_save(report=report, actor=editor)
        document = _report_document(2025)
        if document is not None:
            services.annual_report_import_published(
                report=report, document=document, actor=reviewer
            )
    if not AnnualReport.objects.filter(organisation=agency, year=today.year).exists():
        services.annual_report_create(organisation=agency, year=today.year, actor=editor)
