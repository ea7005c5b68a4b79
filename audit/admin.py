"""审计日志 in the admin: a read-only list with filters, for superusers and holders of
`audit.view_auditevent`. Nobody can add, change or delete a row here."""

from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "actor_username", "ip", "object_type", "object_label"]
    list_filter = ["kind", "at", "object_type"]
    search_fields = ["actor_username", "object_label", "object_id", "ip"]
    date_hierarchy = "at"
    list_per_page = 100
    show_full_result_count = False  # no COUNT(*) over a large log
    fields = [
        "at",
        "kind",
        "actor",
        "actor_username",
        "ip",
        "object_type",
        "object_id",
        "object_label",
        "detail",
    ]
    readonly_fields = fields
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
