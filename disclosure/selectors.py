"""Public reads of proactive disclosure (主动公开): what a visitor may see, and how it is found.

Every public list starts from `published_documents()`, so a draft, a pending, a withdrawn or a
scheduled (not yet due) document can never reach a page, a feed, the catalogue or the search.
The column tree is read in one query and cached under the content version
(`portal.versioning`), which every change to a column or a document bumps.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from portal import localcache
from portal.versioning import content_version

from .models import Attachment, Column, Document
from .validators import suggest_document_number

# Conventional slugs (pinyin initials, as on most government sites) of the standard columns of
# 政府信息公开; the portal links to them only when such a column exists.
SECTION_ROOT_SLUG = "xxgk"  # a column standing for the whole 政府信息公开 section, if any
GUIDE_SLUG = "gkzn"  # 政府信息公开指南
RULES_SLUG = "gkzd"  # 政府信息公开制度
STATUTORY_SLUG = "fdzdgknr"  # 法定主动公开内容
ANNUAL_REPORT_SLUG = "gknb"  # 政府信息公开年报

# `ColumnType` page meta tag: the inspection class of a column (which update period applies).
COLUMN_TYPE_LABELS = {
    Column.UpdateClass.NEWS: "动态要闻",
    Column.UpdateClass.NOTICE: "通知公告、政策文件",
    Column.UpdateClass.PLANNING: "人事、规划计划",
    Column.UpdateClass.OTHER: "其他",
}

TREE_CACHE_SECONDS = 3600
SEARCH_MAX_LENGTH = 100


# --- Columns (栏目) --------------------------------------------------------------------------


@dataclass(eq=False)
class ColumnNode:
    """An active column with its place in the tree, detached from the database (cacheable)."""

    id: int
    name: str
    slug: str
    description: str
    kind: str
    update_class: str
    show_on_home: bool
    order: int = 0
    parent: ColumnNode | None = None
    children: list[ColumnNode] = field(default_factory=list)
    # (script prefix, URL): the tree is cached and its URLs are shown on every page.
    _url: tuple[str, str] = field(default=("", ""), repr=False)

    def get_absolute_url(self) -> str:
        prefix = get_script_prefix()
        if self._url[0] != prefix or not self._url[1]:
            self._url = (prefix, reverse("disclosure:column", kwargs={"slug": self.slug}))
        return self._url[1]

    @property
    def is_page(self) -> bool:
        return self.kind == Column.Kind.PAGE

    @property
    def column_type(self) -> str:
        return COLUMN_TYPE_LABELS.get(
            self.update_class, COLUMN_TYPE_LABELS[Column.UpdateClass.OTHER]
        )

    @property
    def ancestors(self) -> list[ColumnNode]:
        """From the root down to the parent."""
        chain: list[ColumnNode] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        chain.reverse()
        return chain

    @property
    def path(self) -> list[ColumnNode]:
        """Ancestors and the column itself: the breadcrumb trail."""
        return [*self.ancestors, self]

    @property
    def trail(self) -> list[ColumnNode]:
        """The path below the 政府信息公开 section: the section's own column, if any, is
        left out, since the section index stands for it in breadcrumbs."""
        path = self.path
        return path[1:] if path[0].slug == SECTION_ROOT_SLUG else path

    def descendant_ids(self) -> list[int]:
        """Its own id and those of every active column below it."""
        ids = [self.id]
        for child in self.children:
            ids.extend(child.descendant_ids())
        return ids


@dataclass
class ColumnTree:
    roots: list[ColumnNode]
    by_slug: dict[str, ColumnNode]
    by_id: dict[int, ColumnNode]

    @property
    def section_columns(self) -> list[ColumnNode]:
        """The columns listed on the 政府信息公开 page: the children of the section's own
        column when there is one, otherwise every root column."""
        root = self.by_slug.get(SECTION_ROOT_SLUG)
        if root is not None and root.parent is None and root.children:
            return root.children
        return self.roots

    def home_columns(self) -> list[ColumnNode]:
        """Columns whose latest documents the home page shows, ordered by Column.order."""
        chosen = [node for node in self.by_id.values() if node.show_on_home]
        return sorted(chosen, key=lambda node: (node.order, node.id))


def build_column_tree(columns: list[Column]) -> ColumnTree:
    """Nodes for the active columns whose ancestors are all active, children in column order."""
    nodes = {
        c.id: ColumnNode(
            id=c.id,
            name=c.name,
            slug=c.slug,
            description=c.description,
            kind=c.kind,
            update_class=c.update_class,
            show_on_home=c.show_on_home,
            order=c.order,
        )
        for c in columns
    }
    roots: list[ColumnNode] = []
    for column in columns:  # already in (order, id) order
        node = nodes[column.id]
        if column.parent_id is None:
            roots.append(node)
        elif column.parent_id in nodes:
            node.parent = nodes[column.parent_id]
            node.parent.children.append(node)

    reachable: dict[int, ColumnNode] = {}

    def collect(node: ColumnNode) -> None:
        reachable[node.id] = node
        for child in node.children:
            collect(child)

    for root in roots:
        collect(root)
    return ColumnTree(
        roots=roots,
        by_slug={node.slug: node for node in reachable.values()},
        by_id=reachable,
    )


def column_tree() -> ColumnTree:
    """The tree of active columns (one query, cached under the content version)."""
    return localcache.get_or_set(
        f"disclosure:column-tree:v{content_version()}",
        lambda: build_column_tree(
            list(Column.objects.filter(is_active=True).order_by("order", "id"))
        ),
        TREE_CACHE_SECONDS,
    )


def column_with_ancestors(slug: str) -> ColumnNode | None:
    """The active column `slug` with its ancestors (`node.path`), or None."""
    return column_tree().by_slug.get(slug)


# --- Documents (政府信息) ---------------------------------------------------------------------


#: What a row of a document list shows (disclosure/includes/_document_list.html) and its
#: keyset cursor needs: loading only these halves the cost of a column page's query.
LIST_FIELDS = ("id", "title", "validity", "document_number", "published_at")


#: What a row of the catalogue (政府信息公开目录) shows; the organisation by name from
#: `organisation_names()`, so that the list needs no join and its statement can be replayed.
CATALOGUE_FIELDS = (
    "id", "index_number", "title", "document_number", "validity", "summary", "written_on",
    "published_at", "organisation",
)


def organisation_names() -> dict[int, str]:
    """Name of every organisation by id, cached under the content version (a change to an
    organisation bumps it)."""
    from portal.models import Organisation

    return localcache.get_or_set(
        f"disclosure:organisation-names:v{content_version()}",
        lambda: dict(Organisation.objects.values_list("pk", "name")),
        3600,
    )


def published_documents(column: ColumnNode | None = None, at: datetime | None = None) -> QuerySet:
    """Documents the public may see at `at` (default now), newest first; limited to `column`
    and the columns below it when given. The body is not loaded: lists never show it."""
    documents = Document.objects.published(at=at).defer("body").newest_first()
    if column is not None:
        documents = documents.filter(column_id__in=column.descendant_ids())
    return documents


def page_document(column: ColumnNode, at: datetime | None = None) -> Document | None:
    """The newest published document of a single-page column (政府信息公开指南 …), in full."""
    return (
        Document.objects.published(at=at)
        .filter(column_id=column.id)
        .select_related("organisation", "replaced_by")
        .prefetch_related("attachments")
        .newest_first()
        .first()
    )


def published_document(pk: int, at: datetime | None = None) -> Document | None:
    """A document with everything its page shows, only if it is published and due."""
    return (
        Document.objects.published(at=at)
        .select_related("organisation", "replaced_by")
        .prefetch_related("attachments")
        .filter(pk=pk)
        .first()
    )


def published_attachment(public_id, at: datetime | None = None) -> Attachment | None:
    """An attachment whose document is published and due; None otherwise."""
    return (
        Attachment.objects.select_related("document")
        .filter(public_id=public_id, document__in=Document.objects.published(at=at))
        .first()
    )


def public_replacement(document: Document, at: datetime | None = None) -> Document | None:
    """The document replacing `document`, if the public may see it."""
    replacement = document.replaced_by
    if replacement is None:
        return None
    at = at or timezone.now()
    if replacement.status != Document.Status.PUBLISHED or replacement.published_at is None:
        return None
    return replacement if replacement.published_at <= at else None


def cache_seconds_until_publication(default: int, at: datetime | None = None) -> int:
    """`default`, shortened so that a cached list expires when a scheduled item (of any
    publishable model) is due."""
    from portal.conditional import next_publication_due

    at = at or timezone.now()
    due = next_publication_due(at)
    if due is None:
        return default
    return max(1, min(default, int((due - at).total_seconds()) + 1))


def cached_count(
    queryset: QuerySet | Callable[[], QuerySet], *, scope: str, params: dict[str, str]
) -> int:
    """COUNT(*) of a filtered list, cached under the content version and the filter values
    (settings.PORTAL_COUNT_CACHE_SECONDS), so that a page request never counts on a hit.
    `queryset` may be a function building it, called only when the count is not cached."""
    fingerprint = hashlib.sha256(
        "&".join(f"{k}={v}" for k, v in sorted(params.items())).encode()
    ).hexdigest()[:32]
    return localcache.get_or_set(
        f"disclosure:count:v{content_version()}:{scope}:{fingerprint}",
        lambda: (queryset() if callable(queryset) else queryset).order_by().count(),
        lambda: cache_seconds_until_publication(settings.PORTAL_COUNT_CACHE_SECONDS),
    )


# --- Search (站内搜索) -----------------------------------------------------------------------


def normalise_query(query: str) -> str:
    """The query with spaces collapsed and a 文号 typed with [] or （） written with 〔〕."""
    return " ".join(query.split())[:SEARCH_MAX_LENGTH]


def _query_variants(query: str) -> list[str]:
    variants = [query]
    fixed = suggest_document_number(query)
    if fixed and fixed != query:
        variants.append(fixed)
    return variants


def search_exact_matches(query: str, at: datetime | None = None) -> list[Document]:
    """Documents whose 文号 or 索引号 is exactly the query (listed before other results)."""
    variants = _query_variants(query)
    return list(
        published_documents(at=at).filter(
            Q(document_number__in=variants) | Q(index_number__in=variants)
        )[:10]
    )


def search_documents(
    query: str, *, exclude: Iterable[int] = (), at: datetime | None = None
) -> QuerySet:
    """Published documents whose title, 文号, 索引号 or body contain the query, newest first.

    Case-insensitive substring matching for now; a later issue replaces it with full-text search.
    """
    condition = Q()
    for variant in _query_variants(query):
        condition |= (
            Q(title__icontains=variant)
            | Q(document_number__icontains=variant)
            | Q(index_number__icontains=variant)
            | Q(body__icontains=variant)
        )
    return published_documents(at=at).filter(condition).exclude(pk__in=list(exclude))


# --- Entry points of the 政府信息公开 section ---------------------------------------------------


@dataclass(frozen=True)
class Entry:
    label: str
    url: str
    description: str = ""


def disclosure_entries(tree: ColumnTree | None = None) -> list[Entry]:
    """指南、制度、年报 (when such a column exists) and the 目录: the section's fixed entries."""
    tree = tree or column_tree()
    entries = []
    for slug, label, description in (
        (GUIDE_SLUG, "政府信息公开指南", "公开的分类、编排体系、获取方式和工作机构联系方式"),
        (RULES_SLUG, "政府信息公开制度", "本机关政府信息公开工作的规章制度"),
        (STATUTORY_SLUG, "法定主动公开内容", "《政府信息公开条例》第二十条规定主动公开的信息"),
        (ANNUAL_REPORT_SLUG, "政府信息公开年报", "历年政府信息公开工作年度报告"),
    ):
        node = tree.by_slug.get(slug)
        if node is not None:
            entries.append(
                Entry(
                    label=node.name or label, url=node.get_absolute_url(), description=description
                )
            )
    entries.append(
        Entry(
            label="政府信息公开目录",
            url=reverse("disclosure:catalogue"),
            description="全部主动公开信息的索引号、名称、内容概述和生成日期",
        )
    )
    return entries
