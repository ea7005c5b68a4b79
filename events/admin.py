"""Staff admin of the cultural calendar (文化日历后台): events through the review workflow."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from publishing.admin import PublishableAdminMixin, StatusFilter, YearFilter
from publishing.forms import PublishableAdminForm

from .models import Event


class EventAdminForm(PublishableAdminForm):
    class Meta:
        model = Event
        fields = "__all__"


@admin.register(Event)
class EventAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
    form = EventAdminForm
    list_display = [
        "title",
        "category",
        "city",
        "venue",
        "starts_at",
        "ends_at",
        "status_label",
        "published_at",
    ]
    list_filter = [StatusFilter, "category", "city", "admission", YearFilter]
    list_select_related = ["organisation"]
    search_fields = ["title", "venue", "organiser"]
    date_hierarchy = "starts_at"
    review_fields = [
        "status",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_note",
        "confidentiality_checked",
    ]
    readonly_fields = review_fields
    fieldsets = [
        (_("基本信息"), {"fields": ["organisation", "title", "category", "description"]}),
        (
            _("时间"),
            {
                "fields": ["starts_at", "ends_at", "all_day"],
                "description": _(
                    "展览等按日期开放的活动请勾选“全天活动”，只填写开始和结束日期；"
                    "跨多日的活动在其间每一天的日历上都会显示。"
                ),
            },
        ),
        (_("地点"), {"fields": ["city", "venue", "address"]}),
        (_("主办与票务"), {"fields": ["organiser", "admission", "price_note", "booking_url"]}),
        (
            _("发布"),
            {
                "fields": ["published_at"],
                "description": _(
                    "发布日期留空则审核通过时立即发布；填写将来的时间则到时自动发布。"
                ),
            },
        ),
        (_("审核信息"), {"fields": review_fields}),
    ]
