"""建议提案办理: 人大代表建议 and 政协委员提案 (staff records) and their published replies.

A `Proposal` is the handling record: never public, it holds the proposers' contact details.
A `ProposalReply` is the reply letter (答复件), published through review like a document,
in full (全文) or as an abstract (摘要) as the proposer agreed, never when they refused.
See `proposals/README.md` for the legal rules.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import Organisation
from publishing.models import Publishable, PublishableQuerySet

DEFAULT_ANSWER_MONTHS = 3
DEFAULT_COMPLEX_ANSWER_MONTHS = 6


class ProposalKind(models.TextChoices):
    SUGGESTION = "npc", _("人大代表建议")
    PROPOSAL = "cppcc", _("政协委员提案")


class ProposalCategory(models.TextChoices):
    """类别."""

    SUGGESTION = "suggestion", _("建议")
    MOTION = "motion", _("议案转建议")
    CRITICISM = "criticism", _("批评和意见")
    PROPOSAL = "proposal", _("提案")


class Consent(models.TextChoices):
    """代表/委员对答复公开的意见 (公开方式)."""

    FULL = "full", _("全文公开")
    ABSTRACT = "abstract", _("摘要公开")
    NONE = "none", _("不公开")


class Satisfaction(models.TextChoices):
    """征询意见表: the proposer's satisfaction."""

    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class CoHandlerRole(models.TextChoices):
    ASSIST = "assist", _("协办")
    JOINT = "joint", _("会办")
    SPLIT = "split", _("分办")


class ResultClass(models.Model):
    """办理结果分类 (A/B/C/D …), a configurable list (labels differ between 人大 and 政协)."""

    code = models.CharField(_("代码"), max_length=4, unique=True)
    label = models.CharField(_("名称"), max_length=30)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("办理结果分类")
        verbose_name_plural = _("办理结果分类")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code}类（{self.label}）"


def answer_months(is_complex: bool) -> int:
    """Months allowed for the reply: settings PROPOSALS_ANSWER_MONTHS (3) and
    PROPOSALS_COMPLEX_ANSWER_MONTHS (6)."""
    if is_complex:
        return int(
            getattr(settings, "PROPOSALS_COMPLEX_ANSWER_MONTHS", DEFAULT_COMPLEX_ANSWER_MONTHS)
        )
    return int(getattr(settings, "PROPOSALS_ANSWER_MONTHS", DEFAULT_ANSWER_MONTHS))


class ProposalQuerySet(models.QuerySet):
    def open(self):
        """Not yet answered (办理中)."""
        return self.filter(answered_on__isnull=True)


class Proposal(models.Model):
    """A suggestion (人大代表建议) or proposal (政协委员提案) handled by the agency. Staff only."""

    Kind = ProposalKind
    Category = ProposalCategory
    Consent = Consent
    Satisfaction = Satisfaction

    kind = models.CharField(_("类型"), max_length=8, choices=ProposalKind.choices)
    category = models.CharField(
        _("类别"),
        max_length=12,
        choices=ProposalCategory.choices,
        default=ProposalCategory.SUGGESTION,
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    congress_term = models.CharField(
        _("届次"), max_length=20, help_text=_("例如：十二届（省人大）、十一届（省政协）")
    )
    session = models.CharField(_("会次"), max_length=20, help_text=_("例如：七次会议"))
    number = models.CharField(_("编号"), max_length=20, help_text=_("例如：0123"))
    title = models.CharField(_("标题"), max_length=300)
    proposers = models.CharField(
        _("提出人"), max_length=300, help_text=_("代表或委员姓名，联名的用顿号分隔。")
    )
    delegation = models.CharField(
        _("代表团/界别"), max_length=100, blank=True, help_text=_("例如：沈阳代表团、文化艺术界")
    )
    contact_details = models.TextField(
        _("联系方式（不公开）"),
        blank=True,
        help_text=_("代表/委员的电话、地址等，仅供办理联系，任何情况下不在网站公开。"),
    )
    content_summary = models.TextField(_("内容摘要"), blank=True)
    lead_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("主办单位"),
        on_delete=models.PROTECT,
        related_name="led_proposals",
    )
    co_units = models.ManyToManyField(
        Organisation,
        verbose_name=_("协办/会办单位"),
        through="ProposalCoHandler",
        related_name="co_handled_proposals",
        blank=True,
    )
    assigned_on = models.DateField(_("交办日期"))
    is_complex = models.BooleanField(
        _("涉及面广、处理难度大"),
        default=False,
        help_text=_("勾选后答复期限为交办之日起六个月，否则为三个月（《代表法》第五十一条）。"),
    )
    due_on = models.DateField(_("答复期限"), editable=False)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    result_class = models.ForeignKey(
        ResultClass,
        verbose_name=_("办理结果分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    consent = models.CharField(
        _("公开方式"),
        max_length=8,
        choices=Consent.choices,
        default=Consent.FULL,
        help_text=_("按代表/委员对公开的意见填写；原则上全文公开。"),
    )
    consent_reason = models.TextField(
        _("摘要公开或不公开的理由"),
        blank=True,
        help_text=_("选择摘要公开或不公开时必须填写。"),
    )
    satisfaction = models.CharField(
        _("满意度"),
        max_length=12,
        choices=Satisfaction.choices,
        blank=True,
        help_text=_("据代表/委员反馈的征询意见表填写。"),
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ProposalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("建议提案")
        verbose_name_plural = _("建议提案")
        ordering = ["-year", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "session", "number"],
                name="proposal_number_uniq",
                violation_error_message=_("同一类型、年度、会次下编号不能重复。"),
            ),
            models.CheckConstraint(
                condition=Q(consent=Consent.FULL) | ~Q(consent_reason=""),
                name="proposal_consent_reason",
                violation_error_message=_("摘要公开或不公开须填写理由。"),
            ),
        ]
        indexes = [models.Index(fields=["answered_on", "due_on"], name="proposal_open_idx")]

    def __str__(self) -> str:
        return f"{self.meeting_label}第{self.number}号：{self.title}"

    @property
    def meeting_label(self) -> str:
        """十二届人大七次会议 / 政协十一届五次会议."""
        if self.kind == ProposalKind.PROPOSAL:
            return f"政协{self.congress_term}{self.session}"
        return f"{self.congress_term}人大{self.session}"

    @property
    def noun(self) -> str:
        return "提案" if self.kind == ProposalKind.PROPOSAL else "建议"

    @property
    def proposer_role(self) -> str:
        return "委员" if self.kind == ProposalKind.PROPOSAL else "代表"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.consent != Consent.FULL and not self.consent_reason.strip():
            errors["consent_reason"] = _("选择摘要公开或不公开时，请填写理由。")
        if self.answered_on and self.assigned_on and self.answered_on < self.assigned_on:
            errors["answered_on"] = _("答复日期不能早于交办日期。")
        if self.answered_on and self.result_class_id is None:
            errors["result_class"] = _("已答复的建议提案须选择办理结果分类。")
        if self.assigned_on and self.year and abs(self.assigned_on.year - self.year) > 1:
            errors["assigned_on"] = _("交办日期与年度不符，请核对。")
        if errors:
            raise ValidationError(errors)


class ProposalCoHandler(models.Model):
    """A co-handling unit (协办/会办/分办单位) of a proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="co_handlers")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(
        _("角色"), max_length=8, choices=CoHandlerRole.choices, default=CoHandlerRole.ASSIST
    )

    class Meta:
        verbose_name = _("协办/会办单位")
        verbose_name_plural = _("协办/会办单位")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organisation"], name="proposal_cohandler_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}（{self.get_role_display()}）"


class ProposalReplyQuerySet(PublishableQuerySet):
    def public(self, at=None):
        """Published and due, and the proposer has not refused publication."""
        return self.published(at).exclude(proposal__consent=Consent.NONE)


class ProposalReply(Publishable):
    """The reply letter (答复件) to a proposal, published in full or as an abstract."""

    CONTENT_FIELDS = ("title", "abstract", "body")
    HTML_FIELDS = ("body",)
    PUBLISH_PERMISSION = "proposals.publish_proposalreply"

    proposal = models.OneToOneField(
        Proposal, verbose_name=_("建议提案"), on_delete=models.PROTECT, related_name="reply"
    )
    title = models.CharField(
        _("标题"),
        max_length=300,
        help_text=_("例如：关于省十二届人大七次会议第0123号建议的答复"),
    )
    abstract = models.TextField(
        _("答复摘要"), blank=True, help_text=_("代表/委员同意摘要公开时公开的内容。")
    )
    body = models.TextField(
        _("答复全文"),
        blank=True,
        help_text=_("公开前须删除代表/委员的联系方式和涉密内容。保存时自动清理不安全的HTML。"),
    )

    objects = ProposalReplyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("建议提案答复")
        verbose_name_plural = _("建议提案答复")
        ordering = ["-published_at", "-id"]
        permissions = [("publish_proposalreply", _("可审核并发布建议提案答复"))]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                name="proposal_reply_pub_idx",
                condition=Q(status="published"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", kwargs={"pk": self.pk})

    @property
    def shows_full_text(self) -> bool:
        return self.proposal.consent == Consent.FULL

    @property
    def shows_abstract(self) -> bool:
        return self.proposal.consent == Consent.ABSTRACT

    def personal_data_fields(self) -> dict[str, str]:
        """The abstract is published too: search it for personal data like the body."""
        fields = super().personal_data_fields()
        fields[self.field_label("abstract")] = self.abstract or ""
        return fields

    def publication_errors(self) -> list[str]:
        """Why this reply cannot be published now (consent rules), in Chinese; empty if it can."""
        proposal = self.proposal
        noun = proposal.noun
        if proposal.consent == Consent.NONE:
            reason = proposal.consent_reason.strip()
            return [
                f"该{noun}的答复经代表/委员意见确定为不公开"
                f"（理由：{reason or '未填写'}），不能发布。"
            ]
        errors = []
        if proposal.answered_on is None:
            errors.append(f"该{noun}尚未答复（未填写答复日期），答复件不能发布。")
        if proposal.consent == Consent.ABSTRACT and not self.abstract.strip():
            errors.append("代表/委员同意摘要公开，请先填写答复摘要。")
        if proposal.consent == Consent.FULL and not self.body.strip():
            errors.append("全文公开的答复须填写答复全文。")
        return errors

    def on_publish(self) -> None:
        """Refuse publication against the proposer's consent (runs in every publish path)."""
        errors = self.publication_errors()
        if errors:
            raise ValidationError(errors, code="consent")
