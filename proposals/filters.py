"""Filters of the public reply list (年度、类型、办理结果、主办单位), as GET parameters.

An invalid value makes the form invalid: the page explains the error in Chinese and lists
nothing (`filtered`), never an unfiltered list and never an error page.
"""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation

from .models import ProposalKind, ResultClass

FIRST_YEAR = 2014  # 国办发〔2014〕46号: publication of replies starts


def year_choices() -> list[tuple[str, str]]:
    return [
        (str(year), f"{year}年") for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)
    ]


class ReplyFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("年度"),
        field_name="proposal__year",
        choices=year_choices,
        empty_label=_("全部年度"),
        error_messages={"invalid_choice": _("年度“%(value)s”无效。")},
    )
    kind = django_filters.ChoiceFilter(
        label=_("类型"),
        field_name="proposal__kind",
        choices=ProposalKind.choices,
        empty_label=_("全部类型"),
        error_messages={"invalid_choice": _("没有“%(value)s”这种类型。")},
    )
    result = django_filters.ModelChoiceFilter(
        label=_("办理结果"),
        field_name="proposal__result_class",
        to_field_name="code",
        queryset=ResultClass.objects.all(),
        empty_label=_("全部结果"),
        error_messages={"invalid_choice": _("办理结果分类无效。")},
    )
    lead = django_filters.ModelChoiceFilter(
        label=_("主办单位"),
        field_name="proposal__lead_unit",
        queryset=Organisation.objects.filter(led_proposals__isnull=False)
        .distinct()
        .order_by("order", "id"),
        empty_label=_("全部单位"),
        error_messages={"invalid_choice": _("主办单位无效。")},
    )

    @property
    def has_errors(self) -> bool:
        return self.is_bound and not self.is_valid()

    def params(self) -> dict[str, str]:
        return {name: self.data.get(name, "") for name in self.filters if self.data.get(name)}

    def selected_year(self) -> int | None:
        if self.has_errors or not self.data.get("year"):
            return None
        return int(self.form.cleaned_data["year"])


def filtered(filterset: ReplyFilter) -> QuerySet:
    if filterset.has_errors:
        return filterset.queryset.none()
    return filterset.qs
