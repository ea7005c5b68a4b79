"""Public pages of published annual reports (年报): the report rendered from its frozen
snapshot with an A4 print stylesheet, and its downloads. Only published reports are public."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from . import exports, selectors, services
from .models import AnnualReport


def _published_or_404(year: int) -> AnnualReport:
    report = selectors.published_report(year)
    if report is None:
        raise Http404("该年度的政府信息公开工作年度报告尚未发布。")
    return report


@require_GET
def report_list(request):
    reports = selectors.published_reports().order_by("-year", "organisation_id")
    return render(
        request,
        "annual_reports/report_list.html",
        {
            "reports": reports,
            "trail": [{"label": "政府信息公开工作年度报告"}],
        },
    )


@require_GET
def report_detail(request, year: int):
    report = _published_or_404(year)
    return render(
        request,
        "annual_reports/report_detail.html",
        {
            "report": report,
            "body": services.render_context(report, report.snapshot),
            "trail": [
                {"label": "政府信息公开工作年度报告", "url": "/nianbao/"},
                {"label": f"{year}年"},
            ],
        },
    )


@require_GET
def report_xlsx(request, year: int):
    report = _published_or_404(year)
    response = HttpResponse(
        exports.workbook_bytes(report.snapshot),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="annual-report-{year}.xlsx"'
    return response


@require_GET
def report_html(request, year: int):
    """The report as a standalone HTML file (打印或存档)."""
    report = _published_or_404(year)
    html = render_to_string(
        "annual_reports/report_standalone.html",
        {
            "report": report,
            "body": services.render_context(report, report.snapshot),
        },
        request=request,
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="annual-report-{year}.html"'
    return response
