"""Filters of the public document lists (栏目列表、政府信息公开目录) and the search box form.

All filters are GET parameters so that a filtered list has a URL that can be shared and
paginated. Invalid values make the form invalid; callers then show the errors and no rows
(`filtered_documents`), never an unfiltered list and never an error page.
"""

from __future__ import annotations

from datetime import datetime

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation

from .models import Document
from .selectors import SEARCH_MAX_LENGTH
from .taxonomy import topic_choices
from .validators import suggest_document_number

FIRST_YEAR = 2000  # oldest year offered in the 年份 filter
KEYWORD_MAX_LENGTH = 100


def year_choices() -> list[tuple[str, str]]:
    """Years from this one back to FIRST_YEAR (computed per request, not at import)."""
    return [
        (str(year), f"{year}年") for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)
    ]


class DocumentFilter(django_filters.FilterSet):
    """年份、发布机构、主题分类、体裁、有效性、关键词 over published documents."""

    year = django_filters.ChoiceFilter(
        label=_("年份"), choices=year_choices, empty_label=_("全部年份"), method="filter_year"
    )
    org = django_filters.ModelChoiceFilter(
        label=_("发布机构"),
        field_name="organisation",
        queryset=Organisation.objects.order_by("order", "id"),
        empty_label=_("全部机构"),
    )
    topic = django_filters.ChoiceFilter(
        label=_("主题分类"), choices=topic_choices(), empty_label=_("全部主题")
    )
    genre = django_filters.ChoiceFilter(
        label=_("体裁"), choices=Document.Genre.choices, empty_label=_("全部体裁")
    )
    validity = django_filters.ChoiceFilter(
        label=_("有效性"), choices=Document.Validity.choices, empty_label=_("全部")
    )
    q = django_filters.CharFilter(
        label=_("关键词"),
        method="filter_keyword",
        max_length=KEYWORD_MAX_LENGTH,
        error_messages={"max_length": _("关键词不能超过%(limit_value)d个字。")},
    )

    def filter_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Published in that (local) year, as a range so that the date index is used."""
        year = int(value)
        start = timezone.make_aware(datetime(year, 1, 1))  # noqa: DTZ001 - made aware here
        end = timezone.make_aware(datetime(year + 1, 1, 1))  # noqa: DTZ001
        return queryset.filter(published_at__gte=start, published_at__lt=end)

    def filter_keyword(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Title or 文号 contains the keyword; a 文号 typed with [] or （） also finds 〔〕."""
        value = " ".join(value.split())
        if not value:
            return queryset
        condition = Q(title__icontains=value) | Q(document_number__icontains=value)
        fixed = suggest_document_number(value)
        if fixed and fixed != value:
            condition |= Q(document_number__icontains=fixed)
        return queryset.filter(condition)

    @property
    def has_errors(self) -> bool:
        return self.is_bound and not self.is_valid()

    def params(self) -> dict[str, str]:
        """The non-empty filter values as sent, for cache keys and for links."""
        return {name: self.data.get(name, "") for name in self.filters if self.data.get(name)}


def filtered_documents(filterset: DocumentFilter) -> QuerySet:
    """The filterset's documents, or none at all when a filter value is invalid."""
    if filterset.has_errors:
        return filterset.queryset.none()
    return filterset.qs


class SearchForm(forms.Form):
    """The site search box (站内搜索)."""

    q = forms.CharField(
        label=_("搜索关键词"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": _("搜索词不能超过%(limit_value)d个字，请缩短后重试。")},
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("请输入标题、文号或关键词")}
        ),
    )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())
