"""The search page's form (站内搜索): query, filters (类型、栏目、年份、发布机构) and sort.

All fields are GET parameters, kept in the pagination links. An invalid filter value (a column
that does not exist, a year out of range …) is ignored with a note; an invalid query (too
long) shows its error and no results.
"""

from __future__ import annotations

from functools import lru_cache

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from disclosure.filters import SearchForm, year_choices
from disclosure.selectors import ColumnNode, ColumnTree
from portal import localcache
from portal.models import Organisation
from portal.versioning import content_version
from publishing.registry import publishable_models

from .query import Filters, Sort

FILTER_FIELDS = ("type", "column", "year", "org")


def kind_choices() -> list[tuple[str, str]]:
    """The registered publishable models (信息, 政策解读, 建议提案答复 …) by `app.model` label."""
    return [(m._meta.label_lower, str(m._meta.verbose_name)) for m in publishable_models()]


def column_choices(tree: ColumnTree) -> list[tuple[str, str]]:
    """Every active column by slug, indented under its parent."""
    choices: list[tuple[str, str]] = []

    def add(node: ColumnNode, depth: int) -> None:
        choices.append((node.slug, "　" * depth + node.name))
        for child in node.children:
            add(child, depth + 1)

    for root in tree.roots:
        add(root, 0)
    return choices


def organisation_choices() -> list[tuple[int, str]]:
    """(pk, name) of every organisation, cached under the content version (an organisation's
    change bumps it)."""
    return localcache.get_or_set(
        f"search:organisations:v{content_version()}",
        lambda: list(Organisation.objects.order_by("order", "id").values_list("pk", "name")),
        3600,
    )


class _Ready(BaseChoiceIterator):
    """Choices already in Django's normal form (value, label): assigned as they are."""

    def __init__(self, choices: list[tuple]) -> None:
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)


_TREE_CHOICES = "_search_column_choices"


@lru_cache(maxsize=16)
def _kinds(language: str | None) -> list[tuple[str, str]]:
    return [("", _("全部类型")), *kind_choices()]


@lru_cache(maxsize=4)
def _years(year: int) -> list[tuple[str, str]]:
    return [("", _("全部年份")), *year_choices()]


class SiteSearchForm(SearchForm):
    type = forms.ChoiceField(label=_("类型"), required=False)
    column = forms.ChoiceField(label=_("栏目"), required=False)
    year = forms.TypedChoiceField(label=_("年份"), required=False, coerce=int, empty_value=None)
    org = forms.TypedChoiceField(
        label=_("发布机构"), required=False, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=Sort.choices)

    def __init__(self, *args, tree: ColumnTree, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree = tree
        # ~100 options, normalised by Django each time they are assigned: kept normalised.
        self.fields["type"].choices = _Ready(_kinds(get_language()))
        columns = tree.__dict__.get(_TREE_CHOICES)
        if columns is None:  # once per column tree (a new one comes with each version)
            columns = tree.__dict__[_TREE_CHOICES] = [("", _("全部栏目")), *column_choices(tree)]
        self.fields["column"].choices = _Ready(columns)
        self.fields["year"].choices = _Ready(_years(timezone.localdate().year))
        self.fields["org"].choices = _Ready([("", _("全部机构")), *organisation_choices()])

    @property
    def query_error(self) -> bool:
        return "q" in self.errors

    def ignored_filters(self) -> list[str]:
        """Labels of the filters whose value was invalid and is ignored."""
        names = (*FILTER_FIELDS, "sort")
        return [str(self.fields[name].label) for name in names if name in self.errors]

    def _valid(self, name: str):
        return None if name in self.errors else self.cleaned_data.get(name)

    def search_filters(self) -> Filters:
        """The valid filter values as `search.query.Filters` (call after `is_valid()`)."""
        content_type_id = None
        if label := self._valid("type"):
            model = next(m for m in publishable_models() if m._meta.label_lower == label)
            content_type_id = ContentType.objects.get_for_model(model).pk
        column_ids = None
        if slug := self._valid("column"):
            column_ids = tuple(self.tree.by_slug[slug].descendant_ids())
        return Filters(
            content_type_id=content_type_id,
            column_ids=column_ids,
            year=self._valid("year"),
            organisation_id=self._valid("org"),
        )

    def sort_order(self) -> str:
        return self._valid("sort") or Sort.RELEVANCE

    def link_params(self) -> dict[str, str]:
        """The valid, non-empty values as sent, for the pagination and sort links."""
        names = ("q", *FILTER_FIELDS, "sort")
        return {
            name: " ".join(self.data.get(name, "").split())
            for name in names
            if self.data.get(name, "").strip() and name not in self.errors
        }
