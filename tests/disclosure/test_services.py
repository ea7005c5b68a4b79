"""The publishing workflow (发布流程) through `disclosure.services`."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from disclosure import services
from disclosure.models import Document
from tests.factories import (
    ColumnFactory,
    DocumentFactory,
    OrganisationFactory,
    PublishedDocumentFactory,
)

from .pii import MOBILE, bad_checksum_id_number, id_number, luhn_card

pytestmark = pytest.mark.django_db

CODE = "11210000000000001X"


def pending(**kwargs) -> Document:
    document = DocumentFactory(**kwargs)
    return services.document_submit(document=document, actor=None)


def publish(document, reviewer, **kwargs) -> Document:
    kwargs.setdefault("confidentiality_checked", True)
    return services.document_publish(document=document, actor=reviewer, **kwargs)


# --- Permissions and the basic transition ------------------------------------------------------

def test_editor_cannot_publish(editor):
    document = pending()

    with pytest.raises(PermissionDenied):
        publish(document, editor)

    document.refresh_from_db()
    assert document.status == Document.Status.PENDING
    assert document.index_number is None


def test_submit_moves_a_draft_to_pending(editor):
    document = DocumentFactory()

    services.document_submit(document=document, actor=editor)

    document.refresh_from_db()
    assert document.status == Document.Status.PENDING
    assert document.submitted_by == editor
    assert document.submitted_at is not None


def test_only_drafts_can_be_submitted(editor):
    document = pending()

    with pytest.raises(ValidationError, match="只有草稿可以送审"):
        services.document_submit(document=document, actor=editor)


def test_reviewer_publishes_a_pending_document(reviewer):
    document = pending()
    before = timezone.now()

    publish(document, reviewer, note="同意发布")

    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED
    assert document.reviewed_by == reviewer
    assert document.reviewed_at >= before
    assert document.review_note == "同意发布"
    assert document.confidentiality_checked is True
    assert document.index_number == f"{CODE}/{timezone.localdate().year}-00001"
    assert Document.objects.published().filter(pk=document.pk).exists()


def test_reviewer_can_send_a_document_back_with_a_reason(reviewer):
    document = pending()

    services.document_reject(document=document, actor=reviewer, note="文号有误")

    document.refresh_from_db()
    assert document.status == Document.Status.DRAFT
    assert document.review_note == "文号有误"


def test_sending_back_requires_a_reason(reviewer):
    document = pending()

    with pytest.raises(ValidationError, match="请填写退回理由"):
        services.document_reject(document=document, actor=reviewer, note="  ")


# --- 索引号 ---------------------------------------------------------------------------------

@time_machine.travel(datetime(2026, 3, 1, 2, 0, tzinfo=UTC), tick=False)
def test_index_numbers_follow_the_organisation_template_and_count_up(reviewer):
    first = publish(pending(), reviewer)
    second = publish(pending(), reviewer)

    assert first.index_number == f"{CODE}/2026-00001"
    assert second.index_number == f"{CODE}/2026-00002"


@time_machine.travel(datetime(2026, 3, 1, 2, 0, tzinfo=UTC), tick=False)
def test_custom_template_is_used(reviewer):
    organisation = OrganisationFactory(
        name="某市民政局", code="01527918X", index_number_template="{code}-{year}-{serial}"
    )
    document = publish(pending(column__organisation=organisation), reviewer)

    assert document.index_number == "01527918X-2026-1"


def test_a_new_year_starts_again_at_one(reviewer):
    with time_machine.travel(datetime(2026, 12, 31, 10, 0, tzinfo=UTC), tick=False):
        publish(pending(), reviewer)
        publish(pending(), reviewer)
    with time_machine.travel(datetime(2027, 1, 2, 10, 0, tzinfo=UTC), tick=False):
        document = publish(pending(), reviewer)

    assert document.index_number == f"{CODE}/2027-00001"


def test_year_is_taken_in_local_time(reviewer):
    # 2026-12-31 17:00 UTC is already 2027-01-01 01:00 in Beijing.
    with time_machine.travel(datetime(2026, 12, 31, 17, 0, tzinfo=UTC), tick=False):
        document = publish(pending(), reviewer)

    assert document.index_number == f"{CODE}/2027-00001"


@time_machine.travel(datetime(2026, 3, 1, 2, 0, tzinfo=UTC), tick=False)
def test_withdrawn_documents_keep_their_number_and_it_is_never_reused(reviewer):
    withdrawn = publish(pending(), reviewer)
    services.document_withdraw(document=withdrawn, actor=reviewer, reason="内容需更新")
    withdrawn.refresh_from_db()

    later = publish(pending(), reviewer)

    assert withdrawn.status == Document.Status.WITHDRAWN
    assert withdrawn.index_number == f"{CODE}/2026-00001"
    assert later.index_number == f"{CODE}/2026-00002"


@time_machine.travel(datetime(2026, 3, 1, 2, 0, tzinfo=UTC), tick=False)
def test_republishing_a_withdrawn_document_keeps_its_number(reviewer):
    document = publish(pending(), reviewer)
    services.document_withdraw(document=document, actor=reviewer, reason="暂停公开")
    services.document_return_to_draft(document=document, actor=reviewer)

    publish(document, reviewer)

    document.refresh_from_db()
    assert document.index_number == f"{CODE}/2026-00001"
    assert services.next_index_number(organisation=document.organisation, year=2026).endswith(
        "-00002"
    )


def test_withdraw_requires_a_reason_and_a_reviewer(editor, reviewer):
    document = publish(pending(), reviewer)

    with pytest.raises(PermissionDenied):
        services.document_withdraw(document=document, actor=editor, reason="x")
    with pytest.raises(ValidationError, match="请填写撤回原因"):
        services.document_withdraw(document=document, actor=reviewer, reason="")

    assert Document.objects.published().filter(pk=document.pk).exists()


# --- 定时发布 -------------------------------------------------------------------------------

def test_scheduled_document_appears_when_its_time_comes(reviewer):
    start = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    publish_at = start + timedelta(days=1)
    with time_machine.travel(start, tick=False):
        document = publish(pending(), reviewer, publish_at=publish_at)
        assert document.status == Document.Status.PUBLISHED
        assert document.is_scheduled
        assert not Document.objects.published().filter(pk=document.pk).exists()

    with time_machine.travel(publish_at + timedelta(minutes=1), tick=False):
        assert Document.objects.published().filter(pk=document.pk).exists()
        document.refresh_from_db()
        assert not document.is_scheduled


def test_schedule_is_recorded_in_history(reviewer):
    document = publish(pending(), reviewer, publish_at=timezone.now() + timedelta(hours=2))

    assert document.history.first().history_change_reason == "审核发布（定时）"


# --- 保密审查 and forbidden terms ----------------------------------------------------------

def test_confidentiality_check_is_required(reviewer):
    document = pending()

    with pytest.raises(ValidationError, match="保密审查"):
        publish(document, reviewer, confidentiality_checked=False)

    document.refresh_from_db()
    assert document.status == Document.Status.PENDING


@pytest.mark.parametrize("spam", ["必赢体育", "必-赢-体-育", "必 赢 体 育"])
def test_forbidden_term_in_the_body_is_refused_on_save(editor, spam):
    column = ColumnFactory()
    document = Document(
        column=column, organisation=column.organisation, title="通知", body=f"<p>欢迎访问{spam}</p>"
    )

    with pytest.raises(ValidationError, match="必赢体育") as caught:
        services.document_save(document=document, actor=editor)

    assert "正文" in caught.value.messages[0]


def test_forbidden_term_slipped_into_the_database_blocks_publishing(reviewer):
    document = pending()
    Document.objects.filter(pk=document.pk).update(body="<p>必赢体育</p>")

    with pytest.raises(ValidationError, match="必赢体育"):
        publish(document, reviewer)


# --- Personal information -----------------------------------------------------------------

PII_BODY = f"<p>身份证号{id_number()}，联系电话{MOBILE}，银行卡号{luhn_card()}。</p>"


def test_personal_data_blocks_publishing_until_each_item_is_confirmed(reviewer):
    document = pending(body=PII_BODY)
    findings = services.personal_data_findings(document)
    assert sorted(f.kind for f in findings) == ["bank_card", "id_number", "mobile"]

    # Two of three confirmed: still refused, naming the one left (masked).
    with pytest.raises(ValidationError) as caught:
        publish(document, reviewer, confirmed_personal_data=[f.key for f in findings[:2]])
    message = caught.value.messages[0]
    assert findings[2].masked in message
    assert findings[2].value not in message
    assert Document.objects.get(pk=document.pk).status == Document.Status.PENDING

    publish(document, reviewer, confirmed_personal_data=[f.key for f in findings])

    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED
    assert sorted(document.confirmed_personal_data) == sorted(f.key for f in findings)


def test_publishing_succeeds_once_personal_data_is_removed(editor, reviewer):
    document = pending(body=PII_BODY)
    with pytest.raises(ValidationError):
        publish(document, reviewer)

    services.document_reject(document=document, actor=reviewer, note="请删除个人信息")
    document.refresh_from_db()
    document.body = "<p>联系电话见附件。</p>"
    services.document_save(document=document, actor=editor)
    services.document_submit(document=document, actor=editor)
    publish(document, reviewer)

    assert Document.objects.published().filter(pk=document.pk).exists()


def test_an_id_number_with_a_wrong_check_digit_is_not_flagged():
    document = DocumentFactory(body=f"<p>编号{bad_checksum_id_number()}</p>")

    assert services.personal_data_findings(document) == []


def test_reviewer_edit_of_published_document_rechecks_personal_data(reviewer):
    document = publish(pending(), reviewer)
    document.body = PII_BODY

    with pytest.raises(ValidationError, match="个人信息"):
        services.document_save(document=document, actor=reviewer)


# --- Sanitising and the approved fingerprint --------------------------------------------------

def test_unsafe_html_is_removed_on_save(editor):
    column = ColumnFactory()
    document = Document(
        column=column,
        organisation=column.organisation,
        title="关于开放时间的通知",
        body=(
            '<p onclick="steal()" style="color:red">开放时间</p>'
            "<script>alert(1)</script>"
            '<img src="x.png" onerror="alert(2)">'
            '<a href="javascript:alert(3)">链接</a>'
            '<iframe src="https://evil.example"></iframe>'
        ),
    )

    services.document_save(document=document, actor=editor)

    body = Document.objects.get(pk=document.pk).body
    removed = ("<script", "alert(1)", "onerror", "onclick", "style=", "javascript:", "<iframe")
    for fragment in removed:
        assert fragment not in body
    assert "开放时间" in body
    assert '<img src="x.png">' in body


def test_approved_hash_is_set_on_publish_and_updated_by_reviewer_edits(editor, reviewer):
    document = pending()
    assert document.approved_hash == ""

    publish(document, reviewer)
    document.refresh_from_db()
    first_hash = document.approved_hash
    assert first_hash == services.content_hash(document)

    document.title = "关于做好文化工作的通知（修订）"
    services.document_save(document=document, actor=reviewer)
    document.refresh_from_db()

    assert document.approved_hash == services.content_hash(document)
    assert document.approved_hash != first_hash
    assert document.status == Document.Status.PUBLISHED


def test_editor_cannot_change_a_published_document(editor):
    document = PublishedDocumentFactory()
    document.title = "篡改后的标题"

    with pytest.raises(PermissionDenied):
        services.document_save(document=document, actor=editor)

    assert Document.objects.get(pk=document.pk).title != "篡改后的标题"
