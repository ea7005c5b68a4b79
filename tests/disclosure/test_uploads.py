"""Attachment uploads (附件): allowed types, content matching the extension, size cap, storage."""

import hashlib
import io
import zipfile
from pathlib import PurePath

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure import services
from disclosure.models import Attachment
from disclosure.uploads import validate_attachment
from tests.factories import DocumentFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML = b"<html><body><script>alert(1)</script></body></html>"


def docx_bytes() -> bytes:
    """A minimal Word document: a zip with [Content_Types].xml and word/document.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("通知.pdf", PDF, "pdf"),
        ("现场照片.PNG", PNG, "png"),
        ("实施方案.docx", docx_bytes(), "docx"),
    ],
)
def test_allowed_types_are_accepted(name, content, extension):
    assert validate_attachment(upload(name, content)) == extension


def test_executable_is_rejected():
    with pytest.raises(ValidationError, match="不支持的附件类型“exe”"):
        validate_attachment(upload("setup.exe", b"MZ\x90\x00" + b"\x00" * 60))


def test_file_without_extension_is_rejected():
    with pytest.raises(ValidationError, match="无扩展名"):
        validate_attachment(upload("README", PDF))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("通知.pdf", HTML),  # a web page renamed to .pdf
        ("通知.pdf", PNG),  # a picture renamed to .pdf
        ("方案.docx", b"PK\x03\x04not really a zip"),  # broken archive
        ("方案.docx", None),  # a zip without word/ parts
    ],
)
def test_disguised_types_are_rejected(name, content):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("payload.js", "alert(1)")
        content = buffer.getvalue()

    with pytest.raises(ValidationError) as caught:
        validate_attachment(upload(name, content))

    assert "内容与扩展名" in caught.value.messages[0]
    assert "可能是改了扩展名的其他文件" in caught.value.messages[0]


def test_oversize_file_is_rejected(settings):
    settings.PORTAL_ATTACHMENT_MAX_BYTES = 1024

    with pytest.raises(ValidationError) as caught:
        validate_attachment(upload("大文件.pdf", PDF + b"0" * 2048))

    assert "超过了1.0\xa0KB的上限" in caught.value.messages[0]


@pytest.mark.django_db
def test_stored_name_is_random_and_original_name_is_kept(editor):
    document = DocumentFactory()

    attachment = services.attachment_add(
        document=document, uploaded=upload("2026年工作要点.pdf", PDF), actor=editor
    )

    attachment = Attachment.objects.get(pk=attachment.pk)
    stored = PurePath(attachment.file.name)
    assert attachment.name == "2026年工作要点.pdf"
    assert "工作要点" not in attachment.file.name
    assert stored.suffix == ".pdf"
    assert len(stored.stem) == 32  # uuid4 hex
    assert attachment.extension == "pdf"
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    with attachment.file.open("rb") as stored_file:
        assert stored_file.read() == PDF


@pytest.mark.django_db
def test_two_uploads_of_the_same_name_get_different_stored_names(editor):
    document = DocumentFactory()

    first = services.attachment_add(document=document, uploaded=upload("a.pdf", PDF), actor=editor)
    second = services.attachment_add(document=document, uploaded=upload("a.pdf", PDF), actor=editor)

    assert first.file.name != second.file.name


@pytest.mark.django_db
def test_service_refuses_a_disguised_file(editor):
    document = DocumentFactory()

    with pytest.raises(ValidationError):
        services.attachment_add(document=document, uploaded=upload("x.pdf", HTML), actor=editor)

    assert not document.attachments.exists()
