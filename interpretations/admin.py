"""Staff admin of 政策解读: interpretations (through the publishing workflow) and the policies
marked as needing one, with the timing warnings (解读时效预警)."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from publishing.admin import PublishableAdminMixin, StatusFilter, YearFilter
from publishing.forms import PublishableAdminForm

from . import selectors, services
from .models import Interpretation, InterpretationRequirement

ADMIN_MEDIA = forms.Media(css={"all": ["interpretations/admin.css"]})
#: Web addresses typed without a scheme are taken as https (Django 6's default, stated now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def https_formfield(db_field, **kwargs):
    """Form field of a model field; URLs typed without a scheme are taken as https."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


def warning_html(text: str):
    return format_html('<span class="timing timing--warning">{}</span>', text)


class InterpretationAdminForm(PublishableAdminForm):
    class Meta:
        model = Interpretation
        fields = "__all__"
        formfield_callback = https_formfield
        widgets = {
            "title": forms.TextInput(attrs={"class": "vLargeTextField", "size": 80}),
            "body": forms.Textarea(attrs={"rows": 20, "cols": 100, "class": "vLargeTextField"}),
            "summary": forms.Textarea(attrs={"rows": 3, "cols": 100}),
        }


class PolicyKindFilter(admin.SimpleListFilter):
    """解读对象: a portal document or an external policy."""

    title = _("解读对象")
    parameter_name = "policy"

    def lookups(self, request, model_admin):
        return [("document", _("本网站政策文件")), ("external", _("外部政策"))]

    def queryset(self, request, queryset):
        if self.value() == "document":
            return queryset.filter(document__isnull=False)
        if self.value() == "external":
            return queryset.filter(document__isnull=True)
        return queryset


@admin.register(Interpretation)
class InterpretationAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
    form = InterpretationAdminForm
    formfield_overrides = URL_FIELDS
    list_display = [
        "title",
        "form",
        "policy_label",
        "organisation",
        "status_label",
        "published_at",
        "timeliness",
    ]
    list_filter = [StatusFilter, "form", PolicyKindFilter, "organisation", YearFilter]
    list_select_related = ["organisation", "document"]
    search_fields = [
        "title",
        "interpreter",
        "policy_title",
        "policy_number",
        "document__title",
        "document__document_number",
    ]
    autocomplete_fields = ["document"]
    fieldsets = [
        (_("解读"), {"fields": ["title", "form", "organisation", "interpreter", "summary"]}),
        (
            _("解读的政策"),
            {
                "fields": ["document", "policy_title", "policy_number", "policy_url"],
                "description": _(
                    "二选一：选择本网站已发布的政策文件；或解读外部政策（如国家政策）时，"
                    "填写其标题、文号和网址。"
                ),
            },
        ),
        (_("内容"), {"fields": ["body", "media_url"]}),
        (
            _("发布"),
            {
                "fields": ["published_at"],
                "description": _(
                    "解读原则上与政策文件同步发布，最迟不超过政策文件发布后规定的工作日数。"
                ),
            },
        ),
        (_("审核信息"), {"fields": list(PublishableAdminMixin.readonly_fields)}),
    ]

    @property
    def media(self):
        return super().media + ADMIN_MEDIA

    @admin.display(description=_("解读的政策"))
    def policy_label(self, obj: Interpretation) -> str:
        if obj.document_id:
            return obj.document.title
        number = f"（{obj.policy_number}）" if obj.policy_number else ""
        return f"{obj.policy_title}{number}"

    @admin.display(description=_("发布时效"))
    def timeliness(self, obj: Interpretation):
        lateness = selectors.interpretation_lateness(obj)
        return warning_html(lateness.message) if lateness else "—"


class InterpretationStateFilter(admin.SimpleListFilter):
    """解读情况: whether a published interpretation exists."""

    title = _("解读情况")
    parameter_name = "interpreted"

    def lookups(self, request, model_admin):
        return [("no", _("尚无已发布的解读")), ("yes", _("已有解读"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(first_interpretation_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(first_interpretation_at__isnull=False)
        return queryset


class InterpretationRequirementForm(forms.ModelForm):
    class Meta:
        model = InterpretationRequirement
        fields = ["document", "note"]


@admin.register(InterpretationRequirement)
class InterpretationRequirementAdmin(SimpleHistoryAdmin):
    """须解读的政策文件, with each policy's interpretation state and the warnings on top."""

    form = InterpretationRequirementForm
    change_list_template = "admin/interpretations/interpretationrequirement/change_list.html"
    list_display = ["document", "policy_published_at", "state_label", "due_on", "first_on", "note"]
    list_filter = [InterpretationStateFilter]
    search_fields = ["document__title", "document__document_number", "note"]
    autocomplete_fields = ["document"]

    @property
    def media(self):
        return super().media + ADMIN_MEDIA

    def get_queryset(self, request):
        return selectors.requirements_with_first_interpretation(super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "document":
            kwargs["queryset"] = selectors.documents_for_interpretation()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.interpretation_requirement_mark(
            document=obj.document, actor=request.user, note=obj.note
        )

    def changelist_view(self, request, extra_context=None):
        warnings = [t for t in selectors.policy_timings() if t.state.is_warning]
        extra_context = {
            **(extra_context or {}),
            "timing_warnings": warnings,
            "deadline_days": selectors.deadline_working_days(),
        }
        return super().changelist_view(request, extra_context)

    def _timing(self, obj: InterpretationRequirement) -> selectors.PolicyTiming:
        cache = getattr(obj, "_timing_cache", None)
        if cache is None:
            cache = selectors.policy_timing(obj, first_published_at=obj.first_interpretation_at)
            obj._timing_cache = cache
        return cache

    @admin.display(description=_("政策发布日期"), ordering="document__published_at")
    def policy_published_at(self, obj: InterpretationRequirement):
        published = obj.document.published_at
        return selectors.local_date(published) if published else "—"

    @admin.display(description=_("解读情况"))
    def state_label(self, obj: InterpretationRequirement):
        timing = self._timing(obj)
        label = timing.state.label + (f"：{timing.message}" if timing.message else "")
        return warning_html(label) if timing.state.is_warning else label

    @admin.display(description=_("解读期限"))
    def due_on(self, obj: InterpretationRequirement):
        return self._timing(obj).due_on or "—"

    @admin.display(description=_("首次解读发布"), ordering="first_interpretation_at")
    def first_on(self, obj: InterpretationRequirement):
        return self._timing(obj).first_published_on or "—"
