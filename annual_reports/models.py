"""The statutory annual report (政府信息公开工作年度报告) of an organisation for one year.

The report is published *as* a disclosure `Document` in the 政府信息公开年报 column, through the
ordinary review workflow (草稿 → 待审核 → 已发布): history, integrity checks and the public page
come with it. This row keeps the structured data: staff texts, staff-entered figures and the
frozen snapshot of the computed tables (`snapshot`), taken when the document is generated and
frozen when it is published, so a published report never changes when data changes later.
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure.models import Document
from portal.models import Organisation

from .formats import ReportFormat, format_for_year


class AnnualReportQuerySet(models.QuerySet):
    def published(self, at=None):
        """Reports whose document is public at `at` (default now)."""
        return self.filter(document__in=Document.objects.published(at=at), frozen_at__isnull=False)


class AnnualReport(models.Model):
    """年度报告: one per organisation and year."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("报告机关"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    report_format = models.CharField(
        _("报告格式"),
        max_length=4,
        choices=ReportFormat.choices,
        blank=True,
        help_text=_(
            "留空则按年度确定：2021年起用2021年格式，2019—2020年用试行格式，此前自由行文。"
        ),
    )
    overview = models.TextField(
        _("一、总体情况"),
        blank=True,
        help_text=_("纯文本，空行分段。可先使用系统根据数据生成的开头段落再修改。"),
    )
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(
        _("六、其他需要报告的事项"), blank=True, help_text=_("应说明收取信息处理费的情况。")
    )
    free_text = models.TextField(
        _("报告正文（2018年及以前）"),
        blank=True,
        help_text=_(
            "2018年及以前的年度报告为自由行文；纯文本，空行分段，以“一、”等开头的段落显示为标题。"
        ),
    )
    entered_figures = models.JSONField(
        _("填报数据"),
        default=dict,
        blank=True,
        help_text=_(
            "表二中不能从信息目录计算的数字（行政许可、行政处罚、行政强制、行政事业性收费等）。"
        ),
    )
    fees_collected = models.DecimalField(
        _("本年收取信息处理费（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    document = models.OneToOneField(
        Document,
        verbose_name=_("年报文档"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annual_report",
    )
    snapshot = models.JSONField(
        _("表格数据快照"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("生成年报文档时计算的表格；发布时冻结，之后数据变化不影响已发布的年报。"),
    )
    snapshot_at = models.DateTimeField(_("快照时间"), null=True, blank=True, editable=False)
    frozen_at = models.DateTimeField(_("冻结时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="annual_report_org_year_uniq"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"{self.organisation.name}{self.year}年政府信息公开工作年度报告"

    @property
    def effective_format(self) -> ReportFormat:
        return (
            ReportFormat(self.report_format) if self.report_format else format_for_year(self.year)
        )

    @property
    def status(self) -> str:
        """The workflow status of its document (草稿 when no document exists yet)."""
        return self.document.status if self.document_id else Document.Status.DRAFT

    @property
    def awaits_submission(self) -> bool:
        """Its document exists and is a draft (送审 possible)."""
        return bool(self.document_id) and self.document.status == Document.Status.DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    def get_status_display(self) -> str:
        if not self.document_id:
            return str(_("未生成文档"))
        return self.document.get_status_display()

    def get_absolute_url(self) -> str:
        return reverse("annual_reports:detail", kwargs={"year": self.year})
