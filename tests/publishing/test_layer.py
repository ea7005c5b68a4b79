"""The generic publishing layer (统一发布流程), exercised through `Document`, the first model
that uses it: the abstract model and its hooks, the registry, the services and the scan."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from disclosure import services as document_services
from disclosure.models import Attachment, Column, Document
from integrity.scan import FindingKind, count_to_scan, scan_published
from publishing import registry, services
from publishing.models import PublicationStatus, Publishable
from tests.disclosure.pii import MOBILE
from tests.factories import DocumentFactory, PublishedDocumentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def add_pdf(document, actor, name="实施方案.pdf") -> Attachment:
    upload = SimpleUploadedFile("fangan.pdf", PDF, content_type="application/pdf")
    return document_services.attachment_add(
        document=document, uploaded=upload, actor=actor, name=name
    )


# --- Model and registry ----------------------------------------------------------------------

def test_document_is_a_publishable_with_the_shared_statuses():
    assert issubclass(Document, Publishable)
    assert Document.Status is PublicationStatus
    labels = [label for _, label in PublicationStatus.choices]
    assert labels == ["草稿", "待审核", "已发布", "已撤回"]
    assert Document._meta.get_field("approved_hash").editable is False
    assert Document._meta.get_field("published_at").editable is True


def test_document_is_registered_for_the_scan():
    assert Document in registry.publishable_models()


@pytest.mark.parametrize("model", [Publishable, Column, "Document"])
def test_registry_refuses_what_is_not_a_concrete_publishable(model):
    with pytest.raises(ImproperlyConfigured):
        registry.register(model)


def test_registering_twice_keeps_one_entry():
    registry.register(Document)
    assert registry.publishable_models().count(Document) == 1


def test_published_queryset_hides_drafts_withdrawn_and_scheduled_items():
    visible = PublishedDocumentFactory()
    PublishedDocumentFactory(published_at=timezone.now() + timezone.timedelta(days=1))
    PublishedDocumentFactory(status=PublicationStatus.WITHDRAWN)
    DocumentFactory()

    assert list(Document.objects.published()) == [visible]
    later = timezone.now() + timezone.timedelta(days=2)
    assert Document.objects.published(at=later).count() == 2


def test_default_hooks_read_content_fields_with_their_labels():
    document = DocumentFactory(
        title="关于开放时间的通知", summary="概述", body=f"<p>联系电话{MOBILE}</p>"
    )
    fields = Publishable.integrity_fields(document)
    assert list(fields) == ["标题", "文号", "内容概述", "主题词", "正文"]
    assert fields["正文"].strip() == f"联系电话{MOBILE}"  # HTML read as plain text
    assert "<p>" not in document.personal_data_fields()["正文"]
    assert document.personal_data_fields()["标题"] == "关于开放时间的通知"
    assert list(document.personal_data_fields()) == ["标题", "正文"]


def test_document_hooks_add_attachments_to_texts_fingerprint_and_files(reviewer):
    document = DocumentFactory()
    before = services.content_hash(document)
    attachment = add_pdf(document, reviewer, name="报名表.pdf")

    assert document.integrity_fields()["附件名称"] == "报名表.pdf"
    assert services.content_hash(document) != before
    [(label, stored, sha256)] = list(document.integrity_files())
    assert (label, stored.name, sha256) == ("附件“报名表.pdf”", attachment.file.name,
                                            attachment.sha256)


def test_no_migration_is_pending_for_the_refactored_document():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


# --- Services --------------------------------------------------------------------------------

def test_can_publish_reads_the_models_permission(editor, reviewer):
    assert services.can_publish(reviewer, Document)
    assert services.can_publish(reviewer, DocumentFactory())
    assert not services.can_publish(editor, Document)
    assert not services.can_publish(AnonymousUser(), Document)
    assert not services.can_publish(None, Document)


def test_full_workflow_through_the_generic_services(editor, reviewer):
    document = services.publishable_save(obj=DocumentFactory.build(
        column=DocumentFactory().column, body="<p onclick='x()'>正文</p>",
    ), actor=editor)
    assert document.body == "<p>正文</p>"
    assert document.created_by == editor

    services.publishable_submit(obj=document, actor=editor)
    published = services.publishable_publish(
        obj=document, actor=reviewer, confidentiality_checked=True, note="同意"
    )
    assert published.status == PublicationStatus.PUBLISHED
    assert published.index_number  # Document.on_publish issued the 索引号
    assert published.approved_hash == services.content_hash(published)
    assert published.history.first().history_change_reason == "审核发布"
    assert published.history.first().history_user == reviewer

    services.publishable_withdraw(obj=published, actor=reviewer, reason="内容过期")
    services.publishable_return_to_draft(obj=published, actor=reviewer)
    published.refresh_from_db()
    assert published.status == PublicationStatus.DRAFT
    assert published.confidentiality_checked is False
    reasons = [h.history_change_reason for h in published.history.order_by("history_id")]
    assert reasons == ["新建", "送审", "审核发布", "撤回：内容过期", "转为草稿"]


def test_messages_name_the_models_verbose_name(editor, reviewer):
    document = PublishedDocumentFactory()
    with pytest.raises(PermissionDenied, match="只有审核员可以撤回已发布的信息。"):
        services.publishable_withdraw(obj=document, actor=editor, reason="过期")
    with pytest.raises(ValidationError, match="该信息已发布。"):
        services.publishable_publish(obj=document, actor=reviewer, confidentiality_checked=True)
    with pytest.raises(PermissionDenied, match="已发布的信息只有审核员可以修改"):
        services.publishable_save(obj=document, actor=editor)


def test_personal_data_must_be_confirmed_by_key(reviewer):
    document = DocumentFactory(body=f"<p>联系人手机{MOBILE}</p>")
    [finding] = services.personal_data_findings(document)

    with pytest.raises(ValidationError) as refused:
        services.publishable_publish(obj=document, actor=reviewer, confidentiality_checked=True)
    assert refused.value.code == "personal_data"
    assert finding.masked in services.personal_data_message([finding])

    services.publishable_publish(
        obj=document, actor=reviewer, confidentiality_checked=True,
        confirmed_personal_data=[finding.key],
    )
    assert document.confirmed_personal_data == [finding.key]
    assert services.unconfirmed_personal_data(document) == []


def test_backdating_is_refused_except_for_historical_imports(reviewer):
    last_year = timezone.now() - timezone.timedelta(days=365)
    with pytest.raises(ValidationError, match="倒填发布日期"):
        services.publishable_publish(
            obj=DocumentFactory(), actor=reviewer, confidentiality_checked=True,
            publish_at=last_year,
        )
    imported = services.publishable_publish(
        obj=DocumentFactory(), actor=reviewer, confidentiality_checked=True,
        publish_at=last_year, historical=True,
    )
    assert imported.published_at == last_year
    assert imported.history.first().history_change_reason == "导入历史信息"


def test_check_sanitises_html_fields_and_refuses_forbidden_terms(db):
    document = DocumentFactory.build(body="<p>正文</p><script>x</script>")
    services.publishable_check(document)
    assert document.body == "<p>正文</p>"

    document.title = "必赢体育"
    with pytest.raises(ValidationError, match="标题中的“必赢体育”"):
        services.check_forbidden_terms(document)


def test_document_services_are_the_generic_ones_under_their_old_names():
    assert document_services.content_hash is services.content_hash
    assert document_services.check_forbidden_terms is services.check_forbidden_terms
    assert document_services.PUBLISH_PERMISSION == Document.PUBLISH_PERMISSION
    assert document_services.BACKDATING_TOLERANCE == services.BACKDATING_TOLERANCE


# --- Integrity scan over the registry --------------------------------------------------------

def test_scan_reads_every_registered_model(reviewer, monkeypatch):
    document = DocumentFactory(title="关于开放时间的通知")
    services.publishable_publish(obj=document, actor=reviewer, confidentiality_checked=True)
    Document.objects.filter(pk=document.pk).update(title="必赢体育")

    [term, changed] = list(scan_published(terms=["必赢体育"]))
    assert (term.kind, changed.kind) == (FindingKind.FORBIDDEN_TERM, FindingKind.CONTENT_CHANGED)
    heading = f"[ID {document.pk}] 信息 索引号 {document.index_number}《必赢体育》"
    assert str(term).startswith(heading)
    assert term.url == document.get_absolute_url()

    monkeypatch.setattr(registry, "_registry", [])
    assert list(scan_published(terms=["必赢体育"])) == []
    assert count_to_scan() == 0


def test_scan_command_counts_items_of_registered_models(reviewer, monkeypatch):
    PublishedDocumentFactory()
    out = StringIO()
    monkeypatch.setattr(registry, "_registry", [])
    call_command("integrity_scan", stdout=out, stderr=StringIO())
    assert "已扫描 0 篇，发现 0 个问题" in out.getvalue()


def test_publishing_app_declares_no_table():
    assert Publishable._meta.abstract
    assert list(apps.get_app_config("publishing").get_models()) == []
