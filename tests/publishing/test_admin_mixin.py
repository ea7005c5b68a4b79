"""`PublishableAdminMixin` and the generic admin pages, seen through the document admin."""

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse
from django.utils import timezone

from disclosure.forms import DocumentAdminForm
from disclosure.models import Document
from publishing import services
from publishing.admin import PublishableAdminMixin
from tests.disclosure.pii import MOBILE
from tests.factories import DocumentFactory, PublishedDocumentFactory, SiteProfileFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:disclosure_document_changelist"


@pytest.fixture(autouse=True)
def _site_profile(db):
    return SiteProfileFactory()


def template_names(response) -> list[str]:
    return [t.name for t in response.templates]


def pending(**kwargs) -> Document:
    return services.publishable_submit(obj=DocumentFactory(**kwargs), actor=None)


def test_document_admin_is_built_on_the_mixin():
    model_admin = site._registry[Document]
    assert isinstance(model_admin, PublishableAdminMixin)
    assert model_admin.workflow_template("review") == [
        "admin/disclosure/document/review.html",
        "admin/disclosure/review.html",
        "admin/publishing/review.html",
    ]


def test_review_page_is_the_generic_page_with_the_document_blocks(client, reviewer):
    document = pending(document_number="辽文办发〔2026〕3号")
    client.force_login(reviewer)

    response = client.get(reverse("admin:disclosure_document_review", args=[document.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    names = template_names(response)
    assert "admin/disclosure/document/review.html" in names
    assert "admin/publishing/review.html" in names
    assert "待审核信息" in page
    assert "辽文办发〔2026〕3号" in page
    assert "各市文化局：现将有关事项通知如下。" in page  # the sanitised body
    assert 'name="_publish"' in page and 'name="_reject"' in page


def test_withdraw_page_keeps_the_index_number_notice(client, reviewer):
    document = PublishedDocumentFactory()
    client.force_login(reviewer)

    response = client.get(reverse("admin:disclosure_document_withdraw", args=[document.pk]))

    assert "admin/publishing/withdraw.html" in template_names(response)
    assert f"索引号 {document.index_number} 保留在该信息上" in response.content.decode()


def test_bulk_actions_are_named_after_the_model(client, editor, reviewer):
    DocumentFactory()  # the action menu shows only over a non-empty list
    client.force_login(editor)
    editor_page = client.get(reverse(CHANGELIST)).content.decode()
    client.force_login(reviewer)
    reviewer_page = client.get(reverse(CHANGELIST)).content.decode()

    assert "送审所选信息" in editor_page
    assert "审核通过并发布所选信息" not in editor_page
    assert "审核通过并发布所选信息" in reviewer_page


def test_bulk_publish_uses_the_generic_confirmation_page(client, reviewer):
    document = pending()
    client.force_login(reviewer)

    response = client.post(
        reverse(CHANGELIST), {"action": "publish_selected", "_selected_action": [document.pk]}
    )

    assert "admin/publishing/bulk_publish.html" in template_names(response)
    page = response.content.decode()
    assert "将审核通过并立即发布下列信息" in page
    assert "已对所选信息逐一完成保密审查" in page
    assert Document.objects.get(pk=document.pk).status == Document.Status.PENDING


def test_bulk_publish_of_already_published_items_says_so(client, reviewer):
    document = PublishedDocumentFactory()
    client.force_login(reviewer)

    response = client.post(
        reverse(CHANGELIST), {"action": "publish_selected", "_selected_action": [document.pk]}
    )

    assert "所选信息均已发布，无需审核。" in response.content.decode()


def test_published_items_cannot_be_deleted_even_by_a_site_administrator(client, site_admin):
    published, draft = PublishedDocumentFactory(), DocumentFactory()
    client.force_login(site_admin)

    assert client.get(
        reverse("admin:disclosure_document_delete", args=[published.pk])
    ).status_code == 403
    assert client.get(
        reverse("admin:disclosure_document_delete", args=[draft.pk])
    ).status_code == 200


def test_status_filter_lists_scheduled_items_separately(client, reviewer):
    scheduled = PublishedDocumentFactory(
        title="定时发布的通知", published_at=timezone.now() + timezone.timedelta(days=3)
    )
    PublishedDocumentFactory(title="已经公开的通知")
    client.force_login(reviewer)

    page = client.get(reverse(CHANGELIST), {"status": "scheduled"}).content.decode()

    assert scheduled.title in page
    assert "已经公开的通知" not in page


def test_year_filter_offers_the_years_with_publications(client, reviewer):
    PublishedDocumentFactory(published_at=timezone.now().replace(year=2024))
    client.force_login(reviewer)

    page = client.get(reverse(CHANGELIST)).content.decode()

    assert "2024年" in page
    assert client.get(reverse(CHANGELIST), {"year": "不是年份"}).status_code == 200


def test_base_form_puts_personal_data_errors_on_the_html_field(reviewer):
    document = PublishedDocumentFactory()
    data = {
        field: getattr(document, field) or ""
        for field in ["title", "document_number", "genre", "regulatory_class", "topic",
                      "keywords", "summary", "source", "validity"]
    }
    data.update(
        column=document.column_id, organisation=document.organisation_id,
        body=f"<p>联系电话{MOBILE}</p>", written_on=document.written_on,
        published_at_0=timezone.localtime(document.published_at).strftime("%Y-%m-%d"),
        published_at_1=timezone.localtime(document.published_at).strftime("%H:%M:%S"),
    )

    form = DocumentAdminForm(data=data, instance=document)

    assert not form.is_valid()
    assert "发现疑似个人信息" in " ".join(form.errors["body"])
    assert Document.objects.get(pk=document.pk).body == document.body
