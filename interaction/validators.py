"""Checks of what citizens type in the 互动交流 forms, shared by the forms and the services."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from requests_app.validators import normalise_phone

CONTACT_INVALID = (
    "联系方式格式不正确：请填写11位手机号、带区号的固定电话（如 024-12345678）或电子邮箱。"
)


def normalise_contact(value: str) -> str | None:
    """A phone number in standard form or a lower-cased email address; None when neither."""
    value = unicodedata.normalize("NFKC", value or "").strip()
    if not value:
        return None
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            return None
        local, _sep, domain = value.rpartition("@")
        return f"{local}@{domain.lower()}"
    return normalise_phone(value)


def clean_text(value: str) -> str:
    """Trim a citizen's text and unify line breaks (the length cap counts characters)."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def too_long_message(label: str, limit: int, length: int) -> str:
    return f"{label}最多{limit}个字，您填写了{length}个字，请精简后再提交（已保留您填写的内容）。"
