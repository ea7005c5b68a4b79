"""Staff admin of 建议提案办理: proposals (with co-handling units), result classes, replies
(through the publishing workflow) and the dashboard (建议提案办理台) at
/admin/proposals/proposal/dashboard/."""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from publishing.admin import PublishableAdminMixin, StatusFilter, YearFilter
from publishing.forms import PublishableAdminForm

from . import selectors, services
from .models import Proposal, ProposalCoHandler, ProposalReply, ResultClass

ADMIN_MEDIA = forms.Media(css={"all": ["proposals/admin.css"]})


def overdue_html(text) -> str:
    return format_html('<span class="proposal-overdue">{}</span>', text)


@admin.register(ResultClass)
class ResultClassAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "description", "order"]
    list_editable = ["label", "order"]
    ordering = ["order", "code"]


class CoHandlerInline(admin.TabularInline):
    model = ProposalCoHandler
    extra = 1
    autocomplete_fields = ["organisation"]


class OpenFilter(admin.SimpleListFilter):
    """办理状态: open, overdue, answered."""

    title = _("办理状态")
    parameter_name = "handling"

    def lookups(self, request, model_admin):
        return [("open", _("办理中")), ("overdue", _("已超期未答复")), ("answered", _("已答复"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "overdue":
            return queryset.open().filter(due_on__lt=timezone.localdate())
        if self.value() == "answered":
            return queryset.filter(answered_on__isnull=False)
        return queryset


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    inlines = [CoHandlerInline]
    list_display = [
        "number",
        "title",
        "kind",
        "year",
        "lead_unit",
        "due_label",
        "answered_on",
        "result_class",
        "consent",
    ]
    list_display_links = ["number", "title"]
    list_filter = [OpenFilter, "kind", "year", "result_class", "consent", "lead_unit"]
    list_select_related = ["lead_unit", "result_class"]
    search_fields = ["number", "title", "proposers", "delegation"]
    autocomplete_fields = ["lead_unit"]
    readonly_fields = ["due_on"]
    fieldsets = [
        (
            _("建议提案"),
            {
                "fields": [
                    "kind",
                    "category",
                    "year",
                    "congress_term",
                    "session",
                    "number",
                    "title",
                    "content_summary",
                ]
            },
        ),
        (
            _("提出人"),
            {
                "fields": ["proposers", "delegation", "contact_details"],
                "description": _("联系方式仅供办理联系，任何情况下不在网站公开。"),
            },
        ),
        (
            _("交办与答复"),
            {
                "fields": [
                    "lead_unit",
                    "assigned_on",
                    "is_complex",
                    "due_on",
                    "answered_on",
                    "result_class",
                    "satisfaction",
                ],
                "description": _(
                    "答复期限由系统按交办日期计算：三个月，涉及面广、处理难度大的六个月"
                    "（到期月的对应日，无对应日的为月末日）。"
                ),
            },
        ),
        (
            _("公开"),
            {
                "fields": ["consent", "consent_reason"],
                "description": _(
                    "答复代表委员时一并征求其对公开的意见；除联系方式、涉密内容外原则上"
                    "全文公开，答复后20个工作日内公开。"
                ),
            },
        ),
    ]

    @property
    def media(self):
        return super().media + ADMIN_MEDIA

    @admin.display(description=_("答复期限"), ordering="due_on")
    def due_label(self, obj: Proposal):
        if obj.answered_on is None and obj.due_on < timezone.localdate():
            return overdue_html(f"{obj.due_on:%Y-%m-%d}（已超期）")
        return obj.due_on

    def save_model(self, request, obj, form, change):
        services.proposal_save(proposal=obj, actor=request.user)

    def get_urls(self):
        return [
            path(
                "dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="proposals_proposal_dashboard",
            ),
            *super().get_urls(),
        ]

    def dashboard_view(self, request):
        """建议提案办理台: open items by due date, overdue in red; late publications flagged."""
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("建议提案办理台"),
            "board": selectors.dashboard(),
            "publish_days": selectors.publish_working_days(),
            "media": self.media,
        }
        return TemplateResponse(request, "admin/proposals/proposal/dashboard.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "show_dashboard_link": True}
        return super().changelist_view(request, extra_context)


class ProposalReplyAdminForm(PublishableAdminForm):
    class Meta:
        model = ProposalReply
        fields = "__all__"
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField", "size": 80}),
            "body": forms.Textarea(attrs={"rows": 20, "cols": 100, "class": "vLargeTextField"}),
            "abstract": forms.Textarea(attrs={"rows": 5, "cols": 100}),
        }


@admin.register(ProposalReply)
class ProposalReplyAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
    form = ProposalReplyAdminForm
    list_display = ["title", "kind", "consent", "status_label", "published_at", "publish_timing"]
    list_filter = [StatusFilter, "proposal__kind", "proposal__consent", YearFilter]
    list_select_related = ["proposal"]
    search_fields = ["title", "proposal__number", "proposal__title"]
    autocomplete_fields = ["proposal"]
    fieldsets = [
        (None, {"fields": ["proposal", "title"]}),
        (
            _("答复件"),
            {
                "fields": ["body", "abstract"],
                "description": _(
                    "全文公开的填写答复全文；代表委员同意摘要公开的填写答复摘要。"
                    "公开前须删除代表委员的联系方式和涉密内容。"
                ),
            },
        ),
        (_("发布"), {"fields": ["published_at"]}),
        (_("审核信息"), {"fields": list(PublishableAdminMixin.readonly_fields)}),
    ]

    @property
    def media(self):
        return super().media + ADMIN_MEDIA

    @admin.display(description=_("类型"), ordering="proposal__kind")
    def kind(self, obj: ProposalReply) -> str:
        return obj.proposal.get_kind_display()

    @admin.display(description=_("公开方式"), ordering="proposal__consent")
    def consent(self, obj: ProposalReply) -> str:
        return obj.proposal.get_consent_display()

    @admin.display(description=_("公开时效"))
    def publish_timing(self, obj: ProposalReply):
        timing = selectors.publish_timing(obj.proposal, obj)
        if timing is None:
            return "—"
        return overdue_html(timing.message) if timing.late else timing.message

    def review_rows(self, obj: ProposalReply):
        proposal = obj.proposal
        return [
            ("建议提案", str(proposal)),
            ("公开方式", proposal.get_consent_display()),
            ("理由", proposal.consent_reason or "—"),
            ("答复摘要", obj.abstract or "—"),
        ]

    def review_context(self, request, obj: ProposalReply) -> dict:
        errors = obj.publication_errors()
        return {"publication_errors": errors}
