"""Public forms of the 依申请公开 section. Forms only parse and validate input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .deadlines import MAX_EXTENSION_DAYS


class DeadlineQueryForm(forms.Form):
    """答复期限计算器: the start date and an optional extension (延长答复期限)."""

    start = forms.DateField(
        label=_("收到申请之日"),
        input_formats=["%Y-%m-%d"],
        help_text=_("格式：YYYY-MM-DD。补正后重新起算的，填写收到补正申请之日。"),
        error_messages={
            "required": _("请填写收到申请之日（格式 YYYY-MM-DD，例如 2026-03-05）。"),
            "invalid": _("日期无效，请按 YYYY-MM-DD 格式填写一个真实存在的日期，例如 2026-03-05。"),
        },
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    extension = forms.IntegerField(
        label=_("延长答复期限（工作日）"),
        required=False,
        min_value=0,
        max_value=MAX_EXTENSION_DAYS,
        initial=0,
        help_text=_("经政府信息公开工作机构负责人同意延长的工作日数，0–20。"),
        error_messages={
            "invalid": _("请填写 0 至 20 之间的整数。"),
            "min_value": _("延长的工作日数不能为负数。"),
            "max_value": _(
                "延长的期限最长不得超过20个工作日（《中华人民共和国政府信息公开条例》第三十三条第二款）。"
            ),
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_EXTENSION_DAYS, "step": 1}),
    )

    def clean_extension(self) -> int:
        return self.cleaned_data.get("extension") or 0

    def error_text(self) -> str:
        """All errors in one Chinese sentence, naming the query parameter (for the API)."""
        parts = []
        for name, errors in self.errors.items():
            prefix = f"参数 {name}（{self.fields[name].label}）：" if name in self.fields else ""
            parts.extend(f"{prefix}{message}" for message in errors)
        return "；".join(parts)
