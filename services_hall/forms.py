"""Forms of the service guides: the public search (GET) and the staff form upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from disclosure.uploads import validate_attachment

from .models import ServiceForm

QUERY_MAX_LENGTH = 50


class ServiceSearchForm(forms.Form):
    """检索办事事项: a keyword over 事项名称、设定依据、申请条件."""

    q = forms.CharField(
        label=_("事项关键词"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        strip=True,
        error_messages={"max_length": _("关键词最多%(limit_value)d个字，请缩短后重新检索。")},
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("例如：演出、文物、娱乐场所")}
        ),
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, auto_id="service_%s", **kwargs)

    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


class ServiceFormAdminForm(forms.ModelForm):
    """An uploaded form is validated like a disclosure attachment (type, size, content)."""

    class Meta:
        model = ServiceForm
        fields = ["name", "file", "order"]

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and not self.instance.pk:
            validate_attachment(uploaded)
        return uploaded
