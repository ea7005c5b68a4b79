"""Public forms of the 依申请公开 section. Forms only parse and validate input."""

import unicodedata
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from .deadlines import MAX_EXTENSION_DAYS
from .models import ApplicantType, Application, IdType
from .uploads import validate_proof
from .validators import application_data_errors, normalise_code, normalise_phone, proof_required


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


# --- 政府信息公开申请 (online application form) -----------------------------------------------


def _applicant_type_choices():
    """自然人, then 法人或其他组织 with its five sub-types (table 三's columns), as groups."""
    return [
        (ApplicantType.NATURAL_PERSON.value, ApplicantType.NATURAL_PERSON.label),
        (_("法人或其他组织"), [(t.value, t.label) for t in ApplicantType.organisation_types()]),
    ]


PHONE_INVALID = _("联系电话格式不正确：请填写11位手机号，或带区号的固定电话（如 024-12345678）。")


def _required(message):
    return {"required": message}


class ApplicationForm(forms.Form):
    """The online application (第29条): who asks, for what, in which form, delivered how.

    Only parses and validates; `services.application_submit` files it. The cross-field rules
    (ID checksums, email for 电子邮件, address for 邮寄 …) come from `validators`, shared with the
    service. ``homepage`` is a honeypot: hidden from people, filled by bots.
    """

    applicant_type = forms.ChoiceField(
        label=_("申请人类型"),
        choices=_applicant_type_choices,
        error_messages={
            "required": _("请选择申请人类型。"),
            "invalid_choice": _("请从列表中选择申请人类型。"),
        },
    )
    name = forms.CharField(
        label=_("姓名/名称"),
        max_length=100,
        help_text=_("自然人填写姓名；法人或其他组织填写全称。"),
        error_messages={
            **_required(_("请填写申请人姓名或组织名称。")),
            "max_length": _("姓名/名称最多100个字。"),
        },
    )
    contact_person = forms.CharField(
        label=_("联系人"),
        max_length=50,
        required=False,
        help_text=_("法人或其他组织申请时必填。"),
        error_messages={"max_length": _("联系人姓名最多50个字。")},
    )
    id_type = forms.ChoiceField(
        label=_("证件类型"),
        choices=IdType.choices,
        initial=IdType.RESIDENT_ID,
        error_messages={
            "required": _("请选择证件类型。"),
            "invalid_choice": _("请从列表中选择证件类型。"),
        },
    )
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=40,
        required=False,
        help_text=_("居民身份证为18位号码；法人或其他组织填写18位统一社会信用代码。"),
        error_messages={"max_length": _("证件号码最多40个字符。")},
    )
    proof = forms.FileField(
        label=_("身份证明材料"),
        required=False,
        help_text=_(
            "PDF、JPG或PNG格式。选择居民身份证、统一社会信用代码以外的证件类型时必须上传。"
        ),
        error_messages={
            "invalid": _("上传失败，请重新选择文件。"),
            "empty": _("上传的文件是空的，请重新选择文件。"),
            "missing": _("上传失败，请重新选择文件。"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        help_text=_("手机号码，或带区号的固定电话（例如 024-12345678）。"),
        error_messages={
            **_required(_("请填写联系电话。")),
            "max_length": _("联系电话最多30个字符。"),
        },
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        max_length=254,
        help_text=_("填写后，申请编号和查询码将发送到该邮箱；选择电子邮件方式获取信息时必填。"),
        error_messages={"invalid": _("请填写有效的电子邮箱地址，例如 name@example.com。")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(
        label=_("通信地址"),
        max_length=200,
        required=False,
        help_text=_("选择邮寄方式获取信息时必填。"),
        error_messages={"max_length": _("通信地址最多200个字。")},
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label=_("邮政编码"),
        max_length=6,
        required=False,
        error_messages={"max_length": _("邮政编码应为6位数字。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    subject = forms.CharField(
        label=_("所需信息名称"),
        max_length=200,
        error_messages={
            **_required(_("请填写所需政府信息的名称。")),
            "max_length": _("所需信息名称最多200个字，详细内容请写在内容描述中。"),
        },
    )
    document_number = forms.CharField(
        label=_("文号（选填）"),
        max_length=60,
        required=False,
        help_text=_("例如：辽文发〔2025〕12号。"),
        error_messages={"max_length": _("文号最多60个字符。")},
    )
    description = forms.CharField(
        label=_("所需信息的内容描述"),
        max_length=5000,
        help_text=_("请尽量写明信息的形成时间、制作机关、涉及事项等特征，便于我们查找。"),
        error_messages={
            **_required(_("请描述所需政府信息的内容。")),
            "max_length": _("内容描述最多5000个字。"),
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    information_form = forms.ChoiceField(
        label=_("信息的载体形式"),
        choices=Application.InformationForm.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择所需信息的载体形式（纸质或电子）。"),
            "invalid_choice": _("请选择纸质或电子。"),
        },
    )
    delivery = forms.ChoiceField(
        label=_("获取信息的方式"),
        choices=Application.Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择获取信息的方式。"),
            "invalid_choice": _("请从列出的方式中选择。"),
        },
    )
    purpose = forms.CharField(
        label=_("用途（选填）"),
        max_length=2000,
        required=False,
        error_messages={"max_length": _("用途最多2000个字。")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    privacy_consent = forms.BooleanField(
        label=_("我已阅读并同意本页的隐私声明"),
        error_messages={"required": _("请阅读隐私声明并勾选同意，否则无法提交申请。")},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    homepage = forms.CharField(
        label=_("请勿填写"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    #: Cleaned-data keys that are not `Application` fields.
    NON_APPLICATION_FIELDS = ("proof", "submission_key", "homepage")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    @property
    def is_spam(self) -> bool:
        """The honeypot was filled (call after `is_valid`)."""
        return bool(self.cleaned_data.get("homepage"))

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_id_number(self) -> str:
        return normalise_code(self.cleaned_data["id_number"])

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data["phone"])
        if phone is None:
            raise forms.ValidationError(PHONE_INVALID)
        return phone

    def clean_postcode(self) -> str:
        return unicodedata.normalize("NFKC", self.cleaned_data["postcode"]).strip()

    def clean_proof(self):
        proof = self.cleaned_data.get("proof")
        if proof:
            validate_proof(proof)
        return proof

    def clean(self):
        cleaned = super().clean()
        for field, message in application_data_errors(cleaned).items():
            if field not in self.errors:
                self.add_error(field, message)
        id_type = cleaned.get("id_type")
        if (
            id_type
            and proof_required(id_type)
            and not cleaned.get("proof")
            and "proof" not in self.errors
        ):
            self.add_error(
                "proof",
                _("选择“%(type)s”时，请上传证件的扫描件或照片作为身份证明。")
                % {"type": IdType(id_type).label},
            )
        if self.files and self.errors:
            self.add_error(
                None, _("表单有误，已保留您填写的内容；出于安全原因，请重新选择要上传的文件。")
            )
        return cleaned

    def application_data(self) -> dict:
        """The cleaned values to file, as `Application` fields."""
        return {
            key: value
            for key, value in self.cleaned_data.items()
            if key not in self.NON_APPLICATION_FIELDS
        }

    def identities(self) -> list[str]:
        """What identifies the applicant for the per-identity rate limit."""
        return [
            f"id:{self.cleaned_data.get('id_number')}"
            if self.cleaned_data.get("id_number")
            else "",
            f"phone:{self.cleaned_data.get('phone')}" if self.cleaned_data.get("phone") else "",
        ]


class LookupForm(forms.Form):
    """申请查询: the tracking number and the secret query code, both required."""

    tracking_number = forms.CharField(
        label=_("申请编号"),
        max_length=20,
        help_text=_("例如：YSQ-2026-000123"),
        error_messages={
            "required": _("请填写申请编号。"),
            "max_length": _("申请编号不正确，格式如 YSQ-2026-000123。"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    query_code = forms.CharField(
        label=_("查询码"),
        max_length=64,
        help_text=_("提交申请时在回执上显示、并发送到您邮箱的查询码。"),
        error_messages={
            "required": _("请填写查询码。"),
            "max_length": _("查询码不正确。"),
        },
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_tracking_number(self) -> str:
        return normalise_code(self.cleaned_data["tracking_number"])

    def clean_query_code(self) -> str:
        return self.cleaned_data["query_code"].strip()
