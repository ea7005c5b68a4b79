"""Admin of 统计与自查: page views are read-only (written only by `flush_pageviews`)."""

from django.contrib import admin

from .models import PageViewDaily


@admin.register(PageViewDaily)
class PageViewDailyAdmin(admin.ModelAdmin):
    list_display = ["day", "path", "count"]
    list_filter = ["day"]
    search_fields = ["path"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
