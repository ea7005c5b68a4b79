"""The staff side (后台) through the admin pages: editing, workflow, attachments, history, roles."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from disclosure import services
from disclosure.models import Attachment, Document
from integrity.models import ForbiddenTerm
from portal.models import Organisation, SiteProfile
from tests.factories import (
    ColumnFactory,
    DocumentFactory,
    PublishedDocumentFactory,
    SiteProfileFactory,
)

from .pii import MOBILE, id_number

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_profile(db):
    """A configured site, as in production: refusals render the site's 403 page with its footer."""
    return SiteProfileFactory()

PDF = b"%PDF-1.4\n%%EOF\n"
PUBLISH = {"confidentiality_checked": "on", "_publish": "1"}


def change_url(document) -> str:
    return reverse("admin:disclosure_document_change", args=[document.pk])


def workflow_url(name: str, document) -> str:
    return reverse(f"admin:disclosure_document_{name}", args=[document.pk])


def document_form_data(column, **overrides) -> dict:
    """POST data of the document add/change form, with an empty attachment inline."""
    data = {
        "column": column.pk,
        "organisation": column.organisation.pk,
        "title": "关于举办2026年群众文化活动的通知",
        "document_number": "辽文办发〔2026〕3号",
        "genre": Document.Genre.NOTICE,
        "regulatory_class": "",
        "topic": "文化、广电、新闻出版\\文化",
        "keywords": "群众文化",
        "summary": "",
        "source": "",
        "body": "<p>各市文化局：现将有关事项通知如下。</p>",
        "written_on": "2026-03-01",
        "effective_on": "",
        "published_at_0": "",
        "published_at_1": "",
        "validity": Document.Validity.VALID,
        "validity_changed_on": "",
        "replaced_by": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def with_attachment(data: dict, name: str, content: bytes) -> dict:
    return {
        **data,
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-name": "",
        "attachments-0-order": "0",
        "attachments-0-file": SimpleUploadedFile(name, content),
    }


def checked_values(page: str, name: str) -> list[str]:
    """Values of the ticked checkboxes called `name` in an HTML page."""
    inputs = re.findall(rf'<input type="checkbox" name="{name}"[^>]*>', page)
    return [re.search(r'value="([^"]*)"', tag).group(1) for tag in inputs if " checked" in tag]


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def pending_document(**kwargs) -> Document:
    return services.document_submit(document=DocumentFactory(**kwargs), actor=None)


# --- Editing ---------------------------------------------------------------------------------

def test_editor_creates_a_draft(client, editor):
    column = ColumnFactory()
    client.force_login(editor)

    response = client.post(reverse("admin:disclosure_document_add"), document_form_data(column))

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.status == Document.Status.DRAFT
    assert document.created_by == editor
    assert document.history.first().history_user == editor
    assert document.history.first().history_change_reason == "新建"


def test_body_is_sanitised_when_saved_through_the_admin(client, editor):
    column = ColumnFactory()
    client.force_login(editor)

    client.post(
        reverse("admin:disclosure_document_add"),
        document_form_data(column, body='<p onclick="x()">正文</p><script>alert(1)</script>'),
    )

    assert Document.objects.get().body == "<p>正文</p>"


@pytest.mark.parametrize("spam", ["必赢体育", "必-赢-体-育"])
def test_forbidden_term_is_shown_and_input_kept(client, editor, spam):
    column = ColumnFactory()
    client.force_login(editor)

    response = client.post(
        reverse("admin:disclosure_document_add"),
        document_form_data(column, title="关于暑期开放的通知", body=f"<p>{spam}欢迎您</p>"),
    )

    assert response.status_code == 200
    assert "内容包含禁用词，不能保存或发布：正文中的“必赢体育”。" in response.content.decode()
    assert 'value="关于暑期开放的通知"' in response.content.decode()
    assert not Document.objects.exists()


def test_bad_document_number_is_shown_and_input_kept(client, editor):
    column = ColumnFactory()
    client.force_login(editor)

    response = client.post(
        reverse("admin:disclosure_document_add"),
        document_form_data(column, document_number="辽文办发[2026]3号"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "年份须用六角括号“〔〕”括起" in page
    assert "您是否要填写“辽文办发〔2026〕3号”？" in page
    assert 'value="关于举办2026年群众文化活动的通知"' in page
    assert not Document.objects.exists()


def test_editor_sees_a_published_document_read_only(client, editor):
    document = PublishedDocumentFactory()
    client.force_login(editor)

    page = client.get(change_url(document)).content.decode()
    response = client.post(change_url(document), document_form_data(document.column, title="改"))

    assert 'name="title"' not in page
    assert response.status_code == 403
    assert Document.objects.get(pk=document.pk).title == document.title


def test_reviewer_edit_of_a_published_document_reapproves_it(client, reviewer):
    document = PublishedDocumentFactory()
    client.force_login(reviewer)

    response = client.post(
        change_url(document), document_form_data(document.column, title="关于开放时间调整的通知")
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "关于开放时间调整的通知"
    assert document.status == Document.Status.PUBLISHED
    assert document.approved_hash == services.content_hash(document)


def test_reviewer_adding_personal_data_to_a_published_document_gets_an_error(client, reviewer):
    document = PublishedDocumentFactory()
    client.force_login(reviewer)

    response = client.post(
        change_url(document),
        document_form_data(document.column, body=f"<p>联系人手机{MOBILE}</p>"),
    )

    assert response.status_code == 200
    assert "发现疑似个人信息" in response.content.decode()
    assert MOBILE not in Document.objects.get(pk=document.pk).body


# --- Workflow --------------------------------------------------------------------------------

def test_editor_submits_from_the_change_page(client, editor):
    document = DocumentFactory()
    client.force_login(editor)

    page = client.get(change_url(document)).content.decode()
    response = client.post(workflow_url("submit", document))

    assert f'action="{workflow_url("submit", document)}"' in page
    assert response.status_code == 302
    assert Document.objects.get(pk=document.pk).status == Document.Status.PENDING
    assert "已送审" in messages_of(response)[0]


def test_submit_needs_post(client, editor):
    document = DocumentFactory()
    client.force_login(editor)

    assert client.get(workflow_url("submit", document)).status_code == 405
    assert Document.objects.get(pk=document.pk).status == Document.Status.DRAFT


def test_submitting_twice_shows_an_error(client, editor):
    document = pending_document()
    client.force_login(editor)

    response = client.post(workflow_url("submit", document), follow=True)

    assert "只有草稿可以送审。" in response.content.decode()


def test_editor_cannot_reach_the_review_page(client, editor):
    document = pending_document()
    client.force_login(editor)

    get = client.get(workflow_url("review", document))
    post = client.post(
        workflow_url("review", document), {"confidentiality_checked": "on", "_publish": "1"}
    )

    assert get.status_code == 403
    assert post.status_code == 403
    assert workflow_url("review", document) not in client.get(change_url(document)).content.decode()
    assert Document.objects.get(pk=document.pk).status == Document.Status.PENDING


def test_editor_cannot_publish_with_the_bulk_action(client, editor):
    document = pending_document()
    client.force_login(editor)

    changelist = client.get(reverse("admin:disclosure_document_changelist")).content.decode()
    response = client.post(
        reverse("admin:disclosure_document_changelist"),
        {"action": "publish_selected", "_selected_action": [document.pk], "confirm": "yes",
         "confidentiality_checked": "on"},
        follow=True,
    )

    assert 'value="publish_selected"' not in changelist
    assert 'value="submit_selected"' in changelist
    assert response.status_code == 200
    assert Document.objects.get(pk=document.pk).status == Document.Status.PENDING


def test_review_page_lists_personal_data_findings_masked(client, reviewer):
    document = pending_document(body=f"<p>身份证号{id_number()}，手机{MOBILE}</p>")
    client.force_login(reviewer)

    change_page = client.get(change_url(document)).content.decode()
    page = client.get(workflow_url("review", document)).content.decode()

    assert f'href="{workflow_url("review", document)}"' in change_page
    for finding in services.personal_data_findings(document):
        assert f'value="{finding.key}"' in page
        assert finding.masked in page
    assert "确认可以公开" in page
    assert "已完成保密审查" in page
    assert "发现 2 处疑似个人信息" in page
    assert id_number() not in page.replace(document.body, "")


def test_reviewer_publishes_with_confirmations(client, reviewer):
    document = pending_document(body=f"<p>身份证号{id_number()}，手机{MOBILE}</p>")
    keys = [f.key for f in services.personal_data_findings(document)]
    client.force_login(reviewer)

    response = client.post(
        workflow_url("review", document),
        {"confirmed_personal_data": keys, "confidentiality_checked": "on", "note": "同意",
         "_publish": "1"},
    )

    assert response.status_code == 302
    assert response["Location"] == change_url(document)
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED
    assert document.reviewed_by == reviewer
    assert Document.objects.published().filter(pk=document.pk).exists()
    assert document.get_absolute_url() == reverse("disclosure:document", kwargs={"pk": document.pk})
    assert f"索引号：{document.index_number}" in messages_of(response)[0]


def test_unconfirmed_personal_data_is_shown_on_the_review_page(client, reviewer):
    document = pending_document(body=f"<p>身份证号{id_number()}，手机{MOBILE}</p>")
    findings = services.personal_data_findings(document)
    client.force_login(reviewer)

    response = client.post(
        workflow_url("review", document),
        {"confirmed_personal_data": [findings[0].key], "confidentiality_checked": "on",
         "note": "我的意见", "_publish": "1"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "须删除或由审核员逐项确认可以公开后才能发布" in page
    assert findings[1].masked in page
    assert checked_values(page, "confirmed_personal_data") == [findings[0].key]
    assert "我的意见" in page
    assert Document.objects.get(pk=document.pk).status == Document.Status.PENDING


def test_publishing_without_confidentiality_check_shows_an_error(client, reviewer):
    document = pending_document()
    client.force_login(reviewer)

    response = client.post(workflow_url("review", document), {"note": "同意", "_publish": "1"})

    assert response.status_code == 200
    assert "发布前须完成保密审查并勾选确认。" in response.content.decode()
    assert Document.objects.get(pk=document.pk).status == Document.Status.PENDING


def test_forbidden_term_is_reported_on_the_review_page(client, reviewer):
    document = pending_document()
    Document.objects.filter(pk=document.pk).update(body="<p>必赢体育</p>")
    client.force_login(reviewer)

    response = client.post(
        workflow_url("review", document), {"confidentiality_checked": "on", "_publish": "1"}
    )

    assert response.status_code == 200
    assert "正文中的“必赢体育”" in response.content.decode()
    assert Document.objects.get(pk=document.pk).status == Document.Status.PENDING


def test_scheduled_publishing_from_the_review_page(client, reviewer):
    document = pending_document()
    later = timezone.localtime() + timezone.timedelta(days=2)
    client.force_login(reviewer)

    response = client.post(
        workflow_url("review", document),
        {"confidentiality_checked": "on", "publish_at": later.strftime("%Y-%m-%dT%H:%M"),
         "_publish": "1"},
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.is_scheduled
    assert not Document.objects.published().filter(pk=document.pk).exists()
    assert "定时发布" in messages_of(response)[0]
    changelist = client.get(reverse("admin:disclosure_document_changelist")).content.decode()
    assert "定时发布" in changelist


def test_publishing_time_in_the_past_is_refused(client, reviewer):
    document = pending_document()
    client.force_login(reviewer)

    response = client.post(
        workflow_url("review", document),
        {"confidentiality_checked": "on", "publish_at": "2020-01-01T08:00", "_publish": "1"},
    )

    assert "定时发布时间不能早于当前时间。" in response.content.decode()
    assert Document.objects.get(pk=document.pk).status == Document.Status.PENDING


def test_bad_publish_time_is_a_form_error(client, reviewer):
    document = pending_document()
    client.force_login(reviewer)

    response = client.post(
        workflow_url("review", document),
        {"confidentiality_checked": "on", "publish_at": "明天上午", "_publish": "1"},
    )

    assert response.status_code == 200
    assert Document.objects.get(pk=document.pk).status == Document.Status.PENDING


def test_reviewer_sends_back_with_a_reason(client, reviewer):
    document = pending_document()
    client.force_login(reviewer)

    refused = client.post(workflow_url("review", document), {"note": "", "_reject": "1"})
    response = client.post(workflow_url("review", document), {"note": "标题有误", "_reject": "1"})

    assert "请填写退回理由。" in refused.content.decode()
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Document.Status.DRAFT
    assert document.review_note == "标题有误"


def test_reviewer_publishes_with_the_bulk_action(client, reviewer):
    clean = pending_document()
    with_pii = pending_document(body=f"<p>手机{MOBILE}</p>")
    client.force_login(reviewer)
    changelist = reverse("admin:disclosure_document_changelist")
    selection = {"action": "publish_selected", "_selected_action": [clean.pk, with_pii.pk]}

    confirm_page = client.post(changelist, selection)
    unconfirmed = client.post(changelist, {**selection, "confirm": "yes"})
    done = client.post(changelist, {**selection, "confirm": "yes",
                                    "confidentiality_checked": "on"}, follow=True)

    assert "已对所选信息逐一完成保密审查" in confirm_page.content.decode()
    assert "1 处疑似个人信息" in confirm_page.content.decode()
    assert "发布前须完成保密审查并勾选确认。" in unconfirmed.content.decode()
    page = done.content.decode()
    assert "已审核发布1条信息。" in page
    assert "发现疑似个人信息" in page
    assert Document.objects.get(pk=clean.pk).status == Document.Status.PUBLISHED
    assert Document.objects.get(pk=with_pii.pk).status == Document.Status.PENDING


def test_bulk_submit(client, editor):
    drafts = DocumentFactory.create_batch(2)
    client.force_login(editor)

    response = client.post(
        reverse("admin:disclosure_document_changelist"),
        {"action": "submit_selected", "_selected_action": [d.pk for d in drafts]},
        follow=True,
    )

    assert "已送审2条信息。" in response.content.decode()
    assert set(Document.objects.values_list("status", flat=True)) == {Document.Status.PENDING}


def test_withdraw_and_return_to_draft(client, reviewer):
    document = services.document_publish(
        document=pending_document(), actor=reviewer, confidentiality_checked=True
    )
    client.force_login(reviewer)

    form_page = client.get(workflow_url("withdraw", document)).content.decode()
    refused = client.post(workflow_url("withdraw", document), {"reason": ""})
    withdrawn = client.post(workflow_url("withdraw", document), {"reason": "政策已调整"})

    assert document.index_number in form_page
    assert "请填写撤回原因。" in refused.content.decode()
    assert withdrawn.status_code == 302
    document.refresh_from_db()
    assert document.status == Document.Status.WITHDRAWN
    assert not Document.objects.published().filter(pk=document.pk).exists()

    page = client.get(change_url(document)).content.decode()
    assert workflow_url("to_draft", document) in page
    client.post(workflow_url("to_draft", document))
    assert Document.objects.get(pk=document.pk).status == Document.Status.DRAFT


def test_editor_cannot_withdraw(client, editor):
    document = PublishedDocumentFactory()
    client.force_login(editor)

    response = client.post(workflow_url("withdraw", document), {"reason": "不想公开"})

    assert response.status_code == 403
    assert Document.objects.get(pk=document.pk).status == Document.Status.PUBLISHED


# --- Attachments -----------------------------------------------------------------------------

def test_attachment_upload_through_the_inline(client, editor):
    document = DocumentFactory()
    client.force_login(editor)

    response = client.post(
        change_url(document),
        with_attachment(document_form_data(document.column), "附件1：报名表.pdf", PDF),
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get(document=document)
    assert attachment.name == "附件1：报名表.pdf"
    assert attachment.extension == "pdf"
    assert "报名表" not in attachment.file.name
    page = client.get(change_url(document)).content.decode()
    assert "PDF" in page
    assert "15\xa0字节" in page


def test_disguised_attachment_shows_the_error_and_keeps_input(client, editor):
    document = DocumentFactory()
    client.force_login(editor)

    response = client.post(
        change_url(document),
        with_attachment(document_form_data(document.column, title="关于征集意见的通知"),
                        "报名表.pdf", b"<html><script>alert(1)</script></html>"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "内容与扩展名“.pdf”不符" in page
    assert 'value="关于征集意见的通知"' in page
    assert not Attachment.objects.exists()
    assert Document.objects.get(pk=document.pk).title != "关于征集意见的通知"


def test_executable_attachment_is_refused(client, editor):
    document = DocumentFactory()
    client.force_login(editor)

    response = client.post(
        change_url(document),
        with_attachment(document_form_data(document.column), "setup.exe", b"MZ" + b"\x00" * 60),
    )

    assert "不支持的附件类型“exe”" in response.content.decode()
    assert not Attachment.objects.exists()


def test_oversize_attachment_is_refused(client, editor, settings):
    settings.PORTAL_ATTACHMENT_MAX_BYTES = 10
    document = DocumentFactory()
    client.force_login(editor)

    response = client.post(
        change_url(document), with_attachment(document_form_data(document.column), "a.pdf", PDF)
    )

    assert "的上限" in response.content.decode()
    assert not Attachment.objects.exists()


# --- History ---------------------------------------------------------------------------------

def test_history_page_shows_who_submitted_and_published(client, editor, reviewer):
    document = DocumentFactory()
    client.force_login(editor)
    client.post(workflow_url("submit", document))
    client.force_login(reviewer)
    client.post(workflow_url("review", document), PUBLISH)
    client.force_login(editor)

    page = client.get(reverse("admin:disclosure_document_history", args=[document.pk]))

    rows = re.findall(r"<tr>(.*?)</tr>", page.content.decode(), flags=re.S)
    cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)) for row in rows]
    assert page.status_code == 200
    assert any(f" {editor.username} " in row and " 送审 " in row for row in cells)
    assert any(f" {reviewer.username} " in row and " 审核发布 " in row for row in cells)


def test_history_entries_record_the_admin_user(client, editor, reviewer):
    document = DocumentFactory()
    client.force_login(editor)
    client.post(workflow_url("submit", document))
    client.force_login(reviewer)
    client.post(workflow_url("review", document), PUBLISH)

    latest, previous = document.history.all()[:2]

    assert (latest.history_change_reason, latest.history_user) == ("审核发布", reviewer)
    assert (previous.history_change_reason, previous.history_user) == ("送审", editor)


def test_revert_goes_through_the_services_and_keeps_the_workflow_state(client, reviewer):
    document = DocumentFactory(title="原标题")
    old_version = document.history.first()
    document.title = "新标题"
    services.document_save(document=document, actor=reviewer)
    services.document_submit(document=document, actor=reviewer)
    client.force_login(reviewer)
    url = reverse(
        "admin:disclosure_document_simple_history", args=[document.pk, old_version.history_id]
    )

    response = client.post(url, document_form_data(document.column, title="原标题"))

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "原标题"
    assert document.status == Document.Status.PENDING  # not the historical 草稿


def test_editor_cannot_revert_a_published_document(client, editor):
    document = PublishedDocumentFactory()
    version = document.history.first()
    client.force_login(editor)
    url = reverse(
        "admin:disclosure_document_simple_history", args=[document.pk, version.history_id]
    )

    response = client.post(url, document_form_data(document.column, title="回退"))

    assert response.status_code == 403
    assert Document.objects.get(pk=document.pk).title != "回退"


# --- Every role can work in the admin -----------------------------------------------------------

CHANGELISTS = {
    "editor": ["disclosure_document", "disclosure_column", "portal_organisation"],
    "reviewer": ["disclosure_document", "disclosure_column", "integrity_forbiddenterm"],
    "site_admin": [
        "disclosure_document", "disclosure_column", "portal_organisation", "portal_siteprofile",
        "integrity_forbiddenterm",
    ],
}


@pytest.mark.parametrize("role", CHANGELISTS)
def test_changelists_load_for_each_role(client, request, role):
    user = request.getfixturevalue(role)
    PublishedDocumentFactory(published_at=timezone.now() + timezone.timedelta(days=1))
    DocumentFactory()
    client.force_login(user)

    for name in CHANGELISTS[role]:
        response = client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200, name
    filtered = client.get(reverse("admin:disclosure_document_changelist"),
                          {"status": "scheduled", "year": str(timezone.localdate().year)})
    assert filtered.status_code == 200
    assert "定时发布" in filtered.content.decode()


def test_add_pages_load_for_the_site_admin(client, site_admin):
    client.force_login(site_admin)

    SiteProfile.objects.all().delete()

    for name in ["disclosure_document", "disclosure_column", "portal_organisation",
                 "portal_siteprofile", "integrity_forbiddenterm"]:
        assert client.get(reverse(f"admin:{name}_add")).status_code == 200, name


def test_editor_cannot_manage_columns_or_terms(client, editor):
    client.force_login(editor)

    assert client.get(reverse("admin:disclosure_column_add")).status_code == 403
    assert client.get(reverse("admin:integrity_forbiddenterm_changelist")).status_code == 403


def test_only_one_site_profile(client, site_admin):
    client.force_login(site_admin)

    assert client.get(reverse("admin:portal_siteprofile_add")).status_code == 403
    assert SiteProfile.objects.count() == 1


def test_organisation_index_number_template_is_validated(client, site_admin):
    client.force_login(site_admin)
    data = {"name": "某局", "short_name": "", "parent": "", "order": "0", "code": "123",
            "address": "", "postcode": "", "phone": "", "fax": "", "email": "", "office_hours": ""}

    missing_serial = client.post(reverse("admin:portal_organisation_add"),
                                 {**data, "index_number_template": "{code}/{year}"})
    unknown = client.post(reverse("admin:portal_organisation_add"),
                          {**data, "index_number_template": "{code}/{month}-{serial}"})

    assert "必须包含年度流水号占位符 {serial}" in missing_serial.content.decode()
    assert "只能使用 {code}、{year}、{serial} 三个占位符" in unknown.content.decode()
    assert not Organisation.objects.filter(name="某局").exists()


def test_forbidden_term_admin_filters_and_searches(client, site_admin):
    ForbiddenTerm.objects.create(term="出售测试毒品", category=ForbiddenTerm.Category.DRUGS)
    client.force_login(site_admin)
    url = reverse("admin:integrity_forbiddenterm_changelist")

    by_category = client.get(url, {"category": ForbiddenTerm.Category.DRUGS}).content.decode()
    searched = client.get(url, {"q": "必赢"}).content.decode()

    assert "出售测试毒品" in by_category
    assert "必赢体育" not in by_category
    assert "必赢体育" in searched
