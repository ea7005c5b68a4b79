"""Staff pages of the annual report (年报管理): create a year, edit texts and entered figures,
see the live tables with identity violations, generate the document, submit, publish, and
open the applications behind each cell of table 三."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from disclosure.services import can_publish
from requests_app.permissions import mask_name

from . import labels as L
from . import selectors, services, tables
from .forms import AnnualReportCreateForm, AnnualReportForm, PublishForm
from .models import AnnualReport

HANDLE = "requests_app.handle_application"


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "format_display", "status_display", "frozen_at"]
    list_filter = ["year"]
    change_form_template = "admin/annual_reports/annualreport/change_form.html"

    @admin.display(description="报告格式")
    def format_display(self, obj):
        return obj.effective_format.label

    @admin.display(description="状态")
    def status_display(self, obj):
        return obj.get_status_display()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "document")

    def get_form(self, request, obj=None, change=False, **kwargs):
        return AnnualReportForm if obj else AnnualReportCreateForm

    def get_fieldsets(self, request, obj=None):
        form = self.get_form(request, obj)(instance=obj) if obj else AnnualReportCreateForm()
        return [(None, {"fields": list(form.fields)})]

    def save_model(self, request, obj, form, change):
        try:
            if change:
                services.annual_report_save(report=obj, actor=request.user)
            else:
                created = services.annual_report_create(
                    organisation=obj.organisation,
                    year=obj.year,
                    actor=request.user,
                    report_format=obj.report_format,
                )
                obj.pk = created.pk
        except ValidationError as error:
            raise PermissionDenied("；".join(error.messages)) from error

    def has_delete_permission(self, request, obj=None):
        return False if obj and obj.document_id else super().has_delete_permission(request, obj)

    # --- Extra pages ---------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/generate/", wrap(self.generate_view), name="annual_reports_generate"),
            path("<int:pk>/submit/", wrap(self.submit_view), name="annual_reports_submit"),
            path("<int:pk>/publish/", wrap(self.publish_view), name="annual_reports_publish"),
            path(
                "<int:pk>/cell/<str:row>/<str:column>/",
                wrap(self.cell_view),
                name="annual_reports_cell",
            ),
            *super().get_urls(),
        ]

    def _report(self, request, pk: int) -> AnnualReport:
        report = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_or_change_permission(request, report):
            raise PermissionDenied
        return report

    def _back(self, report: AnnualReport) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("admin:annual_reports_annualreport_change", args=[report.pk])
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if report is not None:
            extra.update(self._report_context(request, report))
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def _report_context(self, request, report: AnnualReport) -> dict:
        data = services.report_data(report)
        may_trace = request.user.has_perm(HANDLE)

        def cell_url(row: str, column: str) -> str:
            if not may_trace:
                return ""
            return reverse("admin:annual_reports_cell", args=[report.pk, row, column])

        return {
            "report": report,
            "data": data,
            "preview": services.render_context(report, data.snapshot, cell_url=cell_url),
            "blockers": services.publication_blockers(report) if report.document_id else [],
            "may_publish": can_publish(request.user),
            "publish_form": PublishForm(),
        }

    @method_decorator(require_POST)
    def generate_view(self, request, pk: int):
        report = self._report(request, pk)
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        try:
            services.annual_report_generate_document(report=report, actor=request.user)
        except ValidationError as error:
            self.message_user(request, "；".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, "已生成年报文档（草稿），请核对后送审。", messages.SUCCESS)
        return self._back(report)

    @method_decorator(require_POST)
    def submit_view(self, request, pk: int):
        report = self._report(request, pk)
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        try:
            services.annual_report_submit(report=report, actor=request.user)
        except ValidationError as error:
            self.message_user(request, "；".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, "年报已送审。", messages.SUCCESS)
        return self._back(report)

    @method_decorator(require_POST)
    def publish_view(self, request, pk: int):
        report = self._report(request, pk)
        if not can_publish(request.user):
            raise PermissionDenied
        form = PublishForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("confidentiality_checked", []):
                self.message_user(request, error, messages.ERROR)
            return self._back(report)
        try:
            services.annual_report_publish(
                report=report, actor=request.user, confidentiality_checked=True
            )
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, "年报已审核发布。", messages.SUCCESS)
        return self._back(report)

    def cell_view(self, request, pk: int, row: str, column: str):
        if not request.user.has_perm(HANDLE):
            raise PermissionDenied
        report = self._report(request, pk)
        fmt = report.effective_format
        if not fmt.has_tables:
            raise Http404
        try:
            applications = selectors.cell_applications(
                organisation=report.organisation,
                year=report.year,
                row=row,
                column=column,
                fmt=fmt,
            )
        except KeyError as error:
            raise Http404("没有这个单元格。") from error
        row_label = next(
            (
                r["label"]
                for r in tables.build_table3([], report.year, fmt)["rows"]
                if r["code"] == row
            ),
            row,
        )
        column_label = next(label for label, code in L.COLUMN_CODES.items() if code == column)
        return TemplateResponse(
            request,
            "admin/annual_reports/annualreport/cell.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{report.year}年 表三“{row_label}” × “{column_label}”",
                "report": report,
                "opts": self.model._meta,
                "applications": [
                    {
                        "application": a,
                        "name": a.name if request.user.has_perm(HANDLE) else mask_name(a.name),
                    }
                    for a in applications
                ],
            },
        )
