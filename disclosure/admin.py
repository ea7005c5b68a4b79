"""Staff admin of proactive disclosure (主动公开后台): columns, documents and their workflow.

Every change of a document goes through `disclosure.services`; the admin only parses input,
calls one service and reports the result. The workflow (送审、审核、撤回、转为草稿, list
actions and buttons, status-aware permissions) is the generic `PublishableAdminMixin`; this
module adds what only documents have: attachments, fieldsets, filters and the 索引号.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from publishing.admin import PublishableAdminMixin, StatusFilter, YearFilter

from . import services
from .forms import AttachmentAdminForm, DocumentAdminForm
from .models import Attachment, Column, Document

# --- Columns (栏目) --------------------------------------------------------------------------

@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = [
        "tree_name", "parent", "order", "slug", "kind", "update_class",
        "show_in_nav", "show_on_home", "is_active",
    ]
    list_display_links = ["tree_name"]
    list_editable = ["order", "show_in_nav", "show_on_home", "is_active"]
    list_filter = ["is_active", "kind", "update_class", "show_in_nav", "organisation"]
    list_select_related = ["parent", "parent__parent", "organisation"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["parent", "organisation", "name", "slug", "description"]}),
        (_("显示与更新"), {
            "fields": ["kind", "update_class", "order", "show_in_nav", "show_on_home", "is_active"],
            "description": _("更新频率类别用于栏目更新监测：动态要闻2周、通知公告和政策文件6个月、"
                             "人事和规划计划1年内须有更新。"),
        }),
    ]

    def get_queryset(self, request):
        # Parents first, children under them, by order (a tree read top-down).
        return super().get_queryset(request).order_by("parent__order", "parent_id", "order", "id")

    @admin.display(description=_("栏目名称"), ordering="name")
    def tree_name(self, column: Column) -> str:
        names = [column.name]
        parent = column.parent
        depth = 0
        while parent is not None and depth < 2:
            names.append(parent.name)
            parent = parent.parent
            depth += 1
        return " › ".join(reversed(names))


# --- Documents (信息) ------------------------------------------------------------------------

class AttachmentInline(admin.TabularInline):
    """附件: uploads are validated and stored by `services.attachment_add`."""

    model = Attachment
    form = AttachmentAdminForm
    extra = 1
    fields = ["name", "file", "order", "type_label", "size_label", "uploaded_at"]
    readonly_fields = ["type_label", "size_label", "uploaded_at"]

    def _parent_editable(self, request, obj) -> bool:
        return obj is None or obj.status != Document.Status.PUBLISHED or services.can_publish(
            request.user
        )

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        # On a published document only reviewers may remove one (the service re-approves).
        return super().has_delete_permission(request, obj) and self._parent_editable(request, obj)

    @admin.display(description=_("类型"))
    def type_label(self, attachment: Attachment) -> str:
        return attachment.extension.upper() if attachment.pk else "—"

    @admin.display(description=_("大小"))
    def size_label(self, attachment: Attachment) -> str:
        from django.template.defaultfilters import filesizeformat

        return filesizeformat(attachment.size) if attachment.pk else "—"


@admin.register(Document)
class DocumentAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
    form = DocumentAdminForm
    inlines = [AttachmentInline]
    change_form_template = "admin/disclosure/document/change_form.html"
    list_display = [
        "title", "column", "organisation", "status_label", "index_number", "document_number",
        "published_at", "validity",
    ]
    list_filter = [
        StatusFilter, "column", "organisation", "validity", "genre", YearFilter,
    ]
    list_select_related = ["column", "organisation"]
    search_fields = ["title", "document_number", "index_number"]
    autocomplete_fields = ["replaced_by"]
    review_fields = [
        "status", "index_number", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at",
        "review_note", "confidentiality_checked",
    ]
    readonly_fields = review_fields
    fieldsets = [
        (_("基本信息"), {"fields": [
            "column", "organisation", "title", "document_number", "genre", "regulatory_class",
            "topic", "keywords", "summary", "source",
        ]}),
        (_("正文"), {"fields": ["body"]}),
        (_("日期"), {
            "fields": ["written_on", "effective_on", "published_at"],
            "description": _("发布日期留空则审核通过时立即发布；填写将来的时间则审核通过后到时自动"
                             "发布（定时发布），无需再次操作。"),
        }),
        (_("有效性"), {
            "fields": ["validity", "validity_changed_on", "replaced_by"],
            "description": _("文件修改、失效或废止后仍保留在网站上，并在原文件上明确标注。"),
        }),
        (_("审核信息"), {"fields": review_fields}),
    ]

    # --- Publishing hooks -------------------------------------------------------------------

    def review_context(self, request, obj: Document) -> dict:
        return {"attachments": obj.attachments.all()}

    def published_message_extra(self, obj: Document) -> str:
        return f"索引号：{obj.index_number}。"

    # --- Attachments through the services ---------------------------------------------------

    def save_formset(self, request, form, formset, change):
        if formset.model is not Attachment:
            return super().save_formset(request, form, formset, change)
        document = form.instance
        for inline_form in formset.initial_forms:
            if inline_form in formset.deleted_forms and inline_form.instance.pk:
                services.attachment_delete(attachment=inline_form.instance, actor=request.user)
        for inline_form in formset.extra_forms:
            if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                continue
            uploaded = inline_form.cleaned_data.get("file")
            if not uploaded:
                continue
            services.attachment_add(
                document=document,
                uploaded=uploaded,
                actor=request.user,
                name=inline_form.cleaned_data.get("name", ""),
                order=inline_form.cleaned_data.get("order") or 0,
            )
        formset.new_objects = formset.changed_objects = formset.deleted_objects = []
