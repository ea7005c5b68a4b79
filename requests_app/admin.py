"""Admin of the working-day calendar (工作日历) and the yearly holiday schedules.

Yearly task (calendar.md §5): when 国务院办公厅 publishes 《关于××年部分节假日安排的通知》
(late October–December), add the year under 年度节假日安排, run “生成全年日期”, mark the
放假 days (法定节假日) and the 调休上班 weekends under 工作日历, check them against the notice and
tick 已完整录入. Until then no deadline is computed into that year.
"""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from . import services
from .models import CalendarYear, WorkdayCalendarDay

WEEKDAYS = "一二三四五六日"


def _year_count(condition: Q | None = None) -> Coalesce:
    days = WorkdayCalendarDay.objects.annotate(y=ExtractYear("date")).filter(y=OuterRef("year"))
    if condition is not None:
        days = days.filter(condition)
    counted = days.values("y").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = [
        "year",
        "source",
        "published_on",
        "is_complete",
        "recorded_days",
        "holiday_days",
        "makeup_days",
    ]
    list_filter = ["is_complete"]
    search_fields = ["source", "note"]
    readonly_fields = ["updated_at"]
    actions = ["fill_year"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                recorded_days=_year_count(),
                holiday_days=_year_count(Q(kind=WorkdayCalendarDay.Kind.HOLIDAY)),
                makeup_days=_year_count(Q(kind=WorkdayCalendarDay.Kind.MAKEUP_WORKDAY)),
            )
        )

    @admin.display(description=_("已录入天数"), ordering="recorded_days")
    def recorded_days(self, obj):
        return f"{obj.recorded_days}/{obj.days_in_year}"

    @admin.display(description=_("放假天数"))
    def holiday_days(self, obj):
        return obj.holiday_days

    @admin.display(description=_("调休上班天数"))
    def makeup_days(self, obj):
        return obj.makeup_days

    @admin.action(description=_("生成全年日期（周一至周五为工作日，已有日期保留）"))
    def fill_year(self, request, queryset):
        for calendar_year in queryset:
            created = services.calendar_year_fill(calendar_year=calendar_year)
            self.message_user(
                request,
                _("%(year)s年：新生成 %(n)d 天。请继续标记放假日和调休上班日。")
                % {"year": calendar_year.year, "n": created},
                messages.SUCCESS,
            )


@admin.register(WorkdayCalendarDay)
class WorkdayCalendarDayAdmin(admin.ModelAdmin):
    list_display = [
        "date",
        "weekday",
        "kind",
        "is_workday",
        "holiday_name",
        "is_in_lieu",
        "source_notice",
    ]
    list_filter = ["kind", "is_workday", "is_in_lieu"]
    search_fields = ["holiday_name", "source_notice"]
    date_hierarchy = "date"
    fields = ["date", "kind", "holiday_name", "is_in_lieu", "source_notice", "is_workday"]
    readonly_fields = ["is_workday"]
    list_per_page = 62

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return f"周{WEEKDAYS[obj.date.weekday()]}"
