"""Factories of 互动交流. Time defaults are computed per object, never at import."""

import datetime as dt

import factory
from django.utils import timezone

from interaction.models import (
    Box,
    Comment,
    Consultation,
    ConsultationFeedback,
    Message,
    PublishedAnswer,
    Topic,
)
from tests.factories import OrganisationFactory


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A published consultation open now (opened yesterday, closes in ten days)."""

    class Meta:
        model = Consultation

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(
        lambda n: f"关于《第{n}号文化管理办法（征求意见稿）》公开征求意见的通知"
    )
    summary = "现向社会公开征求意见。"
    draft_text = "<p>第一条 为了规范文化管理，制定本办法。</p>"
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + dt.timedelta(days=11))
    status = Consultation.Status.PUBLISHED
    published_at = factory.LazyAttribute(lambda o: o.opens_at)
    confidentiality_checked = True


class DraftConsultationFactory(ConsultationFactory):
    status = Consultation.Status.DRAFT
    published_at = None
    confidentiality_checked = False


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    consultation = factory.SubFactory(ConsultationFactory)
    name = "王先生"
    contact = "13912345678"
    content = factory.Sequence(lambda n: f"建议第{n}条修改表述。")
    submitted_at = factory.LazyFunction(timezone.now)


class ApprovedCommentFactory(CommentFactory):
    moderation = Comment.Moderation.APPROVED
    public_content = factory.SelfAttribute("content")
    moderated_at = factory.LazyFunction(timezone.now)


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationFeedback

    consultation = factory.SubFactory(ConsultationFactory)
    title = "关于意见采纳情况的说明"
    other_channel_count = 2
    adopted_count = 1
    summary = "<p>采纳了关于开放时间的意见。</p>"
    non_adoption_reasons = "超出本办法调整范围。"


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message
        skip_postgeneration_save = True

    box = Box.CONSULTATION
    topic = Topic.PERFORMANCE
    subject = factory.Sequence(lambda n: f"咨询演出审批问题{n}")
    content = "请问举办营业性演出需要哪些材料？"
    name = "张三丰"
    phone = "13800001111"
    email = "citizen@example.com"
    consents_to_publication = True
    submitted_at = factory.LazyFunction(timezone.now)
    tracking_number = factory.Sequence(lambda n: f"ZX-2026-{n + 800000:06d}")

    @factory.post_generation
    def query_code(self, create, extracted, **kwargs):
        self.set_query_code(extracted or "secret-code")
        if create:
            self.save(update_fields=["query_code_hash"])


class AnsweredMessageFactory(MessageFactory):
    status = Message.Status.ANSWERED
    reply = "您好，需要提交申请表和节目内容。"
    replied_at = factory.LazyAttribute(lambda o: o.submitted_at + dt.timedelta(days=2))


class PublishedAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublishedAnswer

    message = factory.SubFactory(AnsweredMessageFactory)
    box = factory.SelfAttribute("message.box")
    topic = factory.SelfAttribute("message.topic")
    title = factory.SelfAttribute("message.subject")
    question = factory.SelfAttribute("message.content")
    answer = factory.SelfAttribute("message.reply")
    asked_on = factory.LazyAttribute(lambda o: timezone.localdate(o.message.submitted_at))
    answered_on = factory.LazyAttribute(lambda o: timezone.localdate(o.message.replied_at))
    status = PublishedAnswer.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    confidentiality_checked = True
