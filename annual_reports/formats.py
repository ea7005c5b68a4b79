"""The three generations of the report format (年度报告格式) and which year uses which."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportFormat(models.TextChoices):
    """2021 国办公开办函〔2021〕30号; 2019 试行 国办公开办函〔2019〕60号; up to 2018 free text."""

    F2021 = "2021", _("2021年格式（国办公开办函〔2021〕30号）")
    F2019 = "2019", _("2019年试行格式（国办公开办函〔2019〕60号）")
    FREE = "2007", _("2018年及以前：自由行文并附统计数字")

    @property
    def has_tables(self) -> bool:
        return self != ReportFormat.FREE


def format_for_year(year: int) -> ReportFormat:
    """Reports on 2021 onward use the 2021 format; on 2019–2020 the 试行 format; earlier years
    the 2007 regime's free-form report."""
    if year >= 2021:
        return ReportFormat.F2021
    if year >= 2019:
        return ReportFormat.F2019
    return ReportFormat.FREE
