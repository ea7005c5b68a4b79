"""Admin of organisations (机构) and the site profile (站点信息)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Organisation, SiteProfile


def render_index_number(template: str, *, code: str, year: int, serial: int) -> str:
    """An 索引号 from `template`; ValidationError when the template cannot be used."""
    if "{serial" not in template:
        raise ValidationError(_("索引号模板必须包含年度流水号占位符 {serial}，否则索引号会重复。"))
    try:
        return template.format(code=code, year=year, serial=serial)
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            _("索引号模板无效：%(error)s。只能使用 {code}、{year}、{serial} 三个占位符。"),
            params={"error": error},
        ) from error


class OrganisationAdminForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = "__all__"

    def clean_index_number_template(self):
        template = self.cleaned_data["index_number_template"]
        render_index_number(template, code="CODE", year=2000, serial=1)
        return template


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    list_display = [
        "name", "short_name", "parent", "code", "index_number_example", "phone", "order",
    ]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["index_number_example"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "parent", "order"]}),
        (_("索引号"), {"fields": ["code", "index_number_template", "index_number_example"]}),
        (_("联系方式（公开指南）"), {
            "fields": ["address", "postcode", "phone", "fax", "email", "office_hours"],
        }),
    ]

    @admin.display(description=_("索引号示例"))
    def index_number_example(self, organisation: Organisation) -> str:
        if not organisation.code:
            return "—"
        try:
            return render_index_number(
                organisation.index_number_template,
                code=organisation.code,
                year=timezone.localdate().year,
                serial=1,
            )
        except ValidationError:
            return _("模板无效")


@admin.register(SiteProfile)
class SiteProfileAdmin(admin.ModelAdmin):
    """The single site profile: it can be added once and never deleted."""

    list_display = ["site_name", "host", "site_id_code", "icp_number"]
    list_select_related = ["host"]
    autocomplete_fields = ["host"]
    fieldsets = [
        (None, {"fields": ["site_name", "host", "site_domain", "site_id_code"]}),
        (_("备案"), {"fields": ["icp_number", "police_record_number"]}),
        (_("联系方式"), {
            "fields": ["contact_phone", "contact_email", "contact_address", "error_report_email"],
        }),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
