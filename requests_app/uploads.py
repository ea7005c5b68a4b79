"""Applicants' identity proofs (身份证明): what may be uploaded, and how it is fingerprinted.

The public upload is the classic hole of government CMSs, so nothing from the client is trusted:
the extension must be on the allow-list *and* the first bytes must match it (a PHP script named
``proof.jpg`` is refused), the size is capped, and the file is stored under a random name outside
the web root (`models.private_upload_to`) and only ever served as a download to staff.
"""

from __future__ import annotations

import hashlib
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from disclosure.uploads import _content_matches

#: What the form tells people they may upload.
PROOF_TYPES_LABEL = "PDF、JPG、PNG"


def proof_extensions() -> list[str]:
    return [ext.lower() for ext in settings.REQUESTS_PROOF_EXTENSIONS]


def validate_proof(uploaded) -> str:
    """The normalised extension (pdf, jpg, png) of an acceptable proof, else ValidationError."""
    name = PurePath(uploaded.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in proof_extensions():
        raise ValidationError(
            _("不支持的文件类型“%(ext)s”，请上传 %(allowed)s 格式的证件扫描件或照片。"),
            code="extension",
            params={"ext": extension or _("无扩展名"), "allowed": PROOF_TYPES_LABEL},
        )
    limit = settings.REQUESTS_PROOF_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("文件大小为%(size)s，超过了%(limit)s的上限，请压缩后重新上传。"),
            code="size",
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
        )
    if uploaded.size == 0 or not _content_matches(extension, uploaded.file):
        raise ValidationError(
            _("文件内容与扩展名“.%(ext)s”不符（可能是改了扩展名的其他文件），已拒绝。"),
            code="content",
            params={"ext": extension, "allowed": PROOF_TYPES_LABEL},
        )
    return "jpg" if extension == "jpeg" else extension


def digest(uploaded) -> tuple[int, str]:
    """(size in bytes, SHA-256 hex) of an uploaded file, read in chunks; rewinds the file."""
    sha = hashlib.sha256()
    size = 0
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        sha.update(chunk)
        size += len(chunk)
    uploaded.seek(0)
    return size, sha.hexdigest()
