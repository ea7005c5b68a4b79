"""意见征集: the comment form with bad input, the time window, moderation."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from integrity.models import ForbiddenTerm
from interaction.models import Comment
from interaction.services import comment_moderate, comment_submit
from tests.interaction.factories import CommentFactory, ConsultationFactory

GOOD = {
    "name": "",
    "contact": "13912345678",
    "content": "建议延长开放时间。",
    "privacy_consent": "on",
}


def post(client, consultation, **changes):
    data = {**GOOD, "submission_key": str(uuid.uuid4()), **changes}
    return client.post(consultation.get_absolute_url(), data)


def test_comment_is_stored_pending_and_not_public(client, db):
    consultation = ConsultationFactory()
    response = post(client, consultation)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.moderation == Comment.Moderation.PENDING
    page = client.get(response["Location"]).content.decode()
    assert "您的意见已提交" in page
    assert "建议延长开放时间。" not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"contact": ""}, "请填写联系方式"),
        ({"contact": "12345"}, "联系方式格式不正确"),
        ({"content": ""}, "请填写意见内容"),
        ({"privacy_consent": ""}, "请阅读隐私声明并勾选同意"),
    ],
)
def test_bad_input_is_refused_with_the_input_kept(client, db, changes, message):
    consultation = ConsultationFactory()
    response = post(client, consultation, **{"name": "李四", **changes})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="李四"' in page
    assert Comment.objects.count() == 0


def test_oversized_comment_is_refused_and_kept(client, db):
    consultation = ConsultationFactory()
    text = "意" * 2001
    response = post(client, consultation, content=text)
    page = response.content.decode()
    assert "意见内容最多2000个字，您填写了2001个字" in page
    assert text in page
    assert Comment.objects.count() == 0


def test_honeypot_refuses(client, db):
    response = post(client, ConsultationFactory(), homepage="http://spam.example")
    assert "请确认“请勿填写”一栏为空" in response.content.decode()
    assert Comment.objects.count() == 0


def test_rate_limit_per_ip(client, db, settings):
    settings.INTERACTION_SUBMISSIONS_PER_IP_PER_HOUR = 2
    consultation = ConsultationFactory()
    assert post(client, consultation).status_code == 302
    assert post(client, consultation).status_code == 302
    response = post(client, consultation, content="第三条意见")
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()
    assert "第三条意见" in response.content.decode()
    assert Comment.objects.count() == 2


def test_duplicate_submit_key_stores_one_comment(client, db):
    consultation = ConsultationFactory()
    key = str(uuid.uuid4())
    post(client, consultation, submission_key=key)
    response = post(client, consultation, submission_key=key)
    assert response.status_code == 302
    assert Comment.objects.count() == 1
    assert "本次没有重复提交" in client.get(response["Location"]).content.decode()


def test_comment_on_closed_consultation_is_refused_and_nothing_stored(client, db):
    closes = dt.datetime(2026, 11, 1, 17, 0, tzinfo=timezone.get_current_timezone())
    consultation = ConsultationFactory(opens_at=closes - dt.timedelta(days=30), closes_at=closes)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "本次意见征集已于2026年11月1日结束，不再接受意见" in page
    assert 'name="content"' not in page
    response = post(client, consultation)
    assert response.status_code == 200
    assert "本次意见征集已于2026年11月1日结束，不再接受意见" in response.content.decode()
    assert Comment.objects.count() == 0


def test_comment_on_upcoming_consultation_is_refused_and_nothing_stored(client, db):
    opens = timezone.now() + dt.timedelta(days=3)
    consultation = ConsultationFactory(opens_at=opens, published_at=timezone.now())
    response = post(client, consultation)
    assert "现在暂不接受意见" in response.content.decode()
    assert Comment.objects.count() == 0
    with pytest.raises(ValidationError):
        comment_submit(consultation=consultation, data=GOOD)
    assert Comment.objects.count() == 0


def test_comment_with_forbidden_term_is_held_and_cannot_be_approved(db, reviewer):
    ForbiddenTerm.objects.get_or_create(term="必赢体育")
    comment = comment_submit(
        consultation=ConsultationFactory(), data={**GOOD, "content": "欢迎访问必赢体育"}
    )
    assert comment.moderation == Comment.Moderation.PENDING
    assert comment.flagged_terms == "必赢体育"
    with pytest.raises(ValidationError, match="禁用词"):
        comment_moderate(comment=comment, actor=reviewer, decision=Comment.Moderation.APPROVED)
    comment.refresh_from_db()
    assert comment.moderation == Comment.Moderation.PENDING


def test_moderation_records_who_and_when_and_redacts(client, db, reviewer):
    comment = CommentFactory(content="我的电话13912345678，建议增加场次。")
    with pytest.raises(ValidationError, match="个人信息"):
        comment_moderate(comment=comment, actor=reviewer, decision=Comment.Moderation.APPROVED)
    comment_moderate(
        comment=comment,
        actor=reviewer,
        decision=Comment.Moderation.APPROVED,
        public_content="建议增加场次。",
        reply="已研究采纳。",
    )
    comment.refresh_from_db()
    assert comment.moderated_by == reviewer and comment.moderated_at is not None
    page = client.get(comment.consultation.get_absolute_url()).content.decode()
    assert "建议增加场次。" in page and "已研究采纳。" in page
    assert "13912345678" not in page


def test_rejection_needs_a_reason_and_editors_cannot_moderate(db, editor, reviewer):
    comment = CommentFactory()
    with pytest.raises(PermissionDenied):
        comment_moderate(comment=comment, actor=editor, decision=Comment.Moderation.APPROVED)
    with pytest.raises(ValidationError, match="理由"):
        comment_moderate(comment=comment, actor=reviewer, decision=Comment.Moderation.REJECTED)
    comment_moderate(
        comment=comment,
        actor=reviewer,
        decision=Comment.Moderation.REJECTED,
        reason="与征集内容无关",
    )
    comment.refresh_from_db()
    assert comment.moderation == Comment.Moderation.REJECTED


def test_admin_moderation_page(client, db, reviewer):
    comment = CommentFactory(content="建议修改第三条。")
    client.force_login(reviewer)
    url = f"/admin/interaction/comment/{comment.pk}/moderate/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "reject", "reason": ""})
    assert "请填写不予公开的理由" in response.content.decode()
    response = client.post(url, {"decision": "approve", "public_content": "建议修改第三条。"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.moderation == Comment.Moderation.APPROVED


def test_consultation_closing_must_follow_opening(db):
    consultation = ConsultationFactory.build(
        organisation=ConsultationFactory().organisation,
        opens_at=timezone.now(),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="截止时间必须晚于开始时间"):
        consultation.full_clean()


def test_phase_property_and_annotation_agree(db):
    from interaction.models import Consultation, Phase

    now = timezone.now()
    ConsultationFactory(opens_at=now - dt.timedelta(days=60), closes_at=now - dt.timedelta(days=1))
    ConsultationFactory()
    ConsultationFactory(opens_at=now + dt.timedelta(days=1))
    for consultation in Consultation.objects.with_phase():
        assert consultation.current_phase == consultation.phase.value
    assert {c.phase for c in Consultation.objects.in_phase(Phase.OPEN)} == {Phase.OPEN}


def test_feedback_cannot_be_published_before_closing(db, reviewer):
    from publishing.services import publishable_publish
    from tests.interaction.factories import FeedbackFactory

    feedback = FeedbackFactory(
        consultation=ConsultationFactory(), other_channel_count=5, adopted_count=1
    )
    with pytest.raises(ValidationError, match="尚未结束"):
        publishable_publish(obj=feedback, actor=reviewer, confidentiality_checked=True)
    feedback.refresh_from_db()
    assert feedback.status == feedback.Status.DRAFT
