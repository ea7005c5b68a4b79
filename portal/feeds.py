"""RSS 2.0 and Atom feeds (订阅): the latest public items of every kind, and per column.

- `/feeds/latest.rss`, `/feeds/latest.atom`: the newest published and due items of every model
  registered in `publishing.registry` (信息、政策解读、建议提案答复 …), merged by publication time;
- `/feeds/column/<slug>.rss`, `.atom`: the newest documents of a column and the columns below it.

Descriptions are plain-text summaries (never the body's HTML), HTML-escaped once because both
RSS `<description>` and Atom `<summary type="html">` are read as HTML. Every item's guid is its
absolute URL. Responses answer conditional requests (`portal.conditional`).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db import models
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.text import Truncator

from disclosure import selectors as disclosure_selectors
from disclosure.models import Document
from integrity.checks import plain_text
from publishing.models import Publishable
from publishing.registry import publishable_models

from .conditional import public_conditional
from .models import SiteProfile

FEED_ITEMS = 30
SUMMARY_CHARS = 200
DEFAULT_SITE_NAME = "政务公开门户"


# --- Public items, whatever their model -----------------------------------------------------


#: Related rows a public item's link, summary or author needs, per model (avoids N+1).
RELATED_FOR_SUMMARY = {"proposals.proposalreply": ["proposal"]}
#: Models whose HTML body may stand in for a missing summary (the whole body is public).
BODY_AS_SUMMARY = {"disclosure.document", "interpretations.interpretation"}


def public_queryset(model: type[Publishable], at: datetime | None = None) -> models.QuerySet:
    """What the public may see of `model`: its `public()` when its queryset narrows
    `published()` further (e.g. 建议提案答复 without the proposer's consent), else
    `published()`; newest first, with the rows feeds and lists read."""
    manager = model._default_manager
    queryset = manager.public(at) if hasattr(manager, "public") else manager.published(at)
    related = list(RELATED_FOR_SUMMARY.get(model._meta.label_lower, []))
    if any(f.name == "organisation" and f.is_relation for f in model._meta.fields):
        related.append("organisation")
    return queryset.select_related(*related).newest_first()


def _summary_source(obj: Publishable) -> str:
    # 建议提案答复: only what the proposer agreed to publish (摘要 or 全文).
    if getattr(obj, "shows_abstract", False):
        return obj.abstract
    if getattr(obj, "shows_full_text", False):
        return plain_text(obj.body)
    summary = getattr(obj, "summary", "") or ""
    if "summary" in obj.HTML_FIELDS:
        summary = plain_text(summary)
    if summary.strip() or obj._meta.label_lower not in BODY_AS_SUMMARY:
        return summary
    return plain_text(obj.body)


def summary_text(obj: Publishable, length: int = SUMMARY_CHARS) -> str:
    """A plain-text summary of a public item: its summary, else (documents, interpretations)
    the start of its body read as text."""
    return Truncator(" ".join(_summary_source(obj).split())).chars(length)


def category_of(obj: Publishable) -> str:
    """The column of a document (栏目), else the kind of item (e.g. 政策解读)."""
    if isinstance(obj, Document):
        node = disclosure_selectors.column_tree().by_id.get(obj.column_id)
        if node is not None:
            return node.name
    return str(obj._meta.verbose_name)


def organisation_name(obj: Publishable) -> str:
    organisation = getattr(obj, "organisation", None)
    return organisation.name if isinstance(organisation, models.Model) else ""


def latest_public_items(limit: int = FEED_ITEMS) -> list[Publishable]:
    """The newest public items of every registered model, newest first.

    One query per registered model (each reads only its `limit` newest rows by index)."""
    per_model = [list(public_queryset(model)[:limit]) for model in publishable_models()]
    merged = heapq.merge(*per_model, key=lambda obj: (obj.published_at, obj.pk), reverse=True)
    return [obj for _, obj in zip(range(limit), merged, strict=False)]


# --- Feeds ----------------------------------------------------------------------------------


def site_name() -> str:
    profile = SiteProfile.current()
    return profile.site_name if profile else DEFAULT_SITE_NAME


class PublicItemsFeed(Feed):
    """Shared item fields; subclasses choose the items."""

    feed_type = Rss201rev2Feed
    # The guid defaults to the item's absolute link, which is its permanent address.
    item_guid_is_permalink = True

    def item_title(self, item: Publishable) -> str:
        return item.display_title

    def item_description(self, item: Publishable) -> str:
        return escape(summary_text(item))

    def item_link(self, item: Publishable) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Publishable) -> datetime:
        return item.published_at

    def item_author_name(self, item: Publishable) -> str:
        return organisation_name(item)

    def item_categories(self, item: Publishable) -> list[str]:
        return [category_of(item)]


class LatestFeed(PublicItemsFeed):
    """最新信息: every kind of public item."""

    def title(self) -> str:
        return f"{site_name()} - 最新信息"

    def link(self) -> str:
        return reverse("portal:home")

    def description(self) -> str:
        return f"{site_name()}最新发布的政府信息、政策解读等公开内容。"

    def feed_url(self) -> str:
        return reverse("portal:feed_latest")

    def items(self) -> list[Publishable]:
        return latest_public_items()


class LatestAtomFeed(LatestFeed):
    feed_type = Atom1Feed
    subtitle = LatestFeed.description

    def feed_url(self) -> str:
        return reverse("portal:feed_latest_atom")


@dataclass(frozen=True)
class ColumnFeedObject:
    node: disclosure_selectors.ColumnNode


class ColumnFeed(PublicItemsFeed):
    """The newest documents of a column (栏目) and the columns below it."""

    def get_object(self, request: HttpRequest, slug: str) -> ColumnFeedObject:
        node = disclosure_selectors.column_with_ancestors(slug)
        if node is None:
            raise Http404("栏目不存在")
        return ColumnFeedObject(node)

    def title(self, obj: ColumnFeedObject) -> str:
        return f"{site_name()} - {obj.node.name}"

    def link(self, obj: ColumnFeedObject) -> str:
        return obj.node.get_absolute_url()

    def description(self, obj: ColumnFeedObject) -> str:
        return obj.node.description or f"“{obj.node.name}”栏目最新发布的信息。"

    def feed_url(self, obj: ColumnFeedObject) -> str:
        return reverse("portal:feed_column", kwargs={"slug": obj.node.slug})

    def items(self, obj: ColumnFeedObject) -> list[Document]:
        documents = disclosure_selectors.published_documents(obj.node)
        # The list selector defers the body; a document without a summary needs it here.
        return list(documents.defer(None).select_related("organisation")[:FEED_ITEMS])


class ColumnAtomFeed(ColumnFeed):
    feed_type = Atom1Feed
    subtitle = ColumnFeed.description

    def feed_url(self, obj: ColumnFeedObject) -> str:
        return reverse("portal:feed_column_atom", kwargs={"slug": obj.node.slug})


latest_rss = public_conditional(LatestFeed())
latest_atom = public_conditional(LatestAtomFeed())
column_rss = public_conditional(ColumnFeed())
column_atom = public_conditional(ColumnAtomFeed())
