"""互动交流: public consultations (意见征集) and the online mailbox (网上咨询 / 领导信箱).

Public content goes through the review workflow of `publishing`:

- `Consultation` (意见征集): a draft text published for comment between ``opens_at`` and
  ``closes_at``; its phase (未开始 / 进行中 / 已结束) is derived from those times, never stored.
- `ConsultationFeedback` (意见采纳情况): published after closing — received N (counted from the
  comments, plus opinions received by other channels), adopted M, and the reasons.
- `PublishedAnswer` (公开的问答): the edited, redacted public version of an answered `Message`,
  allowed only with the citizen's consent.

`Comment` (意见) and `Message` (留言) are citizens' submissions: their contact details are never
published; a comment becomes public only when a moderator approves it (审核后公开).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from integrity.checks import plain_text
from portal.models import Organisation
from portal.querycodes import QueryCodeMixin
from publishing.models import Publishable, PublishableQuerySet

#: Longest comment (意见) and message (留言) a citizen may submit, in characters.
COMMENT_MAX_CHARS = 2000
MESSAGE_MAX_CHARS = 3000


# --- 意见征集 ----------------------------------------------------------------------------------


class Phase(models.TextChoices):
    """征集状态, derived from the opening and closing times."""

    UPCOMING = "upcoming", _("未开始")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class ConsultationQuerySet(PublishableQuerySet):
    def with_phase(self, at=None):
        """Annotate ``current_phase`` (a `Phase` value) at ``at`` (default now)."""
        at = at or timezone.now()
        return self.annotate(
            current_phase=Case(
                When(opens_at__gt=at, then=Value(Phase.UPCOMING.value)),
                When(closes_at__lte=at, then=Value(Phase.CLOSED.value)),
                default=Value(Phase.OPEN.value),
                output_field=models.CharField(max_length=10),
            )
        )

    def in_phase(self, phase: Phase, at=None):
        at = at or timezone.now()
        if phase == Phase.UPCOMING:
            return self.filter(opens_at__gt=at)
        if phase == Phase.CLOSED:
            return self.filter(closes_at__lte=at)
        return self.filter(opens_at__lte=at, closes_at__gt=at)


class Consultation(Publishable):
    """意见征集: a draft (征求意见稿) published for public comment in a time window."""

    CONTENT_FIELDS = ("title", "summary", "draft_text", "instructions")
    HTML_FIELDS = ("draft_text",)
    PUBLISH_PERMISSION = "interaction.publish_consultation"

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("征集单位"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    title = models.CharField(_("标题"), max_length=300)
    summary = models.TextField(_("征集说明"), blank=True, help_text=_("征集的背景和目的。"))
    draft_text = models.TextField(
        _("征求意见稿"), blank=True, help_text=_("保存时自动清理不安全的HTML。")
    )
    instructions = models.TextField(
        _("联系方式与反馈途径"),
        blank=True,
        help_text=_("例如：通过信函、电子邮件提出意见的地址和联系电话。"),
    )
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    document = models.ForeignKey(
        "disclosure.Document",
        verbose_name=_("相关文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        help_text=_("征求意见所涉及的政策文件（已发布的才会在页面上显示链接）。"),
    )

    objects = ConsultationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")
        ordering = ["-opens_at", "-id"]
        permissions = [("publish_consultation", _("可审核并发布意见征集及采纳情况"))]
        indexes = [
            models.Index(
                fields=["-opens_at", "-id"],
                name="consult_pub_idx",
                condition=Q(status="published"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interaction:consultation-detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("截止时间必须晚于开始时间。")})

    def phase_at(self, at=None) -> Phase:
        at = at or timezone.now()
        if at < self.opens_at:
            return Phase.UPCOMING
        if at >= self.closes_at:
            return Phase.CLOSED
        return Phase.OPEN

    @property
    def phase(self) -> Phase:
        """征集状态 now (未开始 / 进行中 / 已结束)."""
        return self.phase_at()

    @property
    def is_open_for_comments(self) -> bool:
        return self.is_public and self.phase == Phase.OPEN

    # --- Publishable hooks --------------------------------------------------------------------

    def integrity_fields(self) -> dict[str, str]:
        fields = super().integrity_fields()
        if self.pk:
            fields["附件名称"] = " ".join(a.name for a in self.attachments.all())
        return fields

    def hash_extra(self) -> Iterator[str]:
        yield f"window\x00{self.opens_at.isoformat()}\x00{self.closes_at.isoformat()}\x00"
        if self.pk:
            for attachment in sorted(self.attachments.all(), key=lambda a: a.pk):
                yield f"attachment\x00{attachment.name}\x00{attachment.sha256}\x00"

    def integrity_files(self) -> Iterator[tuple[str, FieldFile, str]]:
        for attachment in self.attachments.all():
            yield f"附件“{attachment.name}”", attachment.file, attachment.sha256

    @classmethod
    def scan_queryset(cls, queryset):
        return queryset.prefetch_related("attachments")

    def full_clean_exclude(self) -> list[str] | None:
        return ["document"] if self.document_id is None else None


def consultation_upload_to(instance: ConsultationAttachment, filename: str) -> str:
    """Random stored name; the original name is kept in `ConsultationAttachment.name`."""
    extension = PurePath(filename).suffix.lower()
    return f"interaction/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class ConsultationAttachment(models.Model):
    """A file of a consultation (征求意见稿附件), served only while the consultation is public."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("意见征集"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(
        _("附件名称"), max_length=200, blank=True, help_text=_("留空则使用上传文件的原文件名。")
    )
    file = models.FileField(_("文件"), upload_to=consultation_upload_to, max_length=200)
    extension = models.CharField(_("类型"), max_length=10, editable=False)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    order = models.PositiveIntegerField(_("排序"), default=0)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("征集附件")
        verbose_name_plural = _("征集附件")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("interaction:consultation-attachment", args=[self.public_id])


class Comment(models.Model):
    """意见: a citizen's comment on a consultation. Public only after approval (审核后公开);
    the contact is never published."""

    class Moderation(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已公开")
        REJECTED = "rejected", _("不予公开")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("意见征集"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    contact = models.CharField(
        _("联系方式"), max_length=254, help_text=_("电话或电子邮箱，仅供工作人员联系，不公开。")
    )
    content = models.TextField(_("意见内容"), max_length=COMMENT_MAX_CHARS)
    public_content = models.TextField(
        _("公开内容"),
        blank=True,
        help_text=_("审核通过时公开的文本（可删去个人信息）；留空表示尚未公开。"),
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    submission_key = models.UUIDField(
        _("提交标识"), unique=True, null=True, blank=True, editable=False
    )
    flagged_terms = models.CharField(
        _("疑似禁用词"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("提交时发现的禁用词；含禁用词的意见不能公开。"),
    )
    moderation = models.CharField(
        _("审核状态"),
        max_length=10,
        choices=Moderation.choices,
        default=Moderation.PENDING,
        editable=False,
    )
    rejection_reason = models.CharField(
        _("不予公开理由"), max_length=200, blank=True, editable=False
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    reply = models.TextField(_("工作人员回复"), blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("意见")
        verbose_name_plural = _("意见")
        ordering = ["-submitted_at", "-id"]
        permissions = [("moderate_comment", _("可审核意见征集中的意见"))]
        indexes = [
            models.Index(
                fields=["consultation", "moderation", "submitted_at"], name="comment_mod_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}：{self.content[:30]}"

    @property
    def display_name(self) -> str:
        return self.name or str(_("匿名"))


class ConsultationFeedbackQuerySet(PublishableQuerySet):
    pass


class ConsultationFeedback(Publishable):
    """意见采纳情况: published after a consultation closes."""

    CONTENT_FIELDS = ("title", "summary", "non_adoption_reasons")
    HTML_FIELDS = ("summary",)
    PUBLISH_PERMISSION = "interaction.publish_consultation"

    consultation = models.OneToOneField(
        Consultation,
        verbose_name=_("意见征集"),
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    title = models.CharField(
        _("标题"),
        max_length=300,
        help_text=_("例如：关于《……（征求意见稿）》公开征求意见采纳情况的说明"),
    )
    other_channel_count = models.PositiveIntegerField(
        _("其他渠道收到的意见（条）"),
        default=0,
        help_text=_("通过信函、电子邮件、座谈会等收到的意见条数；网上意见由系统自动统计。"),
    )
    adopted_count = models.PositiveIntegerField(_("采纳意见（条）"), default=0)
    summary = models.TextField(
        _("采纳情况说明"), blank=True, help_text=_("保存时自动清理不安全的HTML。")
    )
    non_adoption_reasons = models.TextField(_("未采纳的理由"), blank=True)

    objects = ConsultationFeedbackQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("意见采纳情况")
        verbose_name_plural = _("意见采纳情况")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interaction:consultation-detail", args=[self.consultation_id])

    @property
    def online_count(self) -> int:
        return self.consultation.comments.count() if self.consultation_id else 0

    @property
    def received_count(self) -> int:
        """收到意见 N: every comment received online plus those of other channels."""
        return self.online_count + self.other_channel_count

    def clean(self):
        super().clean()
        if self.consultation_id and self.adopted_count > self.received_count:
            raise ValidationError(
                {
                    "adopted_count": _("采纳意见条数不能多于收到的意见总数（%(n)s条）。")
                    % {"n": self.received_count}
                }
            )

    def hash_extra(self) -> Iterable[str]:
        yield f"counts\x00{self.other_channel_count}\x00{self.adopted_count}\x00"

    def on_publish(self) -> None:
        """意见采纳情况 is published only once the consultation has closed."""
        if self.consultation.phase_at(self.published_at) != Phase.CLOSED:
            raise ValidationError(
                "意见征集尚未结束，不能发布意见采纳情况；请在征集截止后发布。", code="phase"
            )


# --- 网上咨询 / 领导信箱 -----------------------------------------------------------------------


class Box(models.TextChoices):
    """Which mailbox a message was sent to."""

    CONSULTATION = "zx", _("网上咨询")
    LEADER = "ldxx", _("领导信箱")


class Topic(models.TextChoices):
    """留言类别."""

    PERFORMANCE = "performance", _("演出许可")
    MARKET = "market", _("文化市场")
    HERITAGE = "heritage", _("非物质文化遗产")
    RELICS = "relics", _("文物与博物馆")
    PUBLIC_SERVICE = "public_service", _("公共文化服务")
    ART = "art", _("艺术创作与院团")
    POLICY = "policy", _("政策法规")
    OTHER = "other", _("其他")


class MessageQuerySet(models.QuerySet):
    def valid(self):
        """有效留言: every message not refused (不予受理)."""
        return self.exclude(status=Message.Status.REJECTED)

    def open(self):
        return self.filter(status__in=Message.OPEN_STATUSES)


class Message(QueryCodeMixin, models.Model):
    """留言: a citizen's question (网上咨询) or letter to the leadership (领导信箱).

    Contact details are never published. The query code (查询码) is shown once and stored
    hashed; the public sees a message only through its number *and* that code, or — with the
    citizen's consent — as a reviewed `PublishedAnswer`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        PROCESSING = "processing", _("办理中")
        ANSWERED = "answered", _("已答复")
        REJECTED = "rejected", _("不予受理")

    class RejectionReason(models.TextChoices):
        INVALID = "invalid", _("无效留言（广告、无实际内容等）")
        DUPLICATE = "duplicate", _("重复留言")
        OUT_OF_SCOPE = "out_of_scope", _("不属于本机关职责范围")
        PETITION = "petition", _("属于信访、举报等专门渠道受理事项")

    OPEN_STATUSES = (Status.PENDING, Status.PROCESSING)

    box = models.CharField(_("信箱"), max_length=10, choices=Box.choices, default=Box.CONSULTATION)
    topic = models.CharField(_("类别"), max_length=20, choices=Topic.choices, default=Topic.OTHER)
    subject = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"), max_length=MESSAGE_MAX_CHARS)
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    consents_to_publication = models.BooleanField(
        _("同意公开"),
        default=False,
        help_text=_("留言人同意后，问答经审核（删去个人信息）方可在网站公开。"),
    )
    tracking_number = models.CharField(
        _("留言编号"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    query_code_hash = models.CharField(_("查询码（哈希）"), max_length=128, editable=False)
    submission_key = models.UUIDField(
        _("提交标识"), unique=True, null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    flagged_terms = models.CharField(_("疑似禁用词"), max_length=200, blank=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    rejection_reason = models.CharField(
        _("不予受理理由"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    rejection_note = models.CharField(_("不予受理说明"), max_length=300, blank=True)
    assigned_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interaction_messages",
    )
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("交办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply = models.TextField(_("答复内容"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    due_error = models.CharField(_("期限无法计算的原因"), max_length=200, blank=True)

    QUERY_CODE_BYTES = 9  # 12 characters, 72 bits

    objects = MessageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        ordering = ["-submitted_at", "-id"]
        permissions = [
            ("handle_message", _("可办理留言（交办、答复、不予受理）")),
            ("publish_message", _("可审核并发布公开的问答")),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="message_open_idx"),
            models.Index(fields=["submitted_at"], name="message_submitted_idx"),
            models.Index(fields=["replied_at"], name="message_replied_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number or '（未编号）'} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_on is not None and self.due_on < today

class PublishedAnswerQuerySet(PublishableQuerySet):
    def published(self, at=None):
        """Published, and only ever with the citizen's consent to an answered message."""
        return (
            super()
            .published(at)
            .filter(message__consents_to_publication=True, message__status=Message.Status.ANSWERED)
        )


class PublishedAnswer(Publishable):
    """公开的问答: the public, edited version of an answered message (the citizen consented).

    Staff may redact the question (e.g. remove names); contact details are never part of it.
    """

    CONTENT_FIELDS = ("title", "question", "answer")
    HTML_FIELDS = ()
    PUBLISH_PERMISSION = "interaction.publish_message"

    message = models.OneToOneField(
        Message, verbose_name=_("留言"), on_delete=models.PROTECT, related_name="published_answer"
    )
    box = models.CharField(_("信箱"), max_length=10, choices=Box.choices)
    topic = models.CharField(_("类别"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("标题"), max_length=100)
    question = models.TextField(
        _("留言内容（公开版本）"), help_text=_("请删去姓名、电话、住址等个人信息。")
    )
    answer = models.TextField(_("答复内容（公开版本）"))
    answering_unit = models.CharField(_("答复单位"), max_length=100, blank=True)
    asked_on = models.DateField(_("留言日期"))
    answered_on = models.DateField(_("答复日期"))

    objects = PublishedAnswerQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("公开问答")
        verbose_name_plural = _("公开问答")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                name="answer_pub_idx",
                condition=Q(status="published"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interaction:answer-detail", args=[self.pk])

    def personal_data_fields(self) -> dict[str, str]:
        """Question and answer are plain text: both are searched for personal data."""
        return {
            self.field_label(name): plain_text(getattr(self, name) or "")
            for name in self.CONTENT_FIELDS
        }

    def publication_refusal(self) -> str:
        """Why this answer may not be public (empty when it may)."""
        message = self.message
        if not message.consents_to_publication:
            return "留言人未同意公开，该问答不能发布。"
        if message.status != Message.Status.ANSWERED:
            return "留言尚未答复，不能发布问答。"
        return ""

    def clean(self):
        super().clean()
        if self.message_id and (refusal := self.publication_refusal()):
            raise ValidationError(refusal, code="consent")

    def on_publish(self) -> None:
        if refusal := self.publication_refusal():
            raise ValidationError(refusal, code="consent")
