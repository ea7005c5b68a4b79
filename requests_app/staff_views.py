"""Staff pages of 依申请公开 outside the model admin: the dashboard (依申请公开办理台) and its
CSV/XLSX exports, at /staff/ysqgk/.

Access: staff with `requests_app.handle_application` (`permissions.can_handle`); anonymous
visitors are sent to the admin login, other staff get 403. The pages render inside the admin
chrome (`admin/base_site.html` with `admin.site.each_context`).

Views only parse the GET parameters (`DashboardFilterForm`) and call the selectors of
`requests_app.dashboard`; a bad parameter is ignored and explained in Chinese, never a 500.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django import forms
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from audit.services import log_application_export

from . import dashboard, exports
from .models import ApplicantType, Application, Channel, Outcome
from .permissions import can_handle
from .selectors import load_calendar

PAGE_SIZE = 50
#: Rows shown in each section (即将到期, 已逾期, …) before "see the table".
SECTION_LIMIT = 20
HINT_LIMIT = 10


def handler_required(view):
    """Anonymous → admin login; signed in without the handling permission → 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not can_handle(request.user):
            raise PermissionDenied("需要依申请公开办理权限。")
        return view(request, *args, **kwargs)

    return wrapper


def _blank(choices) -> list[tuple[str, str]]:
    return [("", "全部"), *choices]


class DashboardFilterForm(forms.Form):
    """GET parameters of the table and the exports. Invalid values are dropped (with a message)."""

    status = forms.ChoiceField(
        label="状态", required=False, choices=_blank(Application.Status.choices)
    )
    channel = forms.ChoiceField(label="提交渠道", required=False, choices=_blank(Channel.choices))
    applicant_type = forms.ChoiceField(
        label="申请人类型", required=False, choices=_blank(ApplicantType.choices)
    )
    outcome = forms.ChoiceField(label="办理结果", required=False, choices=_blank(Outcome.choices))
    year = forms.IntegerField(
        label="收到年份",
        required=False,
        min_value=2008,
        max_value=2100,
        error_messages={
            "invalid": "收到年份应为四位数字年份。",
            "min_value": "收到年份不能早于%(limit_value)s年。",
            "max_value": "收到年份不能晚于%(limit_value)s年。",
        },
    )
    overdue = forms.BooleanField(label="仅显示已逾期", required=False)
    sort = forms.ChoiceField(label="排序", required=False, choices=dashboard.sort_choices())

    def filters(self) -> dashboard.ApplicationFilters:
        """The valid filters (call after `is_valid()`; invalid fields are left out)."""
        data = self.cleaned_data

        def enum(name, choices_class):
            return choices_class(data[name]) if data.get(name) else None

        return dashboard.ApplicationFilters(
            status=enum("status", Application.Status),
            channel=enum("channel", Channel),
            applicant_type=enum("applicant_type", ApplicantType),
            outcome=enum("outcome", Outcome),
            year=data.get("year"),
            overdue_only=bool(data.get("overdue")),
            sort=data.get("sort") or dashboard.DEFAULT_SORT,
        )

    def error_messages(self) -> list[str]:
        return [
            f"“{self.fields[name].label}”参数无效，已忽略：{' '.join(errors)}"
            for name, errors in self.errors.items()
        ]


def _parse_filters(request) -> tuple[DashboardFilterForm, dashboard.ApplicationFilters]:
    form = DashboardFilterForm(request.GET)
    form.is_valid()
    return form, form.filters()


def _change_url_builder():
    """Link to the application's admin page, or "#" while the admin is not registered."""
    try:
        reverse("admin:requests_app_application_change", args=[0])
    except NoReverseMatch:
        return lambda application: "#"
    return lambda application: reverse(
        "admin:requests_app_application_change", args=[application.pk]
    )


def _calendar_admin_url() -> str:
    try:
        return reverse("admin:requests_app_calendaryear_changelist")
    except NoReverseMatch:
        return ""


def _sort_links(current: str) -> dict[str, str]:
    """For each sortable column, the sort value its header link sets (toggles direction)."""
    return {key: f"-{key}" if current == key else key for key in dashboard.SORT_KEYS}


@require_GET
@handler_required
def dashboard_view(request):
    """依申请公开办理台: counts, deadline sections, related-application hints and the table."""
    today = timezone.localdate()
    form, filters = _parse_filters(request)
    window = dashboard.due_soon_window(today)
    calendar = load_calendar()
    change_url = _change_url_builder()

    def rows(applications):
        return dashboard.dashboard_rows(
            applications, today=today, calendar=calendar, change_url=change_url
        )

    page = Paginator(dashboard.filtered_applications(filters, today=today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    proactive = dashboard.suggest_proactive_disclosure(today=today)
    repeated = dashboard.repeated_requests_by_applicant(today=today)
    context = {
        **admin.site.each_context(request),
        "title": "依申请公开办理台",
        "today": today,
        "window": window,
        "counts": dashboard.dashboard_counts(window),
        "due_soon_rows": rows(dashboard.due_soon_applications(window)[:SECTION_LIMIT]),
        "overdue_rows": rows(dashboard.overdue_applications(today)[:SECTION_LIMIT]),
        "paused_rows": rows(dashboard.paused_applications()[:SECTION_LIMIT]),
        "clock_error_rows": rows(dashboard.clock_error_applications()[:SECTION_LIMIT]),
        "section_limit": SECTION_LIMIT,
        "calendar_admin_url": _calendar_admin_url(),
        "proactive_suggestions": proactive[:HINT_LIMIT],
        "proactive_more": max(len(proactive) - HINT_LIMIT, 0),
        "repeated_requesters": repeated[:HINT_LIMIT],
        "repeated_more": max(len(repeated) - HINT_LIMIT, 0),
        "form": form,
        "filter_errors": form.error_messages(),
        "filters": filters,
        "sort_links": _sort_links(filters.sort),
        "page_obj": page,
        "table_rows": rows(page.object_list),
    }
    return render(request, "requests_app/staff/dashboard.html", context)


def _export_filename(extension: str, today: dt.date) -> str:
    return f"ysqgk-applications-{today:%Y%m%d}.{extension}"


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _export_rows(request):
    log_application_export(request, fmt=request.path.rsplit(".", 1)[-1])  # 审计：导出
    today = timezone.localdate()
    _, filters = _parse_filters(request)
    applications = dashboard.filtered_applications(filters, today=today).iterator(chunk_size=500)
    return today, exports.export_rows(applications, today=today)


@require_GET
@handler_required
def export_csv(request):
    """The table as CSV (UTF-8 with BOM), same filters and order; masked personal data."""
    today, rows = _export_rows(request)
    return _download(
        exports.write_csv(rows),
        content_type="text/csv; charset=utf-8",
        filename=_export_filename("csv", today),
    )


@require_GET
@handler_required
def export_xlsx(request):
    """The table as XLSX, same filters and order; masked personal data."""
    today, rows = _export_rows(request)
    return _download(
        exports.write_xlsx(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=_export_filename("xlsx", today),
    )
