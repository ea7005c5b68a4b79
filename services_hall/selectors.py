"""Reads of the service guides (网上办事) for the public: published items only."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from portal.home import HomeRow, first_home_rows, home_rows

from .models import RequiredMaterial, ServiceForm, ServiceItem, ServiceTheme


def published_items(at: datetime | None = None) -> QuerySet[ServiceItem]:
    return ServiceItem.objects.published(at=at).select_related("theme", "organisation")


def published_item(pk: int, at: datetime | None = None) -> ServiceItem | None:
    """A published item with its materials and forms, or None."""
    return (
        published_items(at)
        .prefetch_related(
            Prefetch("materials", queryset=RequiredMaterial.objects.order_by("order", "id")),
            Prefetch("forms", queryset=ServiceForm.objects.order_by("order", "id")),
        )
        .filter(pk=pk)
        .first()
    )


def published_form(public_id, at: datetime | None = None) -> ServiceForm | None:
    """A form whose item is published and due; None otherwise."""
    return (
        ServiceForm.objects.select_related("item")
        .filter(public_id=public_id, item__in=ServiceItem.objects.published(at=at))
        .first()
    )


@dataclass
class ThemeGroup:
    theme: ServiceTheme
    items: list[ServiceItem]


def catalogue(*, query: str = "", at: datetime | None = None) -> list[ThemeGroup]:
    """事项目录: published items by theme (themes in their order), optionally matching a
    keyword in 事项名称、设定依据 or 申请条件. Themes without a matching item are left out."""
    items = published_items(at)
    if query:
        items = items.search(query)
    groups: dict[int, ThemeGroup] = {}
    for item in items.order_by("theme__order", "theme_id", "name", "id"):
        groups.setdefault(item.theme_id, ThemeGroup(theme=item.theme, items=[])).items.append(item)
    return list(groups.values())


def home_querysets(at: datetime | None = None) -> list[QuerySet]:
    """The home block's service guides, newest first, as `portal.home.HomeRow`s (the home page
    reads every section's in one query)."""
    return [home_rows(published_items(at).newest_first(), title="name", choice="item_type")]


def home_items(parts: list[list[HomeRow]], limit: int) -> list[ServiceItem]:
    """The home block's service guides, carrying what it shows: name and type."""
    (rows,) = parts
    return [
        ServiceItem(id=row.pk, name=row.title, item_type=row.choice, published_at=row.date)
        for row in rows[:limit]
    ]


def latest_for_home(limit: int = 6, at: datetime | None = None) -> list[ServiceItem]:
    """The most recently published service guides (首页网上办事)."""
    return home_items(first_home_rows(home_querysets(at), limit), limit)
