"""Checks of what an applicant types: identity numbers, phone numbers, and the rules of 第29条
that tie fields together (an email address for 电子邮件 delivery, an address for 邮寄 …).

`application_data_errors` is the single source of those cross-field rules: the public form shows
its messages next to the fields, and `services.submission` refuses the same data from any other
caller (staff registration, commands), so the two can never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from django.utils.translation import gettext as _

from integrity.checks import is_valid_id_number

from .models import ApplicantType, Application, IdType

# --- 统一社会信用代码 (GB 32100-2015) ------------------------------------------------------------

#: The 31 characters of the code (no I, O, Z, S, V), in the order of their values 0–30.
CREDIT_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Weight of position i (1–17) is 3^(i-1) mod 31.
CREDIT_CODE_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_CREDIT_CODE_RE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")


def credit_code_check_character(first17: str) -> str:
    """The 18th character (校验码) of a 统一社会信用代码 whose first 17 characters are given.

    GB 32100-2015 §4.2: C18 = 31 - (Σ Ci·Wi mod 31), where a result of 31 is written 0.
    """
    total = sum(
        CREDIT_CODE_CHARACTERS.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARACTERS[(31 - total % 31) % 31]


def is_valid_credit_code(value: str) -> bool:
    """A well-formed 18-character 统一社会信用代码 with a correct check character.

    Positions 3–8 are the 行政区划码 (digits); the other positions use the 31-character set.
    """
    value = normalise_code(value)
    if not _CREDIT_CODE_RE.fullmatch(value):
        return False
    return credit_code_check_character(value[:17]) == value[17]


def normalise_code(value: str) -> str:
    """Full-width characters to ASCII, spaces removed, upper case (证件号码、信用代码)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).upper()


# --- Phone numbers ---------------------------------------------------------------------------

_MOBILE_RE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
# Area code (010 and 020–029 have three digits, all others four), a 7–8 digit number not
# starting with 0 or 1, an optional extension.
_LANDLINE_RE = re.compile(
    r"(0[12]\d|0[3-9]\d{2})-?([2-9]\d{6,7})(?:(?:-|转|ext\.?)(\d{1,6}))?", re.IGNORECASE
)


def normalise_phone(value: str) -> str | None:
    """A mainland mobile (13912345678) or landline (024-12345678[-123]) number in a standard
    form, or None when ``value`` is neither.

    Accepts full-width digits, spaces, brackets around the area code and a +86 prefix.
    """
    compact = unicodedata.normalize("NFKC", value or "")
    compact = re.sub(r"[\s()（）]", "", compact).replace("—", "-").replace("－", "-")
    if match := _MOBILE_RE.fullmatch(compact.replace("-", "")):
        return match.group(1)
    if match := _LANDLINE_RE.fullmatch(compact):
        area, number, extension = match.groups()
        return f"{area}-{number}" + (f"-{extension}" if extension else "")
    return None


def is_valid_postcode(value: str) -> bool:
    return re.fullmatch(r"\d{6}", value or "") is not None


# --- The rules of an application -------------------------------------------------------------

#: ID types whose number is checked by its checksum; any other type needs an uploaded proof.
CHECKSUM_ID_TYPES = frozenset({IdType.RESIDENT_ID, IdType.CREDIT_CODE})
#: ID types an organisation may give; a natural person may give every other one.
ORGANISATION_ID_TYPES = frozenset({IdType.CREDIT_CODE, IdType.OTHER})


def proof_required(id_type: str) -> bool:
    """Is an uploaded 身份证明 required for this ID type? (yes unless a checksum vouches for it)"""
    return id_type not in CHECKSUM_ID_TYPES


def application_data_errors(data: Mapping[str, object]) -> dict[str, str]:
    """Field → Chinese message for every rule of 第29条 that ``data`` breaks (empty if none).

    ``data`` holds `Application` field values (as the form's cleaned data or a service caller
    passes them); values are expected already normalised (see `normalise_code`).
    """
    errors: dict[str, str] = {}
    applicant_type = data.get("applicant_type")
    id_type = data.get("id_type")
    id_number = str(data.get("id_number") or "")
    organisation = applicant_type in ApplicantType.organisation_types()

    if organisation and not data.get("contact_person"):
        errors["contact_person"] = _("法人或其他组织申请的，请填写联系人姓名。")
    if id_type:
        if organisation and id_type not in ORGANISATION_ID_TYPES:
            errors["id_type"] = _(
                "法人或其他组织请选择“统一社会信用代码”或“其他证件（请上传证明）”。"
            )
        elif applicant_type == ApplicantType.NATURAL_PERSON and id_type == IdType.CREDIT_CODE:
            errors["id_type"] = _("自然人请选择个人身份证件类型。")
    if id_type == IdType.RESIDENT_ID and "id_type" not in errors:
        if not id_number:
            errors["id_number"] = _("请填写居民身份证号码。")
        elif not is_valid_id_number(id_number):
            errors["id_number"] = _("居民身份证号码不正确，请核对18位号码（最后一位可能是X）。")
    elif id_type == IdType.CREDIT_CODE and "id_type" not in errors:
        if not id_number:
            errors["id_number"] = _("请填写统一社会信用代码。")
        elif not is_valid_credit_code(id_number):
            errors["id_number"] = _(
                "统一社会信用代码不正确，请核对18位代码（可在营业执照等证照上查到）。"
            )
    elif id_type and id_type != IdType.OTHER and not id_number:
        errors["id_number"] = _("请填写证件号码。")

    delivery = data.get("delivery")
    if delivery == Application.Delivery.EMAIL and not data.get("email"):
        errors["email"] = _("选择以电子邮件方式获取信息的，请填写电子邮箱。")
    if delivery == Application.Delivery.POST and not data.get("address"):
        errors["address"] = _("选择邮寄方式获取信息的，请填写通信地址。")
    postcode = data.get("postcode")
    if postcode and not is_valid_postcode(str(postcode)):
        errors["postcode"] = _("邮政编码应为6位数字。")
    return errors
