"""Staff admin of 网上办事: themes, and service items through the review workflow.

Materials (办理材料) and forms (申请表格) are inlines whose changes go through
`services_hall.services` (validated uploads, re-approval of a published item).
"""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from publishing.admin import PublishableAdminMixin, StatusFilter, YearFilter
from publishing.forms import PublishableAdminForm
from publishing.services import can_publish

from . import services
from .forms import ServiceFormAdminForm
from .models import RequiredMaterial, ServiceForm, ServiceItem, ServiceTheme


@admin.register(ServiceTheme)
class ServiceThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order", "description"]
    list_editable = ["order"]
    search_fields = ["name"]


class ServiceItemAdminForm(PublishableAdminForm):
    class Meta:
        model = ServiceItem
        fields = "__all__"


class _ItemPartInline(admin.TabularInline):
    """Parts of a published item are changed by reviewers only."""

    extra = 1

    def _parent_editable(self, request, obj) -> bool:
        return (
            obj is None
            or obj.status != ServiceItem.Status.PUBLISHED
            or can_publish(request.user, ServiceItem)
        )

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_editable(request, obj)


class RequiredMaterialInline(_ItemPartInline):
    model = RequiredMaterial
    fields = ["name", "form", "note", "order"]


class ServiceFormInline(_ItemPartInline):
    model = ServiceForm
    form = ServiceFormAdminForm
    fields = ["name", "file", "order", "type_label", "size_label", "uploaded_at"]
    readonly_fields = ["type_label", "size_label", "uploaded_at"]

    @admin.display(description=_("类型"))
    def type_label(self, form: ServiceForm) -> str:
        return form.extension.upper() if form.pk else "—"

    @admin.display(description=_("大小"))
    def size_label(self, form: ServiceForm) -> str:
        return filesizeformat(form.size) if form.pk else "—"


@admin.register(ServiceItem)
class ServiceItemAdmin(PublishableAdminMixin, SimpleHistoryAdmin):
    form = ServiceItemAdminForm
    inlines = [RequiredMaterialInline, ServiceFormInline]
    list_display = ["name", "theme", "item_type", "organisation", "status_label", "published_at"]
    list_filter = [StatusFilter, "theme", "item_type", YearFilter]
    list_select_related = ["theme", "organisation"]
    search_fields = ["name", "legal_basis"]
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
        (_("事项"), {"fields": ["name", "theme", "item_type", "organisation"]}),
        (
            _("办事指南要素"),
            {
                "fields": [
                    "legal_basis",
                    "conditions",
                    "procedure",
                    "statutory_days",
                    "promised_days",
                    "fees",
                    "consult_phone",
                    "complaint_phone",
                    "location",
                    "office_hours",
                    "online_url",
                ],
                "description": _(
                    "事项名称、设定依据、申请条件、办理材料、办理流程、办理时限、收费标准、"
                    "咨询电话是检查指标中的办事指南重点要素，请逐项填写；未填写的在网站上显示为“无”。"
                ),
            },
        ),
        (_("发布"), {"fields": ["published_at"]}),
        (_("审核信息"), {"fields": review_fields}),
    ]

    def review_context(self, request, obj: ServiceItem) -> dict:
        return {"materials": obj.materials.all(), "service_forms": obj.forms.all()}

    def save_formset(self, request, form, formset, change):
        item = form.instance
        if formset.model is RequiredMaterial:
            for inline_form in formset.forms:
                if not inline_form.has_changed() and inline_form.instance.pk is None:
                    continue
                material = inline_form.instance
                if inline_form in formset.deleted_forms:
                    if material.pk:
                        services.material_delete(material=material, actor=request.user)
                elif inline_form.has_changed():
                    material.item = item
                    services.material_save(material=material, actor=request.user)
        elif formset.model is ServiceForm:
            for inline_form in formset.initial_forms:
                instance = inline_form.instance
                if inline_form in formset.deleted_forms:
                    services.service_form_delete(form=instance, actor=request.user)
                elif inline_form.has_changed():
                    services.service_form_update(
                        form=instance,
                        actor=request.user,
                        name=inline_form.cleaned_data.get("name", ""),
                        order=inline_form.cleaned_data.get("order") or 0,
                    )
            for inline_form in formset.extra_forms:
                if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                    continue
                uploaded = inline_form.cleaned_data.get("file")
                if uploaded:
                    services.service_form_add(
                        item=item,
                        uploaded=uploaded,
                        actor=request.user,
                        name=inline_form.cleaned_data.get("name", ""),
                        order=inline_form.cleaned_data.get("order") or 0,
                    )
        else:
            return super().save_formset(request, form, formset, change)
        formset.new_objects = formset.changed_objects = formset.deleted_objects = []
        return None
