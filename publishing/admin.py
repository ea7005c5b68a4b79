"""Admin of publishable models (发布流程后台): a mixin for any `Publishable` ModelAdmin.

    @admin.register(Interpretation)
    class InterpretationAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
        form = InterpretationAdminForm          # a publishing.forms.PublishableAdminForm
        list_display = ["title", "status_label", "published_at"]
        list_filter = [StatusFilter, YearFilter]

Every change goes through `publishing.services`; the admin only parses input, calls one
service and reports the result. Workflow steps (送审、审核、撤回、转为草稿) are both list
actions and buttons on the change page, each a view under the item's admin URL
(`admin:<app>_<model>_submit|review|withdraw|to_draft`). Published items are read-only for
editors and are withdrawn, never deleted. Pages use `admin/publishing/*.html`, which a model
overrides as `admin/<app>/<model>/<page>.html` (review, withdraw, bulk_publish).
"""

from typing import Any

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

from integrity.checks import find_forbidden_terms, sanitize_html
from integrity.selectors import active_forbidden_terms

from . import services
from .forms import BulkPublishForm, ReasonForm, ReviewForm, restore_workflow_state
from .models import PublicationStatus, Publishable


def error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error) or "您没有执行此操作的权限。"


class StatusFilter(admin.SimpleListFilter):
    """状态, with 定时发布 (approved, waiting for its time) as its own choice."""

    title = _("状态")
    parameter_name = "status"
    SCHEDULED = "scheduled"

    def lookups(self, request, model_admin):
        return [*PublicationStatus.choices, (self.SCHEDULED, _("定时发布（未到发布时间）"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.SCHEDULED:
            return queryset.filter(
                status=PublicationStatus.PUBLISHED, published_at__gt=timezone.now()
            )
        if value in PublicationStatus.values:
            return queryset.filter(status=value)
        return queryset


class YearFilter(admin.SimpleListFilter):
    """发布年份."""

    title = _("发布年份")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.model._default_manager.exclude(published_at=None)
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


class PublishableAdminMixin:
    """Status-aware permissions, saving through the services, workflow views and bulk actions
    for a `Publishable` model. Put it before `SimpleHistoryAdmin` (or `admin.ModelAdmin`)."""

    change_form_template = "admin/publishing/change_form.html"
    actions = ["submit_selected", "publish_selected"]
    #: The workflow state shown (read-only) on the change page; only the services change it.
    readonly_fields = (
        "status", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "review_note",
        "confidentiality_checked",
    )

    # --- Hooks ------------------------------------------------------------------------------

    @property
    def noun(self) -> str:
        """The model's verbose name (信息, 政策解读 …) for messages."""
        return str(self.opts.verbose_name)

    def can_publish(self, request) -> bool:
        return services.can_publish(request.user, self.model)

    def review_rows(self, obj: Publishable) -> list[tuple[str, Any]]:
        """(label, value) rows of the review page besides title, status and HTML bodies."""
        model = type(obj)
        skip = {model.TITLE_FIELD, *model.HTML_FIELDS}
        return [
            (model.field_label(name), getattr(obj, name))
            for name in model.CONTENT_FIELDS
            if name not in skip
        ]

    def review_context(self, request, obj: Publishable) -> dict:
        """Extra context of the review page (e.g. attachments)."""
        return {}

    def published_message_extra(self, obj: Publishable) -> str:
        """Appended to the message after publishing (e.g. the 索引号 issued)."""
        return ""

    def workflow_template(self, page: str) -> list[str]:
        app_label, model_name = self.opts.app_label, self.opts.model_name
        return [
            f"admin/{app_label}/{model_name}/{page}.html",
            f"admin/{app_label}/{page}.html",
            f"admin/publishing/{page}.html",
        ]

    # --- Lists and permissions --------------------------------------------------------------

    @admin.display(description=_("状态"), ordering="status")
    def status_label(self, obj: Publishable) -> str:
        if obj.is_scheduled:
            return format_html(
                '<span title="{}">{}</span>',
                _("审核已通过，到发布时间后自动公开"),
                _("定时发布"),
            )
        return obj.get_status_display()

    def has_change_permission(self, request, obj=None):
        """Published items are changed by reviewers only (editors see them read-only)."""
        if not super().has_change_permission(request, obj):
            return False
        if obj is not None and obj.status == PublicationStatus.PUBLISHED:
            return self.can_publish(request)
        return True

    def has_delete_permission(self, request, obj=None):
        # Published items are withdrawn, never deleted: they must stay traceable.
        if obj is not None and obj.status == PublicationStatus.PUBLISHED:
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request) -> bool:
        return self.can_publish(request)

    def has_submit_permission(self, request) -> bool:
        return super().has_change_permission(request)

    # --- Saving through the services --------------------------------------------------------

    def save_model(self, request, obj, form, change):
        restore_workflow_state(obj)
        services.publishable_save(obj=obj, actor=request.user)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting saves through `save_model`; refuse it to users who may not change the item."""
        if request.method == "POST":
            obj = get_object_or_404(self.model, pk=unquote(object_id))
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    # --- Workflow URLs ----------------------------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/submit/", wrap(self.submit_view), name=f"{prefix}_submit"),
            path("<path:object_id>/review/", wrap(self.review_view), name=f"{prefix}_review"),
            path("<path:object_id>/withdraw/", wrap(self.withdraw_view),
                 name=f"{prefix}_withdraw"),
            path("<path:object_id>/to-draft/", wrap(self.return_to_draft_view),
                 name=f"{prefix}_to_draft"),
            *super().get_urls(),
        ]

    def workflow_url(self, name: str, obj: Publishable) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=[obj.pk]
        )

    def change_url(self, obj: Publishable) -> str:
        return self.workflow_url("change", obj)

    def get_workflow_object(self, request, object_id) -> Publishable:
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise PermissionDenied
        return obj

    def require_reviewer(self, request) -> None:
        if not self.can_publish(request):
            raise PermissionDenied(
                f"您没有审核权限：只有审核员可以审核、发布或撤回{self.noun}。"
            )

    def workflow_context(self, request, obj: Publishable | None, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": title,
            "change_url": self.change_url(obj) if obj else None,
            **extra,
        }

    def submit_view(self, request, object_id):
        """送审: 草稿 → 待审核."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_workflow_object(request, object_id)
        if not self.has_submit_permission(request):
            raise PermissionDenied
        try:
            services.publishable_submit(obj=obj, actor=request.user)
        except ValidationError as error:
            self.message_user(request, error_text(error), messages.ERROR)
        else:
            self.message_user(request, f"“{obj}”已送审，等待审核员审核。", messages.SUCCESS)
        return HttpResponseRedirect(self.change_url(obj))

    def review_view(self, request, object_id):
        """审核: show the item and its suspected personal data; publish or send back."""
        self.require_reviewer(request)
        obj = self.get_workflow_object(request, object_id)
        if obj.status == PublicationStatus.PUBLISHED:
            self.message_user(request, f"该{self.noun}已发布，无需审核。", messages.WARNING)
            return HttpResponseRedirect(self.change_url(obj))
        findings = services.personal_data_findings(obj)
        form = ReviewForm(request.POST or None, findings=findings)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if ReviewForm.REJECT in request.POST:
                    services.publishable_reject(obj=obj, actor=request.user, note=data["note"])
                    message = f"“{obj}”已退回修改。"
                else:
                    services.publishable_publish(
                        obj=obj,
                        actor=request.user,
                        confidentiality_checked=data["confidentiality_checked"],
                        confirmed_personal_data=data["confirmed_personal_data"],
                        publish_at=data["publish_at"],
                        note=data["note"],
                    )
                    message = self.published_message(obj)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(self.change_url(obj))
        forbidden = find_forbidden_terms(obj.integrity_fields(), active_forbidden_terms())
        html_fields = [
            # Sanitised here, so safe to render.
            (type(obj).field_label(name), mark_safe(sanitize_html(getattr(obj, name))))  # noqa: S308
            for name in type(obj).HTML_FIELDS
        ]
        context = self.workflow_context(
            request, obj, f"审核：{obj}",
            form=form,
            findings=findings,
            forbidden_hits=forbidden,
            detail_rows=self.review_rows(obj),
            html_fields=html_fields,
            **self.review_context(request, obj),
        )
        return TemplateResponse(request, self.workflow_template("review"), context)

    def published_message(self, obj: Publishable) -> str:
        if obj.is_scheduled:
            when = timezone.localtime(obj.published_at)
            message = f"“{obj}”审核通过，将于{when:%Y-%m-%d %H:%M}定时发布。"
        else:
            message = f"“{obj}”已审核通过并发布。"
        return message + self.published_message_extra(obj)

    def withdraw_view(self, request, object_id):
        """撤回: 已发布 → 已撤回, with a reason."""
        self.require_reviewer(request)
        obj = self.get_workflow_object(request, object_id)
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.publishable_withdraw(
                    obj=obj, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, f"“{obj}”已撤回，不再对外公开。", messages.SUCCESS)
                return HttpResponseRedirect(self.change_url(obj))
        context = self.workflow_context(request, obj, f"撤回：{obj}", form=form)
        return TemplateResponse(request, self.workflow_template("withdraw"), context)

    def return_to_draft_view(self, request, object_id):
        """转为草稿: 已撤回 → 草稿, so that it can be corrected and submitted again."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_workflow_object(request, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        try:
            services.publishable_return_to_draft(obj=obj, actor=request.user)
        except ValidationError as error:
            self.message_user(request, error_text(error), messages.ERROR)
        else:
            self.message_user(request, f"“{obj}”已转为草稿。", messages.SUCCESS)
        return HttpResponseRedirect(self.change_url(obj))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = {**(extra_context or {})}
        if obj is not None:
            extra_context["workflow"] = self.workflow_buttons(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_buttons(self, request, obj: Publishable) -> dict:
        """Which workflow buttons the change page shows for this user and item."""
        status = obj.status
        reviewer = self.can_publish(request)
        return {
            "submit_url": self.workflow_url("submit", obj)
            if status == PublicationStatus.DRAFT and self.has_submit_permission(request)
            else None,
            "review_url": self.workflow_url("review", obj)
            if reviewer and status != PublicationStatus.PUBLISHED else None,
            "withdraw_url": self.workflow_url("withdraw", obj)
            if reviewer and status == PublicationStatus.PUBLISHED else None,
            "to_draft_url": self.workflow_url("to_draft", obj)
            if status == PublicationStatus.WITHDRAWN and self.has_change_permission(request, obj)
            else None,
            "public_url": obj.get_absolute_url()
            if obj.is_public and hasattr(obj, "get_absolute_url") else None,
        }

    # --- List actions -----------------------------------------------------------------------

    @admin.action(description=_("送审所选%(verbose_name_plural)s"), permissions=["submit"])
    def submit_selected(self, request, queryset):
        done, failed = 0, []
        for obj in queryset.filter(status=PublicationStatus.DRAFT):
            try:
                services.publishable_submit(obj=obj, actor=request.user)
                done += 1
            except ValidationError as error:
                failed.append(f"“{obj}”：{error_text(error)}")
        skipped = queryset.exclude(status=PublicationStatus.DRAFT).count()
        if done:
            self.message_user(request, f"已送审{done}条{self.noun}。", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped}条{self.noun}不是草稿，未送审。", messages.WARNING
            )
        for line in failed:
            self.message_user(request, line, messages.ERROR)

    @admin.action(
        description=_("审核通过并发布所选%(verbose_name_plural)s"), permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        """Bulk 审核发布 after a confirmation page; items with personal data need their review
        page."""
        self.require_reviewer(request)
        objs = list(queryset.exclude(status=PublicationStatus.PUBLISHED))
        noun_plural = str(self.opts.verbose_name_plural)
        form = BulkPublishForm(
            request.POST if "confirm" in request.POST else None, noun=noun_plural
        )
        if form.is_bound and form.is_valid():
            published, failed = 0, []
            for obj in objs:
                try:
                    services.publishable_publish(
                        obj=obj, actor=request.user, confidentiality_checked=True
                    )
                    published += 1
                except (ValidationError, PermissionDenied) as error:
                    failed.append(f"“{obj}”：{error_text(error)}")
            if published:
                self.message_user(
                    request, f"已审核发布{published}条{self.noun}。", messages.SUCCESS
                )
            for line in failed:
                self.message_user(request, line, messages.ERROR)
            return None
        rows = [(obj, services.personal_data_findings(obj)) for obj in objs]
        context = self.workflow_context(
            request, None, f"审核通过并发布所选{noun_plural}",
            form=form,
            rows=rows,
            queryset=queryset,
            action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
        )
        return TemplateResponse(request, self.workflow_template("bulk_publish"), context)
