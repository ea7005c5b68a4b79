"""Upload attacks (恶意上传) on every entry point that stores a file.

Entry points: disclosure attachments (`disclosure.services.attachment_add`), the applicant's
identity proof on the public form (/ysqgk/apply/), reply files of an application
(`requests_app.services.application_reply`), consultation attachments
(`interaction.services.consultation_attachment_add`) and downloadable service forms
(`services_hall.services.service_form_add`).

Refused everywhere: a dangerous extension even when the content starts with an allowed
signature, an allowed extension whose content is something else (HTML renamed .pdf, an EXE
renamed .docx, a GIF/JS polyglot named .jpg), SVG with script, files above the size limit.
A zip that declares a huge uncompressed size is judged from its central directory only, never
extracted. Path-traversal and control characters in a file name never reach the storage path
(stored names are random) nor the name shown to people.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure.services import attachment_add
from interaction.services import consultation_attachment_add
from requests_app.models import Application, ApplicationFile, IdType, Outcome
from requests_app.services import application_reply
from services_hall.services import service_form_add
from tests.factories import DocumentFactory, SiteProfileFactory, UserFactory
from tests.interaction.factories import DraftConsultationFactory
from tests.requests_app.factories import ApplicationFactory
from tests.requests_app.test_public_apply import natural
from tests.services_hall.factories import ServiceItemFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PDF_WITH_HTML = PDF + b"<html><script>alert(document.cookie)</script></html>"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"PE\x00\x00"
#: A GIF header that is also valid JavaScript: GIF89a=…;alert(1)//
GIF_JS = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=1;alert(1)//" + b"\x00" * 16
PHP = b"<?php system($_GET['c']); ?>"
HAN = re.compile(r"[\u4e00-\u9fff]")


def docx_with(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = docx_with({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})

#: (file name, content, why it must be refused)
HOSTILE_FILES = [
    ("poster.svg", SVG, "SVG with script"),
    ("shell.php", PDF, "a PDF signature under a PHP name"),
    ("page.html", PDF, "a PDF signature under an HTML name"),
    ("page.htm", PNG, "a PNG signature under an HTML name"),
    ("run.js", GIF_JS, "a GIF/JS polyglot named .js"),
    ("polyglot.gif", GIF_JS, "GIF is not an allowed type"),
    ("polyglot.jpg", GIF_JS, "a GIF/JS polyglot named .jpg"),
    ("report.pdf", HTML, "HTML renamed .pdf"),
    ("report.pdf", SVG, "SVG renamed .pdf"),
    ("report.pdf", PHP, "PHP renamed .pdf"),
    ("setup.docx", EXE, "an EXE renamed .docx"),
    ("setup.exe", EXE, "an executable"),
    ("table.xlsx", DOCX, "a Word zip renamed .xlsx"),
    ("notice.docx", PDF, "a PDF renamed .docx"),
    ("photo.png", JPEG, "a JPEG renamed .png"),
    ("shell.pdf.php", PDF, "double extension ending in .php"),
    ("empty.pdf", b"", "an empty file"),
    ("README", PDF, "no extension"),
]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def assert_chinese_refusal(error: ValidationError) -> None:
    message = " ".join(error.messages)
    assert HAN.search(message), message
    assert any(word in message for word in ("不支持", "不符", "超过", "已拒绝", "文件名")), message


# --- Staff entry points (services) ------------------------------------------------------------


@pytest.fixture
def reviewer_user(db):
    return UserFactory(role="审核员")


def _disclosure(actor, uploaded):
    return attachment_add(document=DocumentFactory(), uploaded=uploaded, actor=actor)


def _consultation(actor, uploaded):
    return consultation_attachment_add(
        consultation=DraftConsultationFactory(), uploaded=uploaded, actor=actor
    )


def _service_form(actor, uploaded):
    return service_form_add(item=ServiceItemFactory(), uploaded=uploaded, actor=actor)


def _reply_file(actor, uploaded):
    handler = UserFactory(role="依申请公开办理员")
    application_reply(
        application=ApplicationFactory(),
        actor=handler,
        outcome=Outcome.DISCLOSED,
        reason="",
        legal_basis="",
        answered_on=dt.date(2026, 3, 10),
        released_files=[uploaded],
    )
    return ApplicationFile.objects.filter(kind=ApplicationFile.Kind.RELEASED).get()


ENTRY_POINTS = {
    "disclosure-attachment": _disclosure,
    "consultation-attachment": _consultation,
    "service-form": _service_form,
    "application-reply-file": _reply_file,
}


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize(
    ("name", "content", "why"), HOSTILE_FILES, ids=[f[2] for f in HOSTILE_FILES]
)
def test_staff_upload_entry_points_refuse_hostile_files(
    calendar_db, reviewer_user, entry, name, content, why
):
    with pytest.raises(ValidationError) as refused:
        ENTRY_POINTS[entry](reviewer_user, upload(name, content))
    assert_chinese_refusal(refused.value)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_files_above_the_size_limit_are_refused(calendar_db, reviewer_user, settings, entry):
    settings.PORTAL_ATTACHMENT_MAX_BYTES = 4096
    bomb = docx_with(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"0" * 10**6,
            "word/padding.bin": os.urandom(8192),
        }
    )
    assert len(bomb) > 4096
    with pytest.raises(ValidationError, match="超过了") as refused:
        ENTRY_POINTS[entry](reviewer_user, upload("bomb.docx", bomb))
    assert_chinese_refusal(refused.value)


def test_zip_declaring_a_huge_size_is_judged_from_its_directory_never_extracted(
    calendar_db, reviewer_user, monkeypatch
):
    """64 MB of zeros compress to ~64 KB; the validator reads names only, never members."""
    bomb = docx_with({"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(64 * 2**20)})
    assert len(bomb) < 2**20
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert sum(info.file_size for info in archive.infolist()) > 64 * 10**6

    wrong_parts = docx_with({"a.bin": bytes(10**6)})

    def no_extraction(*args, **kwargs):
        raise AssertionError("the upload validator extracted a zip member")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_extraction)
    monkeypatch.setattr(zipfile.ZipFile, "read", no_extraction)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", no_extraction)
    attachment = _disclosure(reviewer_user, upload("方案.docx", bomb))
    assert attachment.extension == "docx"
    # A zip whose directory lacks the Word parts is refused without extraction too.
    with pytest.raises(ValidationError, match="不符"):
        _disclosure(reviewer_user, upload("方案.docx", wrong_parts))


def test_pdf_with_html_after_the_header_is_stored_as_a_pdf_and_served_as_a_download(
    client, calendar_db, reviewer_user
):
    """A real PDF signature: accepted as a PDF, but never served as a page."""
    from tests.factories import PublishedDocumentFactory

    document = PublishedDocumentFactory()
    attachment = attachment_add(
        document=document, uploaded=upload("说明.pdf", PDF_WITH_HTML), actor=reviewer_user
    )
    response = client.get(f"/xxgk/attachment/{attachment.public_id}/")
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"


TRAVERSAL_NAMES = [
    "../../etc/passwd.pdf",
    "..\\..\\windows\\win.ini.pdf",
    "/etc/cron.d/evil.pdf",
    "C:\\Windows\\System32\\evil.pdf",
    "evil\x00.php.pdf",
    "bad\r\nContent-Type: text/html\r\n.pdf",
    "\u202efdp.exe.pdf",
    '"; filename="x.html.pdf',
]


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("name", TRAVERSAL_NAMES)
def test_file_names_never_reach_the_storage_path_and_are_shown_sanitised(
    calendar_db, reviewer_user, settings, entry, name
):
    stored = ENTRY_POINTS[entry](reviewer_user, upload(name, PDF))
    path = stored.file.name
    assert re.fullmatch(r"[a-z_/]+/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", path), path
    assert stored.file.path.startswith(str(settings.MEDIA_ROOT))
    shown = stored.name
    assert shown and "/" not in shown and "\\" not in shown and ".." not in shown
    assert not re.search(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]", shown), repr(shown)


# --- The public entry point: the applicant's identity proof -----------------------------------


@pytest.fixture
def site(calendar_db):
    return SiteProfileFactory()


PROOF_REFUSALS = [
    f for f in HOSTILE_FILES if f[0].rsplit(".", 1)[-1] not in ("docx", "xlsx", "README")
] + [("id.docx", DOCX, "Word is not an allowed proof type")]


@pytest.mark.parametrize(
    ("name", "content", "why"), PROOF_REFUSALS, ids=[f[2] for f in PROOF_REFUSALS]
)
def test_public_form_refuses_hostile_proofs_with_a_chinese_message_on_the_page(
    client, site, settings, name, content, why
):
    settings.REQUESTS_SUBMISSIONS_PER_IP_PER_HOUR = 10**6
    data = natural(
        id_type=IdType.PASSPORT.value,
        id_number="E12345678",
        proof=SimpleUploadedFile(name, content, content_type="application/pdf"),
    )
    response = client.post("/ysqgk/apply/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert re.search("不支持的文件类型|文件内容与扩展名|上传的文件是空的|请上传证件", page), why
    assert not Application.objects.exists()
    assert not ApplicationFile.objects.exists()


def test_public_form_refuses_a_proof_above_the_size_limit(client, site, settings):
    settings.REQUESTS_PROOF_MAX_BYTES = 1024
    data = natural(
        id_type=IdType.PASSPORT.value,
        id_number="E12345678",
        proof=SimpleUploadedFile("护照.pdf", PDF + b"0" * 2048),
    )
    page = client.post("/ysqgk/apply/", data).content.decode()
    assert "超过了" in page and "请压缩后重新上传" in page
    assert not Application.objects.exists()


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\x.pdf", "/abs/护照.pdf"])
def test_public_proof_with_a_traversal_name_is_stored_under_a_random_private_name(
    client, site, name
):
    data = natural(
        id_type=IdType.PASSPORT.value,
        id_number="E12345678",
        proof=SimpleUploadedFile(name, PDF, content_type="application/pdf"),
    )
    assert client.post("/ysqgk/apply/", data).status_code == 302
    proof = ApplicationFile.objects.get()
    assert re.fullmatch(r"private/requests/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", proof.file.name)
    assert proof.name == "身份证明.pdf"
