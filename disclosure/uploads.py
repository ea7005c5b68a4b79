"""Validation of uploaded attachments: allow-listed extension, size cap, content matching the
extension (magic bytes). Nothing is trusted from the client: not the name, not the content type."""

import io
import re
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office and WPS files
ZIP = b"PK\x03\x04"


def _zip_names(head_and_file) -> set[str] | None:
    try:
        with zipfile.ZipFile(head_and_file) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _content_matches(extension: str, fileobj) -> bool:
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {"doc", "xls", "wps"}:
        return head.startswith(OLE2)
    if extension in {"docx", "xlsx", "ofd", "zip"}:
        if not head.startswith(ZIP):
            return False
        names = _zip_names(fileobj)
        fileobj.seek(0)
        if names is None:
            return False
        if extension == "docx":
            return "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
        if extension == "xlsx":
            return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)
        if extension == "ofd":
            return "OFD.xml" in names
        return True
    return False


#: Control, zero-width and bidi-override characters: never part of a name shown to people (an
#: RLO makes "exe.pdf" read as "fdp.exe"; CR/LF would split a header line).
_UNSAFE_NAME_CHARS = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def display_name(raw: str | None, *, fallback: str = "附件", max_length: int = 200) -> str:
    """The file name shown to people and sent in Content-Disposition (附件名称), from a name a
    client or caller gave: its last path component (``/`` or ``\\``), without control, zero-width
    or bidi-override characters, at most ``max_length`` characters with the extension kept.
    The stored name is random (``upload_to``); this is for display only."""
    name = re.split(r"[/\\]", raw or "")[-1]
    name = _UNSAFE_NAME_CHARS.sub("", name).strip().lstrip(".")
    if not name:
        return fallback
    if len(name) > max_length:
        suffix = PurePath(name).suffix[:20]
        name = name[: max_length - len(suffix)] + suffix
    return name


TYPE_LABELS = {
    "pdf": "PDF", "doc": "Word", "docx": "Word", "xls": "Excel", "xlsx": "Excel", "ofd": "OFD",
    "wps": "WPS", "jpg": "JPG图片", "jpeg": "JPG图片", "png": "PNG图片", "zip": "ZIP压缩包",
}


def validate_attachment(uploaded) -> str:
    """Return the normalised extension of an acceptable upload, or raise ValidationError."""
    name = PurePath(uploaded.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    allowed = settings.PORTAL_ATTACHMENT_EXTENSIONS
    if extension not in allowed:
        raise ValidationError(
            "不支持的附件类型“%(ext)s”。允许的类型：%(allowed)s。",
            code="extension",
            params={"ext": extension or "无扩展名", "allowed": "、".join(allowed)},
        )
    limit = settings.PORTAL_ATTACHMENT_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            "附件“%(name)s”大小为%(size)s，超过了%(limit)s的上限。",
            code="size",
            params={"name": name, "size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
        )
    fileobj = uploaded.file if hasattr(uploaded, "file") else io.BytesIO(uploaded.read())
    if not _content_matches(extension, fileobj):
        raise ValidationError(
            "附件“%(name)s”的内容与扩展名“.%(ext)s”不符，可能是改了扩展名的其他文件，已拒绝。",
            code="content",
            params={"name": name, "ext": extension},
        )
    return "jpg" if extension == "jpeg" else extension
