"""`manage.py annual_report --year YYYY [--organisation CODE] [--format html|json|xlsx]
[--output FILE]`: the report of a year from live data (the frozen snapshot when published),
for scripts. html and json go to standard output (or --output), xlsx to --output."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from annual_reports import exports, services
from annual_reports.models import AnnualReport
from portal.models import Organisation, SiteProfile


class Command(BaseCommand):
    help = "输出某年度政府信息公开工作年度报告（html、json 输出到标准输出，xlsx 写入文件）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="报告年度，例如 2025。")
        parser.add_argument("--organisation", help="机构代码或机构名称（默认本站主办机构）。")
        parser.add_argument("--format", choices=["html", "json", "xlsx"], default="html")
        parser.add_argument("--output", help="输出文件（xlsx 必填）。")

    def handle(self, *args, year, organisation, format, output, **options):
        if format == "xlsx" and not output:
            raise CommandError("xlsx 格式须用 --output 指定输出文件。")
        org = self._organisation(organisation)
        report = AnnualReport.objects.filter(organisation=org, year=year).first()
        if report is None:
            report = AnnualReport(organisation=org, year=year)
        data = services.report_data(report)
        snapshot = report.snapshot if report.is_frozen else data.snapshot
        if format == "json":
            payload = services.snapshot_as_json(snapshot) | {
                "violations": [] if report.is_frozen else data.as_json()["violations"],
            }
            text = json.dumps(payload, ensure_ascii=False, indent=2)
        elif format == "html":
            text = render_to_string(
                "annual_reports/report_command.html",
                {
                    "title": report.title,
                    "body": services.render_context(report, snapshot),
                    "violations": [] if report.is_frozen else data.violations,
                },
            )
        else:
            Path(output).write_bytes(exports.workbook_bytes(snapshot))
            self.stderr.write(f"已写入 {output}")
            return
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"已写入 {output}")
        else:
            self.stdout.write(text)

    @staticmethod
    def _organisation(code_or_name: str | None) -> Organisation:
        if not code_or_name:
            profile = SiteProfile.objects.select_related("host").first()
            if profile is not None:
                return profile.host
            orgs = Organisation.objects.filter(parent__isnull=True)
            if orgs.count() == 1:
                return orgs.get()
            raise CommandError("请用 --organisation 指定机构代码或名称。")
        matches = Organisation.objects.filter(parent__isnull=True, code=code_or_name) or (
            Organisation.objects.filter(name=code_or_name)
        )
        if not matches:
            raise CommandError(f"没有机构代码或名称为“{code_or_name}”的机构。")
        return matches[0]
