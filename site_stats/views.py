"""Pages of 统计与自查: the public statistics (/tongji/<year>/) and the staff self-check page
(/staff/site-check/). Views parse, call one selector, render."""

from __future__ import annotations

from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import charts, checks, selectors
from .permissions import can_view_site_check

SITE_CHECK_CACHE_KEY = "site_stats:site-check:last"
SITE_CHECK_CACHE_SECONDS = 300


@require_safe
def statistics_current(request: HttpRequest) -> HttpResponse:
    return redirect("site_stats:year", year=selectors.current_year())


@require_safe
def statistics_year(request: HttpRequest, year: int) -> HttpResponse:
    """统计: the figures of `year`, as tables with charts."""
    if not selectors.is_available_year(year):
        raise Http404(
            f"没有{year}年的统计数据：可查看{selectors.FIRST_POSSIBLE_YEAR}年至"
            f"{selectors.current_year()}年。"
        )
    figures = selectors.year_statistics(year)
    applications = figures.applications
    context = {
        "figures": figures,
        "year": year,
        "years": selectors.available_years(),
        "charts": {
            "documents_by_month": charts.column_chart(
                figures.documents_by_month, chart_id="chart-docs-month",
                title=f"{year}年各月发布信息数量", unit="条",
            ),
            "documents_by_column": charts.bar_chart(
                figures.documents_by_column, chart_id="chart-docs-column",
                title=f"{year}年各栏目发布信息数量", unit="条",
            ),
            "by_channel": charts.bar_chart(
                applications.by_channel, chart_id="chart-app-channel",
                title=f"{year}年政府信息公开申请提交渠道", unit="件",
            ),
            "by_outcome": charts.bar_chart(
                applications.by_outcome, chart_id="chart-app-outcome",
                title=f"{year}年政府信息公开申请办理结果", unit="件",
            ),
        },
        "trail": [{"label": "统计"}, {"label": f"{year}年"}],
    }
    return render(request, "site_stats/statistics.html", context)


def site_check_access(view):
    """Anonymous → admin login; signed in without `site_stats.view_site_check` → 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not can_view_site_check(request.user):
            raise PermissionDenied("需要“可查看网站自查结果”权限。")
        return view(request, *args, **kwargs)

    return wrapper


@require_safe
@never_cache
@site_check_access
def site_check(request: HttpRequest) -> HttpResponse:
    """网站自查: the indicators of the inspection rules against the live data. The report is
    kept for a few minutes (the content scans read every published item); ?refresh=1 reruns."""
    report = None if request.GET.get("refresh") else cache.get(SITE_CHECK_CACHE_KEY)
    if report is None:
        report = checks.run_site_check()
        cache.set(SITE_CHECK_CACHE_KEY, report, SITE_CHECK_CACHE_SECONDS)
    context = {
        **admin.site.each_context(request),
        "title": "网站自查",
        "report": report,
        "now": timezone.now(),
    }
    return render(request, "site_stats/site_check.html", context)
