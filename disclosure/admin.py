"""Staff admin of proactive disclosure (主动公开后台): columns, documents and their workflow.

Every change of a document goes through `disclosure.services`; the admin only parses input,
calls one service and reports the result. Workflow steps (送审、审核、撤回、转为草稿) are both
list actions and buttons on the change page, each a POST view under the document's admin URL.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.functions import ExtractYear
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from integrity.checks import find_forbidden_terms, sanitize_html
from integrity.selectors import active_forbidden_terms

from . import services
from .forms import (
    AttachmentAdminForm,
    BulkPublishForm,
    DocumentAdminForm,
    ReasonForm,
    ReviewForm,
    restore_workflow_state,
)
from .models import Attachment, Column, Document


def _error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error) or "您没有执行此操作的权限。"


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

class StatusFilter(admin.SimpleListFilter):
    """状态, with 定时发布 (approved, waiting for its time) as its own choice."""

    title = _("状态")
    parameter_name = "status"
    SCHEDULED = "scheduled"

    def lookups(self, request, model_admin):
        return [*Document.Status.choices, (self.SCHEDULED, _("定时发布（未到发布时间）"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.SCHEDULED:
            return queryset.filter(
                status=Document.Status.PUBLISHED, published_at__gt=timezone.now()
            )
        if value in Document.Status.values:
            return queryset.filter(status=value)
        return queryset


class YearFilter(admin.SimpleListFilter):
    """发布年份."""

    title = _("发布年份")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Document.objects.exclude(published_at=None)
            .annotate(year=ExtractYear("published_at"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return [(str(year), f"{year}年") for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(published_at__year=int(self.value()))
        return queryset


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
class DocumentAdmin(SimpleHistoryAdmin):
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
    actions = ["submit_selected", "publish_selected"]
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

    # --- Lists and permissions --------------------------------------------------------------

    @admin.display(description=_("状态"), ordering="status")
    def status_label(self, document: Document) -> str:
        if document.is_scheduled:
            return format_html(
                '<span title="{}">{}</span>',
                _("审核已通过，到发布时间后自动公开"),
                _("定时发布"),
            )
        return document.get_status_display()

    def has_change_permission(self, request, obj=None):
        """Published documents are changed by reviewers only (editors see them read-only)."""
        if not super().has_change_permission(request, obj):
            return False
        if obj is not None and obj.status == Document.Status.PUBLISHED:
            return services.can_publish(request.user)
        return True

    def has_delete_permission(self, request, obj=None):
        # Published items are withdrawn, never deleted: their 索引号 must stay traceable.
        if obj is not None and obj.status == Document.Status.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request) -> bool:
        return services.can_publish(request.user)

    def has_submit_permission(self, request) -> bool:
        return super().has_change_permission(request)

    # --- Saving through the services --------------------------------------------------------

    def save_model(self, request, obj, form, change):
        restore_workflow_state(obj)
        services.document_save(document=obj, actor=request.user)

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

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting saves through `save_model`; refuse it to users who may not change the item."""
        if request.method == "POST":
            document = get_object_or_404(Document, pk=unquote(object_id))
            if not self.has_change_permission(request, document):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    # --- Workflow URLs ----------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/submit/", wrap(self.submit_view), name="%s_%s_submit" % info),
            path("<path:object_id>/review/", wrap(self.review_view), name="%s_%s_review" % info),
            path("<path:object_id>/withdraw/", wrap(self.withdraw_view),
                 name="%s_%s_withdraw" % info),
            path("<path:object_id>/to-draft/", wrap(self.return_to_draft_view),
                 name="%s_%s_to_draft" % info),
            *super().get_urls(),
        ]

    def _workflow_url(self, name: str, document: Document) -> str:
        return reverse(f"admin:disclosure_document_{name}", args=[document.pk])

    def _change_url(self, document: Document) -> str:
        return reverse("admin:disclosure_document_change", args=[document.pk])

    def _get_document(self, request, object_id) -> Document:
        document = self.get_object(request, unquote(object_id))
        if document is None or not self.has_view_permission(request, document):
            raise PermissionDenied
        return document

    def _require_reviewer(self, request) -> None:
        if not services.can_publish(request.user):
            raise PermissionDenied("您没有审核权限：只有审核员可以审核、发布或撤回信息。")

    def _context(self, request, document: Document | None, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": document,
            "title": title,
            "change_url": self._change_url(document) if document else None,
            **extra,
        }

    def submit_view(self, request, object_id):
        """送审: 草稿 → 待审核."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        document = self._get_document(request, object_id)
        if not self.has_submit_permission(request):
            raise PermissionDenied
        try:
            services.document_submit(document=document, actor=request.user)
        except ValidationError as error:
            self.message_user(request, _error_text(error), messages.ERROR)
        else:
            self.message_user(request, f"“{document}”已送审，等待审核员审核。", messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(document))

    def review_view(self, request, object_id):
        """审核: show the document and its suspected personal data; publish or send back."""
        self._require_reviewer(request)
        document = self._get_document(request, object_id)
        if document.status == Document.Status.PUBLISHED:
            self.message_user(request, "该信息已发布，无需审核。", messages.WARNING)
            return HttpResponseRedirect(self._change_url(document))
        findings = services.personal_data_findings(document)
        form = ReviewForm(request.POST or None, findings=findings)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if ReviewForm.REJECT in request.POST:
                    services.document_reject(document=document, actor=request.user,
                                             note=data["note"])
                    message = f"“{document}”已退回修改。"
                else:
                    services.document_publish(
                        document=document,
                        actor=request.user,
                        confidentiality_checked=data["confidentiality_checked"],
                        confirmed_personal_data=data["confirmed_personal_data"],
                        publish_at=data["publish_at"],
                        note=data["note"],
                    )
                    message = self._published_message(document)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(document))
        forbidden = find_forbidden_terms(
            services.document_text_fields(document), active_forbidden_terms()
        )
        context = self._context(
            request, document, f"审核：{document}",
            form=form,
            findings=findings,
            forbidden_hits=forbidden,
            body_html=mark_safe(sanitize_html(document.body)),  # noqa: S308 (sanitised above)
            attachments=document.attachments.all(),
        )
        return TemplateResponse(request, "admin/disclosure/document/review.html", context)

    @staticmethod
    def _published_message(document: Document) -> str:
        if document.is_scheduled:
            when = timezone.localtime(document.published_at)
            return (
                f"“{document}”审核通过，将于{when:%Y-%m-%d %H:%M}定时发布。"
                f"索引号：{document.index_number}。"
            )
        return f"“{document}”已审核通过并发布。索引号：{document.index_number}。"

    def withdraw_view(self, request, object_id):
        """撤回: 已发布 → 已撤回, with a reason; the 索引号 stays with the document."""
        self._require_reviewer(request)
        document = self._get_document(request, object_id)
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.document_withdraw(
                    document=document, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, f"“{document}”已撤回，不再对外公开。", messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(document))
        context = self._context(request, document, f"撤回：{document}", form=form)
        return TemplateResponse(request, "admin/disclosure/document/withdraw.html", context)

    def return_to_draft_view(self, request, object_id):
        """转为草稿: 已撤回 → 草稿, so that it can be corrected and submitted again."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        document = self._get_document(request, object_id)
        if not self.has_change_permission(request, document):
            raise PermissionDenied
        try:
            services.document_return_to_draft(document=document, actor=request.user)
        except ValidationError as error:
            self.message_user(request, _error_text(error), messages.ERROR)
        else:
            self.message_user(request, f"“{document}”已转为草稿。", messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(document))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        document = self.get_object(request, unquote(object_id))
        extra_context = {**(extra_context or {})}
        if document is not None:
            extra_context["workflow"] = self._workflow_buttons(request, document)
        return super().change_view(request, object_id, form_url, extra_context)

    def _workflow_buttons(self, request, document: Document) -> dict:
        """Which workflow buttons the change page shows for this user and document."""
        status = document.status
        reviewer = services.can_publish(request.user)
        return {
            "submit_url": self._workflow_url("submit", document)
            if status == Document.Status.DRAFT and self.has_submit_permission(request) else None,
            "review_url": self._workflow_url("review", document)
            if reviewer and status != Document.Status.PUBLISHED else None,
            "withdraw_url": self._workflow_url("withdraw", document)
            if reviewer and status == Document.Status.PUBLISHED else None,
            "to_draft_url": self._workflow_url("to_draft", document)
            if status == Document.Status.WITHDRAWN and self.has_change_permission(request, document)
            else None,
            "public_url": document.get_absolute_url() if document.is_public else None,
        }

    # --- List actions -----------------------------------------------------------------------

    @admin.action(description=_("送审所选信息"), permissions=["submit"])
    def submit_selected(self, request, queryset):
        done, failed = 0, []
        for document in queryset.filter(status=Document.Status.DRAFT):
            try:
                services.document_submit(document=document, actor=request.user)
                done += 1
            except ValidationError as error:
                failed.append(f"“{document}”：{_error_text(error)}")
        skipped = queryset.exclude(status=Document.Status.DRAFT).count()
        if done:
            self.message_user(request, f"已送审{done}条信息。", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"{skipped}条信息不是草稿，未送审。", messages.WARNING)
        for line in failed:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("审核通过并发布所选信息"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        """Bulk 审核发布 after a confirmation page; items with personal data need the review page."""
        self._require_reviewer(request)
        documents = list(queryset.exclude(status=Document.Status.PUBLISHED))
        form = BulkPublishForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            published, failed = 0, []
            for document in documents:
                try:
                    services.document_publish(
                        document=document, actor=request.user, confidentiality_checked=True
                    )
                    published += 1
                except (ValidationError, PermissionDenied) as error:
                    failed.append(f"“{document}”：{_error_text(error)}")
            if published:
                self.message_user(request, f"已审核发布{published}条信息。", messages.SUCCESS)
            for line in failed:
                self.message_user(request, line, messages.ERROR)
            return None
        rows = [(d, services.personal_data_findings(d)) for d in documents]
        context = self._context(
            request, None, "审核通过并发布所选信息",
            form=form,
            rows=rows,
            queryset=queryset,
            action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
        )
        return TemplateResponse(request, "admin/disclosure/document/bulk_publish.html", context)
