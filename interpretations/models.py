"""Policy interpretations (政策解读) and the policies that need one (须解读的政策文件).

An interpretation explains exactly one policy: a document published on this portal
(`disclosure.Document`) or an external policy, typically a national one (title, 文号, URL).
"谁起草、谁解读" (国办发〔2016〕80号): the interpreter and the interpreting organisation are
recorded. See `interpretations/README.md` for the timing rule and how a policy is marked as
needing an interpretation.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from disclosure.models import Document
from disclosure.validators import validate_document_number
from portal.models import Organisation
from publishing.models import PublicationStatus, Publishable, PublishableQuerySet


class InterpretationForm(models.TextChoices):
    """解读形式 (国办发〔2019〕14号, 辽政办〔2022〕43号)."""

    TEXT = "text", _("文字")
    GRAPHIC = "graphic", _("图解")
    AUDIO = "audio", _("音频")
    VIDEO = "video", _("视频")
    ANIMATION = "animation", _("动漫/H5")
    QA = "qa", _("问答")
    PRESS = "press", _("新闻发布会")
    INTERVIEW = "interview", _("在线访谈")
    EXPERT = "expert", _("专家解读")


#: Forms whose substance is a medium (image, sound, film, animation): they carry a media URL.
MEDIA_FORMS = frozenset(
    {
        InterpretationForm.GRAPHIC,
        InterpretationForm.AUDIO,
        InterpretationForm.VIDEO,
        InterpretationForm.ANIMATION,
    }
)


class InterpretationQuerySet(PublishableQuerySet):
    def of_document(self, document: Document):
        return self.filter(document=document)


class Interpretation(Publishable):
    """A policy interpretation (政策解读), published through review like a document."""

    Form = InterpretationForm

    CONTENT_FIELDS = (
        "title",
        "summary",
        "body",
        "interpreter",
        "media_url",
        "policy_title",
        "policy_number",
        "policy_url",
    )
    HTML_FIELDS = ("body",)
    PUBLISH_PERMISSION = "interpretations.publish_interpretation"

    title = models.CharField(_("标题"), max_length=300)
    form = models.CharField(
        _("解读形式"),
        max_length=12,
        choices=InterpretationForm.choices,
        default=InterpretationForm.TEXT,
    )
    summary = models.TextField(_("内容概述"), blank=True)
    body = models.TextField(
        _("正文"),
        blank=True,
        help_text=_(
            "解读不应简单摘抄政策文件，应说明背景、依据、目标、任务，解释关键词和专业术语。"
            "保存时自动清理不安全的HTML。"
        ),
    )
    media_url = models.URLField(
        _("图解/音频/视频地址"),
        max_length=500,
        blank=True,
        help_text=_("图解、音频、视频、动漫/H5形式的解读填写媒体文件或播放页面的网址。"),
    )
    interpreter = models.CharField(
        _("解读人"),
        max_length=100,
        help_text=_("谁起草谁解读：起草单位负责人、专家或发布会发言人，例如“厅非遗处处长 张某”。"),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("解读机构"),
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    # The policy explained: exactly one of a portal document or an external policy.
    document = models.ForeignKey(
        Document,
        verbose_name=_("解读的政策文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
        limit_choices_to={"status": PublicationStatus.PUBLISHED},
        help_text=_("本网站已发布的政策文件；解读外部政策（如国家政策）时留空，填写下方外部政策。"),
    )
    policy_title = models.CharField(
        _("外部政策标题"),
        max_length=300,
        blank=True,
        help_text=_("例如：《国家文物事业发展“十三五”规划》"),
    )
    policy_number = models.CharField(
        _("外部政策文号"),
        max_length=60,
        blank=True,
        validators=[validate_document_number],
        help_text=_("例如：文物政发〔2017〕4号"),
    )
    policy_url = models.URLField(_("外部政策网址"), max_length=500, blank=True)

    objects = InterpretationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")
        ordering = ["-published_at", "-id"]
        permissions = [("publish_interpretation", _("可审核并发布政策解读"))]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(document__isnull=False, policy_title="", policy_number="", policy_url="")
                    | (Q(document__isnull=True) & ~Q(policy_title=""))
                ),
                name="interpretation_exactly_one_policy",
                violation_error_message=_(
                    "解读的政策须且只能填写一项：本网站的政策文件，或外部政策（标题必填）。"
                ),
            ),
        ]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                name="interp_pub_idx",
                condition=Q(status="published"),
            ),
            models.Index(fields=["document", "published_at"], name="interp_doc_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interpretations:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        external = any([self.policy_title, self.policy_number, self.policy_url])
        if self.document_id and external:
            raise ValidationError(
                _(
                    "解读的政策只能选择一项：已选择本网站的政策文件时，请清空外部政策的标题、文号和网址。"
                ),
                code="two_policies",
            )
        if not self.document_id and not self.policy_title.strip():
            if external:
                raise ValidationError(
                    {"policy_title": _("请填写外部政策的标题。")}, code="policy_title"
                )
            raise ValidationError(
                _("请选择解读的政策文件，或填写外部政策的标题、文号和网址。"), code="no_policy"
            )
        if self.form in MEDIA_FORMS and not self.media_url and not self.body.strip():
            raise ValidationError(
                {"media_url": _("图解、音频、视频、动漫/H5形式的解读须填写媒体地址或正文。")},
                code="media_url",
            )

    @property
    def is_external(self) -> bool:
        return self.document_id is None

    @property
    def media_element(self) -> str:
        """The HTML element that plays `media_url` on the page (img, audio, video), or ""
        when the medium is only linked (e.g. an H5 page)."""
        if not self.media_url:
            return ""
        return {
            InterpretationForm.GRAPHIC: "img",
            InterpretationForm.AUDIO: "audio",
            InterpretationForm.VIDEO: "video",
        }.get(self.form, "")


class InterpretationRequirement(models.Model):
    """A policy document marked as needing an interpretation (须解读的政策文件).

    Marked by staff, as 辽政办〔2022〕43号 leaves the scope to judgement (规章, 行政规范性文件 and
    departmental documents of wide public concern). The timing warning reads these rows.
    """

    document = models.OneToOneField(
        Document,
        verbose_name=_("政策文件"),
        on_delete=models.CASCADE,
        related_name="interpretation_requirement",
    )
    note = models.CharField(
        _("说明"), max_length=200, blank=True, help_text=_("例如：涉及群众切身利益，须同步解读。")
    )
    created_at = models.DateTimeField(_("标记时间"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("须解读的政策文件")
        verbose_name_plural = _("须解读的政策文件")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(self.document)
