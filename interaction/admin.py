"""Staff admin of 互动交流: consultations, their attachments, comments and 采纳情况; messages
with their handling steps (交办、答复、不予受理) and dashboard; the published Q&A.

Published content (意见征集, 意见采纳情况, 公开问答) runs on `PublishableAdminMixin`. Every other
change calls one service in `interaction.services`; the admin parses input and reports.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.models import Organisation
from publishing.admin import PublishableAdminMixin, StatusFilter, YearFilter, error_text
from publishing.services import can_publish

from . import selectors, services
from .forms import (
    CommentModerationForm,
    ConsultationAdminForm,
    ConsultationFeedbackAdminForm,
    MessageAnswerForm,
    MessageAssignForm,
    MessageRejectForm,
    PublishedAnswerAdminForm,
)
from .models import (
    Comment,
    Consultation,
    ConsultationAttachment,
    ConsultationFeedback,
    Message,
    Phase,
    PublishedAnswer,
)
from .permissions import can_handle_messages, can_moderate_comments

# --- 意见征集 ----------------------------------------------------------------------------------


class PhaseFilter(admin.SimpleListFilter):
    title = _("征集状态")
    parameter_name = "phase"

    def lookups(self, request, model_admin):
        return Phase.choices

    def queryset(self, request, queryset):
        if self.value() in Phase.values:
            return queryset.in_phase(Phase(self.value()))
        return queryset


class ConsultationAttachmentInline(admin.TabularInline):
    """附件: uploads are validated and stored by `services.consultation_attachment_add`."""

    model = ConsultationAttachment
    extra = 1
    fields = ["name", "file", "order", "type_label", "size_label", "uploaded_at"]
    readonly_fields = ["type_label", "size_label", "uploaded_at"]

    def _parent_editable(self, request, obj) -> bool:
        return (
            obj is None
            or obj.status != Consultation.Status.PUBLISHED
            or can_publish(request.user, Consultation)
        )

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_editable(request, obj)

    @admin.display(description=_("类型"))
    def type_label(self, attachment):
        return attachment.extension.upper() if attachment.pk else "—"

    @admin.display(description=_("大小"))
    def size_label(self, attachment):
        return filesizeformat(attachment.size) if attachment.pk else "—"


@admin.register(Consultation)
class ConsultationAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
    form = ConsultationAdminForm
    inlines = [ConsultationAttachmentInline]
    list_display = [
        "title",
        "organisation",
        "phase_label",
        "opens_at",
        "closes_at",
        "status_label",
        "comment_counts",
    ]
    list_filter = [StatusFilter, PhaseFilter, YearFilter, "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["title"]
    autocomplete_fields = ["document"]
    fieldsets = [
        (_("基本信息"), {"fields": ["organisation", "title", "summary", "document"]}),
        (
            _("征集时间"),
            {
                "fields": ["opens_at", "closes_at"],
                "description": _("征集状态（未开始、进行中、已结束）由开始和截止时间自动确定。"),
            },
        ),
        (_("征求意见稿"), {"fields": ["draft_text", "instructions"]}),
        (_("发布"), {"fields": ["published_at"]}),
        (_("审核信息"), {"fields": PublishableAdminMixin.readonly_fields}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                pending_comments=Count(
                    "comments", filter=Q(comments__moderation=Comment.Moderation.PENDING)
                ),
                all_comments=Count("comments"),
            )
        )

    @admin.display(description=_("征集状态"))
    def phase_label(self, obj: Consultation) -> str:
        return obj.phase.label

    @admin.display(description=_("意见（待审核/全部）"))
    def comment_counts(self, obj: Consultation) -> str:
        url = reverse("admin:interaction_comment_changelist") + f"?consultation__id__exact={obj.pk}"
        return format_html('<a href="{}">{} / {}</a>', url, obj.pending_comments, obj.all_comments)

    def review_context(self, request, obj):
        return {"attachments": obj.attachments.all()}

    def save_formset(self, request, form, formset, change):
        if formset.model is not ConsultationAttachment:
            return super().save_formset(request, form, formset, change)
        consultation = form.instance
        for inline_form in formset.initial_forms:
            if inline_form in formset.deleted_forms and inline_form.instance.pk:
                services.consultation_attachment_delete(
                    attachment=inline_form.instance, actor=request.user
                )
        for inline_form in formset.extra_forms:
            uploaded = inline_form.cleaned_data.get("file") if inline_form.has_changed() else None
            if not uploaded or inline_form in formset.deleted_forms:
                continue
            try:
                services.consultation_attachment_add(
                    consultation=consultation,
                    uploaded=uploaded,
                    actor=request.user,
                    name=inline_form.cleaned_data.get("name", ""),
                    order=inline_form.cleaned_data.get("order") or 0,
                )
            except ValidationError as error:
                self.message_user(request, error_text(error), messages.ERROR)
        formset.new_objects = formset.changed_objects = formset.deleted_objects = []


@admin.register(ConsultationFeedback)
class ConsultationFeedbackAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
    form = ConsultationFeedbackAdminForm
    list_display = [
        "title",
        "consultation",
        "received",
        "adopted_count",
        "status_label",
        "published_at",
    ]
    list_filter = [StatusFilter, YearFilter]
    list_select_related = ["consultation"]
    search_fields = ["title", "consultation__title"]
    autocomplete_fields = ["consultation"]
    readonly_fields = ("online_count", *PublishableAdminMixin.readonly_fields)
    fieldsets = [
        (None, {"fields": ["consultation", "title"]}),
        (
            _("意见数量"),
            {
                "fields": ["online_count", "other_channel_count", "adopted_count"],
                "description": _("收到意见总数 = 网上收到的意见（自动统计）+ 其他渠道收到的意见。"),
            },
        ),
        (_("采纳情况"), {"fields": ["summary", "non_adoption_reasons"]}),
        (_("发布"), {"fields": ["published_at"]}),
        (_("审核信息"), {"fields": PublishableAdminMixin.readonly_fields}),
    ]

    @admin.display(description=_("网上收到的意见（条）"))
    def online_count(self, obj):
        return obj.online_count if obj and obj.pk else "—"

    @admin.display(description=_("收到意见（条）"))
    def received(self, obj):
        return obj.received_count


class ModerationFilter(admin.SimpleListFilter):
    title = _("审核状态")
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return Comment.Moderation.choices

    def queryset(self, request, queryset):
        if self.value() in Comment.Moderation.values:
            return queryset.filter(moderation=self.value())
        return queryset


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    """意见: read-only records; the 审核 page publishes (redacted) or refuses each comment."""

    change_form_template = "admin/interaction/comment/change_form.html"
    list_display = [
        "short_content",
        "consultation",
        "display_name",
        "submitted_at",
        "moderation",
        "flagged_terms",
    ]
    list_filter = [ModerationFilter, "consultation"]
    list_select_related = ["consultation"]
    search_fields = ["content", "name"]
    readonly_fields = [
        "consultation",
        "name",
        "contact",
        "content",
        "submitted_at",
        "flagged_terms",
        "moderation",
        "public_content",
        "rejection_reason",
        "reply",
        "moderated_by",
        "moderated_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("意见内容"))
    def short_content(self, obj: Comment) -> str:
        return obj.content[:40]

    @admin.display(description=_("姓名"))
    def display_name(self, obj: Comment) -> str:
        return obj.display_name

    def get_urls(self):
        return [
            path(
                "<path:object_id>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name="interaction_comment_moderate",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_moderate": can_moderate_comments(request.user),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def moderate_view(self, request, object_id):
        if not can_moderate_comments(request.user):
            raise PermissionDenied
        comment = self.get_object(request, unquote(object_id))
        if comment is None:
            raise PermissionDenied
        change_url = reverse("admin:interaction_comment_change", args=[comment.pk])
        initial = {
            "public_content": comment.public_content or comment.content,
            "reply": comment.reply,
        }
        form = CommentModerationForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.comment_moderate(
                    comment=comment,
                    actor=request.user,
                    decision=form.moderation(),
                    reason=form.cleaned_data["reason"],
                    public_content=form.cleaned_data["public_content"],
                    reply=form.cleaned_data["reply"],
                )
            except ValidationError as error:
                _attach_errors(form, error)
            else:
                self.message_user(
                    request, f"意见已审核：{comment.get_moderation_display()}。", messages.SUCCESS
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": comment,
            "form": form,
            "change_url": change_url,
            "title": _("审核意见"),
        }
        return TemplateResponse(request, "admin/interaction/comment/moderate.html", context)


def _attach_errors(form, error: ValidationError) -> None:
    by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for name, field_messages in by_field.items():
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)


# --- 网上咨询 / 领导信箱 -----------------------------------------------------------------------


class MessageStatusFilter(admin.SimpleListFilter):
    title = _("办理状态")
    parameter_name = "status"
    OVERDUE = "overdue"

    def lookups(self, request, model_admin):
        return [*Message.Status.choices, (self.OVERDUE, _("已超期"))]

    def queryset(self, request, queryset):
        if self.value() == self.OVERDUE:
            return queryset.open().filter(due_on__lt=timezone.localdate())
        if self.value() in Message.Status.values:
            return queryset.filter(status=self.value())
        return queryset


@admin.register(Message)
class MessageAdmin(SimpleHistoryAdmin):
    """留言: the record is read-only; 交办、答复、不予受理 and 生成公开问答 are steps with
    their own pages, each calling one service that records who and when."""

    change_form_template = "admin/interaction/message/change_form.html"
    change_list_template = "admin/interaction/message/change_list.html"
    list_display = [
        "tracking_number",
        "subject",
        "box",
        "topic",
        "submitted_at",
        "status",
        "due_label",
        "assigned_unit",
        "consents_to_publication",
    ]
    list_filter = [MessageStatusFilter, "box", "topic", "consents_to_publication"]
    list_select_related = ["assigned_unit"]
    search_fields = ["tracking_number", "subject", "content"]
    readonly_fields = [
        "tracking_number",
        "box",
        "topic",
        "subject",
        "content",
        "name",
        "phone",
        "email",
        "consents_to_publication",
        "submitted_at",
        "flagged_terms",
        "status",
        "due_on",
        "due_error",
        "assigned_unit",
        "handler",
        "assigned_by",
        "assigned_at",
        "reply",
        "replied_at",
        "replied_by",
        "rejection_reason",
        "rejection_note",
    ]
    fieldsets = [
        (
            _("留言"),
            {
                "fields": [
                    "tracking_number",
                    "box",
                    "topic",
                    "subject",
                    "content",
                    "submitted_at",
                    "flagged_terms",
                    "consents_to_publication",
                ]
            },
        ),
        (_("留言人（不公开）"), {"fields": ["name", "phone", "email"]}),
        (
            _("办理"),
            {
                "fields": [
                    "status",
                    "due_on",
                    "due_error",
                    "assigned_unit",
                    "handler",
                    "assigned_by",
                    "assigned_at",
                ]
            },
        ),
        (
            _("答复"),
            {"fields": ["reply", "replied_at", "replied_by", "rejection_reason", "rejection_note"]},
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return can_handle_messages(request.user) and super().has_view_permission(request, obj)

    @admin.display(description=_("答复期限"), ordering="due_on")
    def due_label(self, obj: Message):
        if obj.due_on is None:
            return obj.due_error or "—"
        if obj.is_overdue():
            return format_html('<strong class="overdue">{}（已超期）</strong>', obj.due_on)
        return obj.due_on

    # --- Step views ---------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("dashboard/", wrap(self.dashboard_view), name="interaction_message_dashboard"),
            path(
                "<path:object_id>/assign/",
                wrap(self.assign_view),
                name="interaction_message_assign",
            ),
            path(
                "<path:object_id>/answer/",
                wrap(self.answer_view),
                name="interaction_message_answer",
            ),
            path(
                "<path:object_id>/reject/",
                wrap(self.reject_view),
                name="interaction_message_reject",
            ),
            path(
                "<path:object_id>/publish-answer/",
                wrap(self.prepare_answer_view),
                name="interaction_message_prepare_answer",
            ),
            *super().get_urls(),
        ]

    def _step_object(self, request, object_id) -> Message:
        if not can_handle_messages(request.user):
            raise PermissionDenied
        message = self.get_object(request, unquote(object_id))
        if message is None:
            raise PermissionDenied
        return message

    def _change_url(self, message: Message) -> str:
        return reverse("admin:interaction_message_change", args=[message.pk])

    def _step(self, request, message, form, title, run, done):
        """Show ``form``; on a valid POST call ``run(cleaned_data)`` and report ``done``."""
        if request.method == "POST" and form.is_valid():
            try:
                run(form.cleaned_data)
            except ValidationError as error:
                _attach_errors(form, error)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(message))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": message,
            "form": form,
            "title": title,
            "change_url": self._change_url(message),
        }
        return TemplateResponse(request, "admin/interaction/message/step.html", context)

    def assign_view(self, request, object_id):
        message = self._step_object(request, object_id)
        handlers = (
            get_user_model()
            .objects.filter(is_active=True, is_staff=True)
            .filter(Q(groups__permissions__codename="handle_message") | Q(is_superuser=True))
            .distinct()
        )
        form = MessageAssignForm(
            request.POST or None,
            units=Organisation.objects.all(),
            handlers=handlers,
            initial={"assigned_unit": message.assigned_unit_id, "handler": message.handler_id},
        )
        return self._step(
            request,
            message,
            form,
            _("交办留言"),
            lambda data: services.message_assign(
                message=message,
                actor=request.user,
                unit=data["assigned_unit"],
                handler=data["handler"],
            ),
            f"留言 {message.tracking_number} 已交办。",
        )

    def answer_view(self, request, object_id):
        message = self._step_object(request, object_id)
        form = MessageAnswerForm(request.POST or None, initial={"reply": message.reply})
        return self._step(
            request,
            message,
            form,
            _("答复留言"),
            lambda data: services.message_answer(
                message=message, actor=request.user, reply=data["reply"]
            ),
            f"留言 {message.tracking_number} 已答复。",
        )

    def reject_view(self, request, object_id):
        message = self._step_object(request, object_id)
        form = MessageRejectForm(request.POST or None)
        return self._step(
            request,
            message,
            form,
            _("不予受理"),
            lambda data: services.message_reject(
                message=message,
                actor=request.user,
                reason=data["rejection_reason"],
                note=data["note"],
            ),
            f"留言 {message.tracking_number} 已不予受理。",
        )

    def prepare_answer_view(self, request, object_id):
        """生成公开问答 (POST): a draft the reviewer edits, redacts and publishes."""
        message = self._step_object(request, object_id)
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(message))
        try:
            answer = services.published_answer_prepare(message=message, actor=request.user)
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, error_text(error), messages.ERROR)
            return HttpResponseRedirect(self._change_url(message))
        self.message_user(request, "已生成公开问答草稿：请删去个人信息后送审。", messages.SUCCESS)
        return HttpResponseRedirect(
            reverse("admin:interaction_publishedanswer_change", args=[answer.pk])
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        message = self.get_object(request, unquote(object_id))
        extra_context = {**(extra_context or {})}
        if message is not None and can_handle_messages(request.user):
            extra_context["steps"] = {
                "open": message.is_open,
                "can_prepare_answer": (
                    message.status == Message.Status.ANSWERED
                    and message.consents_to_publication
                    and not PublishedAnswer.objects.filter(message=message).exists()
                ),
                "answer": PublishedAnswer.objects.filter(message=message).first(),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def dashboard_view(self, request):
        """留言办理台: the 3-month alarm first, then open messages by due date."""
        if not can_handle_messages(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("留言办理台"),
            "today": today,
            "alarm": list(selectors.messages_unanswered_over()),
            "alarm_months": selectors.UNANSWERED_ALARM_MONTHS,
            "rows": [(m, m.is_overdue(today)) for m in selectors.open_messages_by_due(today)],
            "reply_working_days": services.reply_working_days(),
        }
        return TemplateResponse(request, "admin/interaction/message/dashboard.html", context)


@admin.register(PublishedAnswer)
class PublishedAnswerAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
    """公开问答: created from an answered, consented message; edited (redacted) and reviewed."""

    form = PublishedAnswerAdminForm
    list_display = [
        "title",
        "box",
        "topic",
        "asked_on",
        "answered_on",
        "status_label",
        "published_at",
    ]
    list_filter = [StatusFilter, "box", "topic", YearFilter]
    search_fields = ["title", "question", "answer"]
    readonly_fields = ("message", *PublishableAdminMixin.readonly_fields)
    fieldsets = [
        (None, {"fields": ["message", "box", "topic", "title"]}),
        (_("公开内容（请删去姓名、电话、住址等个人信息）"), {"fields": ["question", "answer"]}),
        (
            _("日期与单位"),
            {"fields": ["asked_on", "answered_on", "answering_unit", "published_at"]},
        ),
        (_("审核信息"), {"fields": PublishableAdminMixin.readonly_fields}),
    ]

    def has_add_permission(self, request):
        # Created from a message (“生成公开问答”), so it is always tied to the consent.
        return False
