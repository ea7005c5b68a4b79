"""Columns (栏目) and documents (政府信息) of proactive disclosure (主动公开)."""

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import PurePath

from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from integrity.checks import plain_text
from portal.models import Organisation
from portal.urltools import reverse_pk
from publishing.models import PublicationStatus, Publishable, PublishableQuerySet, SearchFields

from .taxonomy import DEFAULT_TOPIC, topic_choices
from .validators import validate_document_number


class Column(models.Model):
    """A column (栏目) of the site; columns form a tree managed in admin."""

    class Kind(models.TextChoices):
        LIST = "list", _("信息列表")
        PAGE = "page", _("单页（显示最新一篇）")

    class UpdateClass(models.TextChoices):
        """Update-frequency class of the 2019 inspection indicators."""

        NEWS = "news", _("动态要闻（2周内更新）")
        NOTICE = "notice", _("通知公告、政策文件（6个月内更新）")
        PLANNING = "planning", _("人事、规划计划（1年内更新）")
        OTHER = "other", _("其他")

    UPDATE_PERIODS = {
        UpdateClass.NEWS: timedelta(weeks=2),
        UpdateClass.NOTICE: timedelta(days=183),
        UpdateClass.PLANNING: timedelta(days=365),
    }

    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级栏目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("所属机构"), on_delete=models.PROTECT, related_name="columns"
    )
    name = models.CharField(_("栏目名称"), max_length=50)
    slug = models.SlugField(_("栏目标识"), max_length=50, unique=True, allow_unicode=False)
    description = models.TextField(_("栏目说明"), blank=True)
    kind = models.CharField(_("栏目类型"), max_length=10, choices=Kind.choices, default=Kind.LIST)
    update_class = models.CharField(
        _("更新频率类别"), max_length=10, choices=UpdateClass.choices, default=UpdateClass.OTHER
    )
    order = models.PositiveIntegerField(_("排序"), default=0)
    show_in_nav = models.BooleanField(_("在导航中显示"), default=False)
    show_on_home = models.BooleanField(_("在首页显示最新信息"), default=False)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosure:column", kwargs={"slug": self.slug})


class DocumentQuerySet(PublishableQuerySet):
    """`published(at=None)` and `newest_first()` come from `PublishableQuerySet`."""


class Document(Publishable):
    """A piece of government information (政府信息) disclosed in a column, with catalogue metadata.

    The workflow fields (status, reviewer, 保密审查, fingerprint …) come from `Publishable`.
    """

    Status = PublicationStatus

    CONTENT_FIELDS = ("title", "document_number", "summary", "keywords", "body")
    HTML_FIELDS = ("body",)
    PUBLISH_PERMISSION = "disclosure.publish_document"

    class Genre(models.TextChoices):
        """体裁 / 文种: the 15 法定文种 and common non-公文 genres."""

        RESOLUTION = "决议", _("决议")
        DECISION = "决定", _("决定")
        ORDER = "命令", _("命令（令）")
        COMMUNIQUE = "公报", _("公报")
        ANNOUNCEMENT = "公告", _("公告")
        PUBLIC_NOTICE = "通告", _("通告")
        OPINION = "意见", _("意见")
        NOTICE = "通知", _("通知")
        CIRCULAR = "通报", _("通报")
        REPORT = "报告", _("报告")
        REQUEST = "请示", _("请示")
        REPLY = "批复", _("批复")
        MOTION = "议案", _("议案")
        LETTER = "函", _("函")
        MINUTES = "纪要", _("纪要")
        PLAN = "规划", _("规划")
        SCHEME = "方案", _("方案")
        STATISTICS = "统计", _("统计")
        PUBLICITY = "公示", _("公示")
        NEWS = "动态", _("工作动态")
        OTHER = "其他", _("其他")

    class RegulatoryClass(models.TextChoices):
        """Whether the document is a 规章 or a 行政规范性文件 (annual report, section 二)."""

        NONE = "", _("否")
        RULE = "rule", _("规章")
        NORMATIVE = "normative", _("行政规范性文件")

    class Validity(models.TextChoices):
        VALID = "valid", _("有效")
        AMENDED = "amended", _("已修改")
        EXPIRED = "expired", _("失效")
        REPEALED = "repealed", _("废止")

    column = models.ForeignKey(
        Column, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="documents"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("发布机构"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("标题"), max_length=300)
    index_number = models.CharField(
        _("索引号"), max_length=80, unique=True, null=True, blank=True, editable=False,
        help_text=_("发布时按机构的索引号模板自动生成，不可修改，不会重复使用。"),
    )
    document_number = models.CharField(
        _("文号"), max_length=60, blank=True, validators=[validate_document_number],
        help_text=_("例如：辽文办发〔2017〕41号"),
    )
    topic = models.CharField(
        _("主题分类"), max_length=60, choices=topic_choices(), default=DEFAULT_TOPIC
    )
    genre = models.CharField(_("体裁"), max_length=10, choices=Genre.choices, default=Genre.NOTICE)
    regulatory_class = models.CharField(
        _("规章/规范性文件"), max_length=10, choices=RegulatoryClass.choices, blank=True, default=""
    )
    keywords = models.CharField(_("主题词"), max_length=200, blank=True)
    summary = models.TextField(_("内容概述"), blank=True)
    source = models.CharField(_("信息来源"), max_length=100, blank=True)
    body = models.TextField(_("正文"), blank=True, help_text=_("保存时自动清理不安全的HTML。"))
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    validity = models.CharField(
        _("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    validity_changed_on = models.DateField(_("修改/失效/废止日期"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("替代文件"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="replaces",
        help_text=_("修改、失效或废止后取代本文件的文件。"),
    )

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("信息")
        verbose_name_plural = _("信息")
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_document", _("可审核并发布信息（含保密审查）")),
        ]
        indexes = [
            models.Index(
                fields=["column", "-published_at", "-id"],
                name="doc_column_pub_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["-published_at", "-id"],
                name="doc_pub_idx",
                condition=Q(status="published"),
            ),
            models.Index(fields=["status"], name="doc_status_idx"),
            models.Index(fields=["document_number"], name="doc_number_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_pk("disclosure:document", self.pk)

    @property
    def published_on(self) -> date | None:
        """The day of publication in the site's time zone (settings.TIME_ZONE), as lists show it."""
        if self.published_at is None:
            return None
        return self.published_at.astimezone(timezone.get_default_timezone()).date()

    # --- Publishable hooks --------------------------------------------------------------------

    def integrity_fields(self) -> dict[str, str]:
        """The texts integrity checks read: content fields, then the attachments' names."""
        fields = super().integrity_fields()
        if self.pk:
            fields["附件名称"] = " ".join(a.name for a in self.attachments.all())
        return fields

    def hash_extra(self) -> Iterator[str]:
        """Each attachment's name and SHA-256, in upload order, into the fingerprint."""
        if self.pk:
            # .all() uses prefetched attachments when present (integrity_scan), else one query.
            for attachment in sorted(self.attachments.all(), key=lambda a: a.pk):
                yield f"attachment\x00{attachment.name}\x00{attachment.sha256}\x00"

    def integrity_files(self) -> Iterator[tuple[str, FieldFile, str]]:
        for attachment in self.attachments.all():
            yield f"附件“{attachment.name}”", attachment.file, attachment.sha256

    @classmethod
    def scan_queryset(cls, queryset: models.QuerySet) -> models.QuerySet:
        """The integrity scan reads attachments with each chunk of documents."""
        return queryset.prefetch_related(
            models.Prefetch("attachments", queryset=Attachment.objects.order_by("id"))
        )

    def integrity_reference(self) -> str:
        return f"索引号 {self.index_number or '无索引号'}"

    def search_fields(self) -> SearchFields:
        """Search (全文检索): 主题词 and the numbers weigh above the summary and the body."""
        return SearchFields(
            title=self.title,
            body="\n".join(part for part in (self.summary, plain_text(self.body)) if part),
            keywords=" ".join(
                part for part in (self.keywords, self.document_number, self.index_number) if part
            ),
            document_number=self.document_number,
            index_number=self.index_number or "",
            organisation_id=self.organisation_id,
            column_id=self.column_id,
        )

    def full_clean_exclude(self) -> list[str] | None:
        return ["replaced_by"] if self.replaced_by_id is None else None

    def on_publish(self) -> None:
        """Issue the 索引号 on first publication, in the year of the publication date."""
        if self.index_number is None:
            # Imported here: the services module imports this one.
            from .services import next_index_number

            year = self.published_at.astimezone(timezone.get_current_timezone()).year
            self.index_number = next_index_number(organisation=self.organisation, year=year)


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    """Random stored name; the original name is kept in `Attachment.name`."""
    extension = PurePath(filename).suffix.lower()
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Attachment(models.Model):
    """A file attached to a document (附件)."""

    document = models.ForeignKey(
        Document, verbose_name=_("所属信息"), on_delete=models.CASCADE, related_name="attachments"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("附件名称"), max_length=200, blank=True,
                            help_text=_("留空则使用上传文件的原文件名。"))
    file = models.FileField(_("文件"), upload_to=attachment_upload_to, max_length=200)
    extension = models.CharField(_("类型"), max_length=10, editable=False)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    order = models.PositiveIntegerField(_("排序"), default=0)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosure:attachment", kwargs={"public_id": self.public_id})


class IndexNumberSequence(models.Model):
    """The last 索引号 serial issued per organisation and year; serials only ever go up."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("索引号流水")
        verbose_name_plural = _("索引号流水")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="index_seq_org_year_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.last_serial}"
