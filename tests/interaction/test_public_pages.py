"""Every public page of 互动交流 answers 200 with one <h1> and no inline script; unpublished
material, unmoderated comments and contacts never appear."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from interaction.models import Comment
from tests.factories import SiteProfileFactory
from tests.interaction.factories import (
    ApprovedCommentFactory,
    CommentFactory,
    ConsultationFactory,
    DraftConsultationFactory,
    FeedbackFactory,
    MessageFactory,
    PublishedAnswerFactory,
)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


@pytest.fixture
def content(db):
    SiteProfileFactory()
    consultation = ConsultationFactory(title="关于《演出管理细则》公开征求意见的通知")
    answer = PublishedAnswerFactory(message__subject="演出许可证如何延续？")
    return {"consultation": consultation, "answer": answer}


def public_urls(content) -> list[str]:
    return [
        "/hdjl/",
        "/hdjl/yjzj/",
        "/hdjl/yjzj/?status=open",
        "/hdjl/yjzj/?status=closed",
        "/hdjl/yjzj/?status=upcoming",
        "/hdjl/yjzj/?status=bogus&after=garbage",
        f"/hdjl/yjzj/{content['consultation'].pk}/",
        "/hdjl/zx/",
        "/hdjl/zx/?q=演出&box=zx&topic=performance&year=2026",
        "/hdjl/zx/?box=nope&year=abc&topic=%00",
        f"/hdjl/zx/{content['answer'].pk}/",
        "/hdjl/zx/ask/",
        "/hdjl/zx/receipt/",
        "/hdjl/zx/lookup/",
        "/hdjl/zx/stats/",
        "/hdjl/zx/stats/?year=2017",
        "/hdjl/zx/stats/?year=1800",
    ]


def test_every_public_page_answers_with_one_h1_and_no_inline_script(client, content):
    for url in public_urls(content):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert len(re.findall(r"<h1[\s>]", page)) == 1, url
        assert not INLINE_SCRIPT.search(page), url
        assert "跳到主要内容" in page, url


def test_lists_show_published_items(client, content):
    assert "关于《演出管理细则》公开征求意见的通知" in client.get("/hdjl/yjzj/").content.decode()
    assert "演出许可证如何延续？" in client.get("/hdjl/zx/").content.decode()


def test_unpublished_consultation_is_never_public(client, db):
    draft = DraftConsultationFactory(title="尚未发布的征求意见稿")
    assert "尚未发布的征求意见稿" not in client.get("/hdjl/yjzj/").content.decode()
    assert "尚未发布的征求意见稿" not in client.get("/hdjl/").content.decode()
    assert client.get(f"/hdjl/yjzj/{draft.pk}/").status_code == 404


def test_only_approved_comments_are_shown_and_never_contacts(client, db):
    consultation = ConsultationFactory()
    ApprovedCommentFactory(
        consultation=consultation, content="公开的意见内容", name="", contact="approved@example.com"
    )
    CommentFactory(consultation=consultation, content="待审核的意见内容", contact="13711112222")
    CommentFactory(
        consultation=consultation,
        content="不予公开的意见内容",
        moderation=Comment.Moderation.REJECTED,
        rejection_reason="广告",
    )
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "公开的意见内容" in page
    assert "匿名" in page
    assert "待审核的意见内容" not in page
    assert "不予公开的意见内容" not in page
    assert "approved@example.com" not in page
    assert "13711112222" not in page


def test_feedback_shows_only_when_published(client, db):
    opened = timezone.now() - dt.timedelta(days=40)
    consultation = ConsultationFactory(opens_at=opened, closes_at=opened + dt.timedelta(days=30))
    ApprovedCommentFactory(consultation=consultation)
    CommentFactory(consultation=consultation)
    feedback = FeedbackFactory(consultation=consultation, other_channel_count=3, adopted_count=2)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "意见采纳情况" not in page  # still a draft
    feedback.status = feedback.Status.PUBLISHED
    feedback.published_at = timezone.now()
    feedback.save()
    page = client.get(consultation.get_absolute_url()).content.decode()
    # 2 online comments (whatever their moderation) + 3 by other channels.
    assert "共收到意见5条，采纳2条。" in page
    assert "超出本办法调整范围。" in page


def test_unconsented_or_unpublished_answers_are_never_public(client, db):
    hidden = PublishedAnswerFactory(
        message__consents_to_publication=False, title="不同意公开的问答"
    )
    draft = PublishedAnswerFactory(status="draft", published_at=None, title="草稿问答")
    listing = client.get("/hdjl/zx/").content.decode()
    assert "不同意公开的问答" not in listing
    assert "草稿问答" not in listing
    assert client.get(f"/hdjl/zx/{hidden.pk}/").status_code == 404
    assert client.get(f"/hdjl/zx/{draft.pk}/").status_code == 404
    assert "不同意公开的问答" not in client.get("/hdjl/zx/?q=不同意").content.decode()


def test_answer_page_never_shows_name_or_contact(client, db):
    answer = PublishedAnswerFactory(
        message__name="张三丰", message__phone="13800001111", message__email="citizen@example.com"
    )
    page = client.get(answer.get_absolute_url()).content.decode()
    assert answer.question in page
    for private in ("张三丰", "13800001111", "citizen@example.com"):
        assert private not in page


def test_search_reads_the_published_version_only(client, db):
    PublishedAnswerFactory(
        message__content="原文提到秘密关键词", question="公开版本已删改", title="删改后的问答"
    )
    assert "删改后的问答" not in client.get("/hdjl/zx/?q=秘密关键词").content.decode()
    assert "删改后的问答" in client.get("/hdjl/zx/?q=删改").content.decode()


def test_messages_are_never_listed(client, db):
    MessageFactory(subject="未公开的留言标题")
    for url in ("/hdjl/", "/hdjl/zx/", "/hdjl/zx/?q=未公开"):
        assert "未公开的留言标题" not in client.get(url).content.decode()


def test_filters_by_status(client, db):
    now = timezone.now()
    ConsultationFactory(title="进行中的征集")
    ConsultationFactory(
        title="已结束的征集",
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=30),
    )
    ConsultationFactory(
        title="未开始的征集",
        opens_at=now + dt.timedelta(days=5),
        published_at=now - dt.timedelta(days=1),
    )
    closed = client.get("/hdjl/yjzj/?status=closed").content.decode()
    assert "已结束的征集" in closed and "进行中的征集" not in closed
    upcoming = client.get("/hdjl/yjzj/?status=upcoming").content.decode()
    assert "未开始的征集" in upcoming and "已结束的征集" not in upcoming
    bogus = client.get("/hdjl/yjzj/?status=bogus").content.decode()
    assert "征集状态无效" in bogus and "进行中的征集" in bogus and "已结束的征集" in bogus


def test_attachment_served_only_while_published(client, db, reviewer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from interaction.services import consultation_attachment_add

    consultation = DraftConsultationFactory()
    attachment = consultation_attachment_add(
        consultation=consultation,
        actor=reviewer,
        uploaded=SimpleUploadedFile("细则.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    assert attachment.file.name.endswith(".pdf") and "细则" not in attachment.file.name
    assert client.get(attachment.get_absolute_url()).status_code == 404
    consultation.status = consultation.Status.PUBLISHED
    consultation.published_at = consultation.opens_at
    consultation.save()
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_attachment_with_wrong_content_is_refused(db, reviewer):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from interaction.services import consultation_attachment_add

    consultation = DraftConsultationFactory()
    with pytest.raises(ValidationError, match="内容与扩展名"):
        consultation_attachment_add(
            consultation=consultation,
            actor=reviewer,
            uploaded=SimpleUploadedFile("x.pdf", b"MZ not a pdf"),
        )
    assert consultation.attachments.count() == 0


def test_home_block_selector_and_partial(db, content):
    from django.template.loader import render_to_string

    from interaction.selectors import latest_for_home

    items = latest_for_home(limit=6)
    titles = [item.title for item in items]
    assert "演出许可证如何延续？" in titles
    assert "关于《演出管理细则》公开征求意见的通知" in titles
    html = render_to_string("interaction/includes/_home_block.html", {"items": items})
    assert "演出许可证如何延续？" in html and "意见征集·进行中" in html
