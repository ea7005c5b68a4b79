"""依申请公开 (on-request disclosure): the working-day calendar (工作日历) behind the clock.

Every statutory period of the 条例 is counted in working days, and which days are working days
is decided each year by the 国务院办公厅 notice 《关于××年部分节假日安排的通知》 (放假调休: days
off and weekend days that become working days). Weekday arithmetic alone is wrong, so the portal
keeps one row per date, each traceable to its notice, and one row per year saying whether that
year's schedule is loaded completely (see `requests_app/README.md`).
"""

import datetime as dt
from calendar import isleap

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    """A year's holiday schedule (年度节假日安排) and whether it is loaded completely.

    The statutory clock only runs through years with ``is_complete`` set; any other year makes a
    deadline computation fail with a clear message instead of guessing.
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(
        _("依据通知"),
        max_length=200,
        help_text=_(
            "例如：《国务院办公厅关于2026年部分节假日安排的通知》（国办发明电〔2025〕7号）"
        ),
    )
    source_url = models.URLField(_("通知网址"), blank=True)
    published_on = models.DateField(_("通知发布日期"), null=True, blank=True)
    is_complete = models.BooleanField(
        _("已完整录入"),
        default=False,
        help_text=_(
            "勾选后，期限计算才会使用该年度的工作日历。请先确认全年每一天均已录入并与通知核对。"
        ),
    )
    note = models.TextField(_("备注"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度节假日安排")
        verbose_name_plural = _("年度节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"

    @property
    def days_in_year(self) -> int:
        return 366 if isleap(self.year) else 365

    def clean(self) -> None:
        if self.year and not 1949 <= self.year <= 9998:
            raise ValidationError({"year": _("请填写有效的年度。")})
        if self.is_complete and self.year:
            recorded = WorkdayCalendarDay.objects.filter(date__year=self.year).count()
            missing = self.days_in_year - recorded
            if missing:
                raise ValidationError(
                    {
                        "is_complete": _(
                            "该年度尚有%(missing)d天未录入工作日历，请先使用“生成全年日期”操作补齐后再标记为已完整录入。"
                        )
                        % {"missing": missing}
                    }
                )


class WorkdayCalendarDay(models.Model):
    """One date of the working-day calendar (工作日历): working day or not, and why."""

    class Kind(models.TextChoices):
        WORKDAY = "workday", _("工作日")
        WEEKEND = "weekend", _("周末")
        HOLIDAY = "holiday", _("法定节假日")
        MAKEUP_WORKDAY = "makeup", _("调休上班")

    #: Kinds on which the clock runs.
    WORKING_KINDS = frozenset({Kind.WORKDAY, Kind.MAKEUP_WORKDAY})

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"), editable=False)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    holiday_name = models.CharField(
        _("节日名称"), max_length=60, blank=True, help_text=_("例如：春节、国庆节")
    )
    is_in_lieu = models.BooleanField(
        _("调休放假"),
        default=False,
        help_text=_("本应上班、因调休而放假的日子（例如 2026年2月23日）。"),
    )
    source_notice = models.CharField(
        _("依据通知"),
        max_length=200,
        blank=True,
        help_text=_("决定该日安排的国务院办公厅通知；12月底的调休可能由下一年度的通知决定。"),
    )

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                name="workday_calendar_kind_matches_is_workday",
                condition=(
                    models.Q(is_workday=True, kind__in=["workday", "makeup"])
                    | models.Q(is_workday=False, kind__in=["weekend", "holiday"])
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        # is_workday follows from the kind; it is stored so the clock can filter on it.
        self.is_workday = self.workday_for_kind(self.kind)
        super().save(*args, **kwargs)

    @staticmethod
    def workday_for_kind(kind: str) -> bool:
        return kind in WorkdayCalendarDay.WORKING_KINDS

    @classmethod
    def default_kind(cls, day: dt.date) -> "WorkdayCalendarDay.Kind":
        """The kind of a date when no notice changes it: Monday–Friday work, weekends off."""
        return cls.Kind.WORKDAY if day.weekday() < 5 else cls.Kind.WEEKEND

    def clean(self) -> None:
        # is_workday follows from the kind; it is stored so the clock can filter on it.
        self.is_workday = self.workday_for_kind(self.kind)
        if self.date is None:
            return
        weekend = self.date.weekday() >= 5
        errors = {}
        if self.kind == self.Kind.WORKDAY and weekend:
            errors["kind"] = _("周六、周日不能标为“工作日”；周末补班请选择“调休上班”。")
        elif self.kind == self.Kind.WEEKEND and not weekend:
            errors["kind"] = _("周一至周五不能标为“周末”；放假请选择“法定节假日”。")
        elif self.kind == self.Kind.MAKEUP_WORKDAY and not weekend:
            errors["kind"] = _("“调休上班”只能是周六或周日。")
        if self.kind == self.Kind.HOLIDAY and not self.holiday_name:
            errors["holiday_name"] = _("法定节假日请填写节日名称。")
        if errors:
            raise ValidationError(errors)
