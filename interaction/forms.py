"""Forms of 互动交流. Forms only parse and validate; the services write.

Public forms carry a honeypot (``homepage``: hidden from people, filled by bots) and a
``submission_key`` (a UUID in a hidden field) so that a double click stores one submission.
Length caps are checked by the services' rules (`comment_data_errors`,
`message_data_errors`), not by ``maxlength`` on the widget, so an oversized text comes back
with a Chinese message and the text kept, instead of being cut silently by the browser.
"""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from publishing.forms import PublishableAdminForm

from .models import (
    COMMENT_MAX_CHARS,
    MESSAGE_MAX_CHARS,
    Box,
    Comment,
    Consultation,
    ConsultationFeedback,
    Message,
    Phase,
    PublishedAnswer,
    Topic,
)
from .services import comment_data_errors, message_data_errors
from .validators import normalise_contact

PHONE_INVALID = _("联系电话格式不正确：请填写11位手机号，或带区号的固定电话（如 024-12345678）。")


class PublicSubmissionForm(forms.Form):
    """Honeypot and idempotency key shared by the public forms."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    homepage = forms.CharField(
        label=_("请勿填写"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    #: Rules shared with the service: a function returning {field: message}.
    data_errors = staticmethod(lambda data: {})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    @property
    def is_spam(self) -> bool:
        """The honeypot was filled (call after `is_valid`)."""
        return bool(self.cleaned_data.get("homepage"))

    def clean(self):
        cleaned = super().clean()
        for name, message in type(self).data_errors(cleaned).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def service_data(self) -> dict:
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in ("submission_key", "homepage")
        }


class CommentForm(PublicSubmissionForm):
    """提交意见: name optional (shown as 匿名), contact required and never published."""

    name = forms.CharField(
        label=_("姓名（选填）"),
        required=False,
        max_length=50,
        help_text=_("不填写的，公开时显示为“匿名”。"),
        error_messages={"max_length": _("姓名最多50个字。")},
    )
    contact = forms.CharField(
        label=_("联系方式"),
        required=False,
        max_length=254,
        help_text=_("手机号、带区号的固定电话或电子邮箱，仅供工作人员联系，不会公开。"),
        error_messages={"max_length": _("联系方式最多254个字符。")},
    )
    content = forms.CharField(
        label=_("意见内容"),
        required=False,
        help_text=_("最多%(n)s个字。意见经审核后公开。") % {"n": COMMENT_MAX_CHARS},
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    privacy_consent = forms.BooleanField(
        label=_("我已阅读并同意本页的隐私声明"),
        error_messages={"required": _("请阅读隐私声明并勾选同意，否则无法提交意见。")},
    )

    data_errors = staticmethod(comment_data_errors)

    def clean_contact(self) -> str:
        value = self.cleaned_data["contact"]
        return normalise_contact(value) or value


class MessageForm(PublicSubmissionForm):
    """写留言 (网上咨询 / 领导信箱)."""

    box = forms.ChoiceField(
        label=_("信箱"),
        choices=Box.choices,
        initial=Box.CONSULTATION,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择留言的信箱。"),
            "invalid_choice": _("请从列出的信箱中选择。"),
        },
    )
    topic = forms.ChoiceField(
        label=_("类别"),
        choices=[("", _("请选择")), *Topic.choices],
        error_messages={
            "required": _("请选择留言类别。"),
            "invalid_choice": _("请从列表中选择留言类别。"),
        },
    )
    subject = forms.CharField(label=_("标题"), required=False, help_text=_("最多100个字。"))
    content = forms.CharField(
        label=_("留言内容"),
        required=False,
        help_text=_("最多%(n)s个字。请勿在内容中填写身份证号、电话等个人信息。")
        % {"n": MESSAGE_MAX_CHARS},
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    name = forms.CharField(
        label=_("姓名"),
        required=False,
        max_length=50,
        error_messages={"max_length": _("姓名最多50个字。")},
    )
    phone = forms.CharField(
        label=_("联系电话"),
        required=False,
        max_length=30,
        help_text=_("联系电话和电子邮箱至少填写一项，不会公开。"),
        error_messages={"max_length": _("联系电话最多30个字符。")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        max_length=254,
        help_text=_("填写后，留言编号、查询码和答复通知将发送到该邮箱。"),
        error_messages={"invalid": _("请填写有效的电子邮箱地址，例如 name@example.com。")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consents_to_publication = forms.TypedChoiceField(
        label=_("是否同意公开"),
        choices=[("1", _("同意公开（删去个人信息后，问答可在网站公开）")), ("0", _("不公开"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择是否同意公开。"),
            "invalid_choice": _("请选择“同意公开”或“不公开”。"),
        },
    )
    privacy_consent = forms.BooleanField(
        label=_("我已阅读并同意本页的隐私声明"),
        required=False,
    )

    data_errors = staticmethod(message_data_errors)

    def clean_phone(self) -> str:
        from requests_app.validators import normalise_phone

        value = self.cleaned_data["phone"].strip()
        if not value:
            return ""
        phone = normalise_phone(value)
        if phone is None:
            raise forms.ValidationError(PHONE_INVALID)
        return phone


class LookupForm(forms.Form):
    """留言查询: tracking number and secret query code."""

    tracking_number = forms.CharField(
        label=_("留言编号"),
        max_length=20,
        help_text=_("例如：ZX-2026-000123"),
        error_messages={
            "required": _("请填写留言编号。"),
            "max_length": _("留言编号不正确，格式如 ZX-2026-000123。"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    query_code = forms.CharField(
        label=_("查询码"),
        max_length=64,
        error_messages={"required": _("请填写查询码。"), "max_length": _("查询码不正确。")},
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_tracking_number(self) -> str:
        return self.cleaned_data["tracking_number"].strip().upper()

    def clean_query_code(self) -> str:
        return self.cleaned_data["query_code"].strip()


# --- Public filters (GET): bad values are ignored, never an error page -------------------------


class ConsultationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("征集状态"), required=False, choices=[("", _("全部")), *Phase.choices]
    )

    def phase(self) -> Phase | None:
        if self.is_valid() and self.cleaned_data["status"]:
            return Phase(self.cleaned_data["status"])
        return None


class AnswerFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=50)
    box = forms.ChoiceField(
        label=_("信箱"), required=False, choices=[("", _("全部")), *Box.choices]
    )
    topic = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部")), *Topic.choices]
    )
    year = forms.TypedChoiceField(label=_("年份"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部")), *((y, f"{y}年") for y in years)]

    def filters(self) -> dict:
        """Valid filter values only; an invalid one is dropped (and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": (data.get("q") or "").strip(),
            "box": data.get("box") or "",
            "topic": data.get("topic") or "",
            "year": data.get("year"),
        }


class StatsYearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年份"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in years]


# --- Staff (admin) forms -----------------------------------------------------------------------


class ConsultationAdminForm(PublishableAdminForm):
    class Meta:
        model = Consultation
        fields = "__all__"


class ConsultationFeedbackAdminForm(PublishableAdminForm):
    class Meta:
        model = ConsultationFeedback
        fields = "__all__"


class PublishedAnswerAdminForm(PublishableAdminForm):
    class Meta:
        model = PublishedAnswer
        fields = "__all__"

    def personal_data_error_field(self) -> str | None:
        return "question"


class CommentModerationForm(forms.Form):
    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(
        label=_("审核结果"),
        widget=forms.RadioSelect,
        choices=[(APPROVE, _("公开")), (REJECT, _("不予公开"))],
        error_messages={"required": _("请选择“公开”或“不予公开”。")},
    )
    public_content = forms.CharField(
        label=_("公开内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=_("默认为原文；公开前请删去姓名以外的个人信息（电话、身份证号等）。"),
    )
    reply = forms.CharField(
        label=_("回复（选填，随意见公开）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )
    reason = forms.CharField(label=_("不予公开理由"), required=False, max_length=200)

    def moderation(self) -> Comment.Moderation:
        if self.cleaned_data["decision"] == self.APPROVE:
            return Comment.Moderation.APPROVED
        return Comment.Moderation.REJECTED


class MessageAssignForm(forms.Form):
    assigned_unit = forms.ModelChoiceField(
        label=_("承办单位"), queryset=None, error_messages={"required": _("请选择承办单位。")}
    )
    handler = forms.ModelChoiceField(label=_("承办人（选填）"), queryset=None, required=False)

    def __init__(self, *args, units, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_unit"].queryset = units
        self.fields["handler"].queryset = handlers


class MessageAnswerForm(forms.Form):
    reply = forms.CharField(
        label=_("答复内容"),
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        error_messages={"required": _("请填写答复内容。")},
    )


class MessageRejectForm(forms.Form):
    rejection_reason = forms.ChoiceField(
        label=_("不予受理理由"),
        choices=Message.RejectionReason.choices,
        error_messages={"required": _("请选择不予受理的理由。")},
    )
    note = forms.CharField(label=_("说明（选填）"), required=False, max_length=300)
