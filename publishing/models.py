"""The publishable base (可发布内容): workflow fields and hooks shared by every published model.

A concrete model inherits `Publishable`, names its fingerprinted fields in `CONTENT_FIELDS`
(and the HTML ones among them in `HTML_FIELDS`), names its reviewer permission in
`PUBLISH_PERMISSION`, and overrides a hook where its content has more than text fields
(attachments, a number issued on publication). See the package docstring for an example.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integrity.checks import plain_text


class PublicationStatus(models.TextChoices):
    """发布状态: 草稿 → 待审核 → 已发布 → 已撤回."""

    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("待审核")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


@dataclass(frozen=True)
class SearchFields:
    """What the site search (全文检索) indexes of one item: see `Publishable.search_fields()`.

    `title` is weighted above `keywords` (主题词, numbers), which is weighted above `body` (plain
    text). The numbers and ids feed the exact-number lookup and the search filters.
    """

    title: str
    body: str = ""
    keywords: str = ""
    document_number: str = ""
    index_number: str = ""
    organisation_id: int | None = None
    column_id: int | None = None


class PublishableQuerySet(models.QuerySet):
    def published(self, at=None):
        """Items visible to the public at `at` (default now): approved and due."""
        at = at or timezone.now()
        return self.filter(status=PublicationStatus.PUBLISHED, published_at__lte=at)

    def newest_first(self):
        return self.order_by("-published_at", "-id")


class Publishable(models.Model):
    """Abstract base of content published through review (审核发布): status, reviewer, 保密审查,
    confirmed personal data and the fingerprint of the approved content.

    Only `publishing.services` changes the workflow fields (they are not editable in forms).
    """

    Status = PublicationStatus

    #: Fields whose text is fingerprinted at approval (审核通过内容指纹) and checked for
    #: forbidden terms, in this order.
    CONTENT_FIELDS: ClassVar[tuple[str, ...]] = ()
    #: The fields among CONTENT_FIELDS holding HTML: sanitised on save, read as plain text.
    HTML_FIELDS: ClassVar[tuple[str, ...]] = ()
    #: The field shown as the item's title (标题) in personal-data checks and scan reports.
    TITLE_FIELD: ClassVar[str] = "title"
    #: "app_label.codename" of the permission to review, publish and withdraw (审核员).
    PUBLISH_PERMISSION: ClassVar[str] = ""

    status = models.CharField(
        _("状态"), max_length=10, choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT, editable=False,
    )
    published_at = models.DateTimeField(
        _("发布日期"), null=True, blank=True, db_index=False,
        help_text=_("留空则审核通过时立即发布；填写将来的时间则到时自动发布。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("起草人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("送审人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    submitted_at = models.DateTimeField(_("送审时间"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    review_note = models.TextField(_("审核意见"), blank=True, editable=False)
    confidentiality_checked = models.BooleanField(
        _("已通过保密审查"), default=False, editable=False
    )
    confirmed_personal_data = models.JSONField(
        _("经审核确认可公开的个人信息"), default=list, blank=True, editable=False,
        help_text=_("审核员逐项确认可以公开的身份证号、手机号、银行卡号等。"),
    )
    approved_hash = models.CharField(
        _("审核通过内容指纹"), max_length=64, blank=True, editable=False,
        help_text=_("审核通过时内容的SHA-256，用于发现绕过发布流程的篡改。"),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    # --- Hooks (override in the concrete model) ---------------------------------------------

    @classmethod
    def field_label(cls, name: str) -> str:
        return str(cls._meta.get_field(name).verbose_name)

    def integrity_fields(self) -> dict[str, str]:
        """Labelled plain texts that forbidden-term checks read (HTML fields as plain text)."""
        fields = {}
        for name in self.CONTENT_FIELDS:
            value = getattr(self, name) or ""
            if name in self.HTML_FIELDS:
                value = plain_text(value)
            fields[self.field_label(name)] = value
        return fields

    def personal_data_fields(self) -> dict[str, str]:
        """Labelled texts searched for personal data (个人信息): the title and the HTML bodies."""
        fields = {}
        if self.TITLE_FIELD:
            fields[self.field_label(self.TITLE_FIELD)] = getattr(self, self.TITLE_FIELD) or ""
        for name in self.HTML_FIELDS:
            fields[self.field_label(name)] = plain_text(getattr(self, name) or "")
        return fields

    def hash_extra(self) -> Iterable[str]:
        """Further strings fingerprinted after CONTENT_FIELDS (e.g. attachment names and hashes)."""
        return ()

    def integrity_files(self) -> Iterator[tuple[str, FieldFile, str]]:
        """(label, stored file, SHA-256 recorded at upload) of each file the scan re-reads."""
        return iter(())

    @classmethod
    def scan_queryset(cls, queryset: models.QuerySet) -> models.QuerySet:
        """The queryset the integrity scan iterates (add prefetches for `integrity_files`)."""
        return queryset

    def integrity_reference(self) -> str:
        """A reference number shown in scan reports (e.g. 索引号 …); empty when there is none."""
        return ""

    def search_fields(self) -> SearchFields:
        """What the site search indexes (全文检索): the title, the other CONTENT_FIELDS as the
        body (HTML fields as plain text) and the issuing organisation when the model has one."""
        body = []
        for name in self.CONTENT_FIELDS:
            if name == self.TITLE_FIELD:
                continue
            value = getattr(self, name) or ""
            body.append(plain_text(value) if name in self.HTML_FIELDS else value)
        return SearchFields(
            title=self.display_title,
            body="\n".join(part for part in body if part),
            organisation_id=getattr(self, "organisation_id", None),
        )

    @classmethod
    def search_queryset(cls, queryset: models.QuerySet) -> models.QuerySet:
        """The queryset the search index rebuild iterates (add what `search_fields` reads)."""
        return queryset

    def full_clean_exclude(self) -> list[str] | None:
        """Fields `full_clean` skips when the workflow saves content."""
        return None

    def on_publish(self) -> None:
        """Called while publishing, after `published_at` is set and before saving
        (e.g. to issue a number). Runs inside the publishing transaction."""

    # --- Derived state ----------------------------------------------------------------------

    @property
    def display_title(self) -> str:
        return (getattr(self, self.TITLE_FIELD, "") if self.TITLE_FIELD else "") or str(self)

    @property
    def is_scheduled(self) -> bool:
        """Approved but waiting for its publishing time (定时发布)."""
        return (
            self.status == PublicationStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_public(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED and not self.is_scheduled
