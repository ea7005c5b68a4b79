"""`manage.py integrity_scan`: what an operator sees when content was tampered with."""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from disclosure.models import Attachment, Document
from disclosure.services import attachment_add, content_hash, document_publish
from integrity.models import ForbiddenTerm
from integrity.scan import FindingKind, scan_published_documents
from tests.factories import DocumentFactory, PublishedDocumentFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def publish(reviewer, **fields) -> Document:
    """A document approved through the workflow, so its fingerprint is right."""
    document = DocumentFactory(**fields)
    return document_publish(document=document, actor=reviewer, confidentiality_checked=True)


def run_scan(*args) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) as a scheduler would see them."""
    out, err = StringIO(), StringIO()
    try:
        call_command("integrity_scan", *args, stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))
        return 1, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def pdf_attachment(reviewer):
    def add(document: Document, name: str = "实施方案.pdf") -> Attachment:
        upload = SimpleUploadedFile("fangan.pdf", PDF, content_type="application/pdf")
        return attachment_add(document=document, uploaded=upload, actor=reviewer, name=name)

    return add


def test_clean_published_documents_pass_with_a_summary(reviewer, pdf_attachment):
    first = publish(reviewer)
    publish(reviewer)
    pdf_attachment(first)

    status, out, err = run_scan()

    assert status == 0
    assert "已扫描 2 篇，发现 0 个问题" in out
    assert err == ""


def test_quiet_clean_run_prints_nothing(reviewer):
    publish(reviewer)
    assert run_scan("--quiet") == (0, "", "")


def test_body_edited_in_the_database_is_reported_with_term_and_fingerprint(reviewer):
    clean = publish(reviewer, title="关于做好文化工作的通知")
    document = publish(reviewer, title="关于印发戏曲进乡村实施方案的通知")
    Document.objects.filter(pk=document.pk).update(body="<p>必赢体育关于戏曲进乡村的实施方案</p>")

    status, out, err = run_scan()

    assert status == 1
    lines = out.splitlines()
    [term_line] = [line for line in lines if "必赢体育" in line]
    assert f"[ID {document.pk}]" in term_line
    assert document.index_number in term_line
    assert "《关于印发戏曲进乡村实施方案的通知》" in term_line
    assert f"/doc/{document.pk}/" in term_line
    assert "正文中的“必赢体育”" in term_line
    [hash_line] = [line for line in lines if "内容与审核通过的版本不一致" in line]
    assert f"[ID {document.pk}]" in hash_line
    assert f"审核人 {reviewer}" in hash_line
    assert f"{timezone.localtime(document.reviewed_at):%Y-%m-%d %H:%M}" in hash_line
    assert "改动的字段：正文" in hash_line
    assert not any(f"[ID {clean.pk}]" in line for line in lines)
    assert "已扫描 2 篇，发现 2 个问题" in out
    assert "巡检发现 2 个问题" in err


def test_title_changed_without_forbidden_term_is_a_fingerprint_mismatch(reviewer):
    document = publish(reviewer)
    Document.objects.filter(pk=document.pk).update(title="关于做好文化工作的紧急通知")

    status, out, _ = run_scan()

    assert status == 1
    assert "《关于做好文化工作的紧急通知》" in out
    assert "内容与审核通过的版本不一致" in out and "改动的字段：标题" in out
    assert "发现 1 个问题" in out


def test_published_document_without_fingerprint_is_reported(db):
    document = PublishedDocumentFactory()

    status, out, _ = run_scan()

    assert status == 1
    assert f"[ID {document.pk}]" in out and "未记录审核指纹" in out


def test_factory_document_with_recorded_fingerprint_is_clean(db):
    document = PublishedDocumentFactory()
    Document.objects.filter(pk=document.pk).update(approved_hash=content_hash(document))
    assert run_scan()[0] == 0


def test_attachment_replaced_on_disk_is_reported(reviewer, pdf_attachment):
    document = publish(reviewer)
    attachment = pdf_attachment(document, name="戏曲进乡村实施方案.pdf")
    Path(attachment.file.path).write_bytes(PDF.replace(b"1.4", b"1.7"))

    status, out, _ = run_scan()

    assert status == 1
    assert f"[ID {document.pk}]" in out
    assert "附件“戏曲进乡村实施方案.pdf”的文件与上传时不一致" in out
    assert "发现 1 个问题" in out


def test_attachment_file_deleted_is_reported(reviewer, pdf_attachment):
    document = publish(reviewer)
    attachment = pdf_attachment(document)
    Path(attachment.file.path).unlink()

    status, out, _ = run_scan()

    assert status == 1
    assert "附件“实施方案.pdf”的文件不存在" in out


def test_skip_files_does_not_read_attachments(reviewer, pdf_attachment):
    document = publish(reviewer)
    Path(pdf_attachment(document).file.path).unlink()
    assert run_scan("--skip-files")[0] == 0


def test_forbidden_term_in_attachment_name_is_reported(reviewer, pdf_attachment):
    document = publish(reviewer)
    attachment = pdf_attachment(document)
    Attachment.objects.filter(pk=attachment.pk).update(name="必-赢-体-育注册送彩金.pdf")

    status, out, _ = run_scan()

    assert status == 1
    assert "附件名称中的“必赢体育”" in out
    assert "附件名称中的“注册送彩金”" in out
    assert "内容与审核通过的版本不一致" in out  # the name is part of the fingerprint


def test_hidden_link_to_gambling_site_is_reported(reviewer):
    document = publish(reviewer)
    Document.objects.filter(pk=document.pk).update(
        body=document.body + '<a href="https://www.bet365.com/" style="display:none">.</a>'
    )
    _, out, _ = run_scan()
    assert "正文链接中的“bet365”" in out
    assert "正文含有发布流程不会保存的HTML：隐藏内容" in out


def test_injected_script_is_reported_even_with_a_recomputed_fingerprint(reviewer):
    document = publish(reviewer)
    document.body += "<script>if(/baidu/.test(navigator.userAgent))location='//x.example'</script>"
    Document.objects.filter(pk=document.pk).update(
        body=document.body, approved_hash=content_hash(document)
    )

    status, out, _ = run_scan()

    assert status == 1
    assert f"[ID {document.pk}]" in out and "正文含有发布流程不会保存的HTML：脚本" in out
    assert "发现 1 个问题" in out


def test_term_added_by_an_administrator_is_found_in_old_content(reviewer):
    document = publish(reviewer, keywords="文化 惠民")
    ForbiddenTerm.objects.create(term="惠民", category=ForbiddenTerm.Category.OTHER)

    status, out, _ = run_scan()

    assert status == 1
    assert f"[ID {document.pk}]" in out and "主题词中的“惠民”" in out
    assert "内容与审核通过的版本不一致" not in out


def test_inactive_term_is_ignored(reviewer):
    publish(reviewer, keywords="文化 惠民")
    ForbiddenTerm.objects.create(
        term="惠民", category=ForbiddenTerm.Category.OTHER, is_active=False
    )
    assert run_scan()[0] == 0


def test_drafts_and_withdrawn_documents_are_not_scanned(reviewer):
    DocumentFactory(title="必赢体育草稿")
    PublishedDocumentFactory(title="必赢体育", status=Document.Status.WITHDRAWN)
    PublishedDocumentFactory(title="必赢体育待审", status=Document.Status.PENDING)

    status, out, _ = run_scan()

    assert status == 0
    assert "已扫描 0 篇，发现 0 个问题" in out


def test_scheduled_documents_are_scanned(reviewer):
    document = DocumentFactory()
    document_publish(
        document=document, actor=reviewer, confidentiality_checked=True,
        publish_at=timezone.now() + timedelta(days=3),
    )
    Document.objects.filter(pk=document.pk).update(summary="必赢体育")

    status, out, _ = run_scan()

    assert status == 1
    assert "内容概述中的“必赢体育”" in out


def test_progress_goes_to_stderr_with_rate_and_eta(reviewer):
    for _ in range(5):
        publish(reviewer)

    status, out, err = run_scan("--progress-every", "2", "--chunk-size", "2")

    assert status == 0
    assert "已扫描 2/5 篇" in err and "已扫描 4/5 篇" in err
    assert "篇/秒" in err and "预计还需" in err
    assert "已扫描 5 篇，发现 0 个问题" in out


def test_quiet_run_with_findings_prints_findings_without_progress(reviewer):
    for _ in range(3):
        publish(reviewer)
    document = Document.objects.first()
    Document.objects.filter(pk=document.pk).update(title="必赢体育")

    status, out, err = run_scan("--quiet", "--progress-every", "1")

    assert status == 1
    assert "标题中的“必赢体育”" in out
    assert "已扫描" not in err


def test_bad_arguments_are_refused(db):
    with pytest.raises(CommandError, match="chunk-size"):
        call_command("integrity_scan", "--chunk-size", "0", stdout=StringIO())


def test_scan_reads_in_chunks_with_attachments_prefetched(
    reviewer, pdf_attachment, django_assert_max_num_queries
):
    for _ in range(6):
        pdf_attachment(publish(reviewer))
    # 1 for the documents + 1 attachment prefetch per chunk of 2 + 1 per document while
    # services.content_hash re-reads attachments instead of using the prefetched ones.
    from publishing.registry import publishable_models

    # … plus one (empty) query per other registered publishable model.
    with django_assert_max_num_queries(1 + 3 + 6 + len(publishable_models()) - 1):
        findings = list(scan_published_documents(terms=["必赢体育"], chunk_size=2))
    assert findings == []


def test_findings_have_kinds(reviewer):
    document = publish(reviewer)
    Document.objects.filter(pk=document.pk).update(title="必赢体育")
    kinds = {finding.kind for finding in scan_published_documents(terms=["必赢体育"])}
    assert kinds == {FindingKind.FORBIDDEN_TERM, FindingKind.CONTENT_CHANGED}
