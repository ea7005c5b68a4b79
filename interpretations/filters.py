"""Filters of the public interpretation list (解读形式、年份), as GET parameters.

An invalid value makes the form invalid: the page then explains the error in Chinese and lists
nothing (`filtered`), never an unfiltered list and never an error page.
"""

from datetime import datetime

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import InterpretationForm

FIRST_YEAR = 2010


def year_choices() -> list[tuple[str, str]]:
    """Years from this one back to FIRST_YEAR (computed per request, not at import)."""
    return [
        (str(year), f"{year}年") for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)
    ]


class InterpretationFilter(django_filters.FilterSet):
    form = django_filters.ChoiceFilter(
        label=_("解读形式"),
        choices=InterpretationForm.choices,
        empty_label=_("全部形式"),
        error_messages={"invalid_choice": _("没有“%(value)s”这种解读形式。")},
    )
    year = django_filters.ChoiceFilter(
        label=_("年份"),
        choices=year_choices,
        empty_label=_("全部年份"),
        method="filter_year",
        error_messages={"invalid_choice": _("年份“%(value)s”无效。")},
    )

    def filter_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Published in that (local) year, as a range so that the date index is used."""
        year = int(value)
        start = timezone.make_aware(datetime(year, 1, 1))  # noqa: DTZ001 - made aware here
        end = timezone.make_aware(datetime(year + 1, 1, 1))  # noqa: DTZ001
        return queryset.filter(published_at__gte=start, published_at__lt=end)

    @property
    def has_errors(self) -> bool:
        return self.is_bound and not self.is_valid()

    def params(self) -> dict[str, str]:
        """The non-empty filter values as sent, kept in pagination links."""
        return {name: self.data.get(name, "") for name in self.filters if self.data.get(name)}


def filtered(filterset: InterpretationFilter) -> QuerySet:
    """The filterset's rows, or none at all when a filter value is invalid."""
    if filterset.has_errors:
        return filterset.queryset.none()
    return filterset.qs
