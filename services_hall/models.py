"""Service guides (网上办事 / 办事指南): the catalogue of administrative service items.

A `ServiceItem` (政务服务事项) carries the key elements (重点要素) the inspection indicators
check on every 办事指南: 事项名称、设定依据、申请条件、办理材料、办理流程、办理时限、收费标准、
咨询电话. It is published through the shared review workflow; its materials (`RequiredMaterial`)
and downloadable forms (`ServiceForm`) are part of its fingerprinted content.
"""

import uuid
from collections.abc import Iterator
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import Organisation
from publishing.models import Publishable, PublishableQuerySet

validate_web_url = URLValidator(
    schemes=["http", "https"], message=_("请输入以 http:// 或 https:// 开头的网址。")
)


class ServiceTheme(models.Model):
    """A theme (主题) of the catalogue, e.g. 文化市场、文物、艺术、公共文化."""

    name = models.CharField(_("主题名称"), max_length=50, unique=True)
    description = models.CharField(_("主题说明"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("办事主题")
        verbose_name_plural = _("办事主题")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class ItemType(models.TextChoices):
    """事项类型."""

    LICENSING = "licensing", _("行政许可")
    CONFIRMATION = "confirmation", _("行政确认")
    PUBLIC_SERVICE = "public_service", _("公共服务")
    OTHER = "other", _("其他")


class ServiceItemQuerySet(PublishableQuerySet):
    def search(self, query: str):
        """Keyword search over 事项名称、设定依据、申请条件."""
        return self.filter(
            Q(name__icontains=query)
            | Q(legal_basis__icontains=query)
            | Q(conditions__icontains=query)
        )


class ServiceItem(Publishable):
    """An administrative service item (政务服务事项) and its guide (办事指南)."""

    ItemType = ItemType

    CONTENT_FIELDS = (
        "name",
        "legal_basis",
        "conditions",
        "procedure",
        "fees",
        "consult_phone",
        "complaint_phone",
        "location",
        "online_url",
    )
    TITLE_FIELD = "name"
    PUBLISH_PERMISSION = "services_hall.publish_serviceitem"
    NOT_CHARGED = "不收费"

    name = models.CharField(_("事项名称"), max_length=200)
    theme = models.ForeignKey(
        ServiceTheme, verbose_name=_("主题"), on_delete=models.PROTECT, related_name="items"
    )
    item_type = models.CharField(
        _("事项类型"), max_length=20, choices=ItemType.choices, default=ItemType.LICENSING
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("实施机构"),
        on_delete=models.PROTECT,
        related_name="service_items",
    )
    legal_basis = models.TextField(
        _("设定依据"), blank=True, help_text=_("法律、法规、规章名称及条款，每条一行。")
    )
    conditions = models.TextField(_("申请条件"), blank=True, help_text=_("每项条件一行。"))
    procedure = models.TextField(
        _("办理流程"),
        blank=True,
        help_text=_("每个步骤一行，按先后顺序填写，例如：受理、审查、决定、送达。"),
    )
    statutory_days = models.PositiveSmallIntegerField(
        _("法定办结时限（工作日）"), null=True, blank=True
    )
    promised_days = models.PositiveSmallIntegerField(
        _("承诺办结时限（工作日）"), null=True, blank=True
    )
    fees = models.TextField(_("收费标准"), default=NOT_CHARGED)
    consult_phone = models.CharField(_("咨询电话"), max_length=100, blank=True)
    complaint_phone = models.CharField(_("监督投诉电话"), max_length=100, blank=True)
    location = models.CharField(_("办理地点"), max_length=300, blank=True)
    office_hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    online_url = models.URLField(
        _("在线办理链接"),
        max_length=500,
        blank=True,
        validators=[validate_web_url],
        help_text=_("如可在政务服务网在线办理，填写办理入口。"),
    )

    objects = ServiceItemQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("办事事项")
        verbose_name_plural = _("办事事项")
        ordering = ["theme__order", "name", "id"]
        permissions = [("publish_serviceitem", _("可审核并发布办事指南"))]
        indexes = [models.Index(fields=["status"], name="serviceitem_status_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services_hall:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if (
            self.statutory_days is not None
            and self.promised_days is not None
            and self.promised_days > self.statutory_days
        ):
            raise ValidationError({"promised_days": _("承诺办结时限不能超过法定办结时限。")})

    # --- Derived values ---------------------------------------------------------------------

    def lines(self, field: str) -> list[str]:
        return [line.strip() for line in (getattr(self, field) or "").splitlines() if line.strip()]

    @property
    def legal_basis_lines(self) -> list[str]:
        return self.lines("legal_basis")

    @property
    def condition_lines(self) -> list[str]:
        return self.lines("conditions")

    @property
    def procedure_steps(self) -> list[str]:
        return self.lines("procedure")

    # --- Publishable hooks ------------------------------------------------------------------

    def integrity_fields(self) -> dict[str, str]:
        fields = super().integrity_fields()
        if self.pk:
            fields["办理材料"] = "\n".join(
                f"{m.name} {m.form} {m.note}" for m in self.materials.all()
            )
            fields["表格名称"] = " ".join(f.name for f in self.forms.all())
        return fields

    def personal_data_fields(self) -> dict[str, str]:
        fields = super().personal_data_fields()
        for name in ("conditions", "procedure"):
            fields[self.field_label(name)] = getattr(self, name) or ""
        return fields

    def hash_extra(self) -> Iterator[str]:
        """Materials and forms (name and SHA-256) are part of the approved content."""
        if self.pk:
            for material in sorted(self.materials.all(), key=lambda m: m.pk):
                yield f"material\x00{material.name}\x00{material.form}\x00{material.note}\x00"
            for form in sorted(self.forms.all(), key=lambda f: f.pk):
                yield f"form\x00{form.name}\x00{form.sha256}\x00"

    def integrity_files(self) -> Iterator[tuple[str, FieldFile, str]]:
        for form in self.forms.all():
            yield f"表格“{form.name}”", form.file, form.sha256

    @classmethod
    def scan_queryset(cls, queryset: models.QuerySet) -> models.QuerySet:
        return queryset.prefetch_related("materials", "forms")


class RequiredMaterial(models.Model):
    """One item of 办理材料: name, form and copies (原件/复印件、份数), note."""

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("办事事项"), on_delete=models.CASCADE, related_name="materials"
    )
    name = models.CharField(_("材料名称"), max_length=200)
    form = models.CharField(
        _("材料形式及份数"),
        max_length=100,
        blank=True,
        help_text=_("例如：原件1份；复印件1份（加盖公章）"),
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("办理材料")
        verbose_name_plural = _("办理材料")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


def form_upload_to(instance: "ServiceForm", filename: str) -> str:
    """Random stored name; the original name is kept in `ServiceForm.name`."""
    extension = PurePath(filename).suffix.lower()
    return f"service_forms/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class ServiceForm(models.Model):
    """A downloadable form (申请表格) of a service item."""

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("办事事项"), on_delete=models.CASCADE, related_name="forms"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(
        _("表格名称"), max_length=200, blank=True, help_text=_("留空则使用上传文件的原文件名。")
    )
    file = models.FileField(_("文件"), upload_to=form_upload_to, max_length=200)
    extension = models.CharField(_("类型"), max_length=10, editable=False)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    order = models.PositiveIntegerField(_("排序"), default=0)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("申请表格")
        verbose_name_plural = _("申请表格")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services_hall:form_download", kwargs={"public_id": self.public_id})
