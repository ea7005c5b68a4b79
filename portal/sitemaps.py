"""`sitemap.xml` (站点地图) and `robots.txt` for search engines.

`/sitemap.xml` is a sitemap index with one section per kind of page: fixed pages, columns
(栏目), annual reports (年报) and one section for each publishable model registered in
`publishing.registry` (信息、政策解读 …), each listing only published and due items.

A large section is split into pages of consecutive ids (`IdRangePaginator`) instead of Django's
OFFSET/COUNT paginator, so that page 20 of a million documents costs what page 1 costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from disclosure import selectors as disclosure_selectors
from publishing.models import Publishable
from publishing.registry import publishable_models

from .conditional import public_conditional
from .feeds import public_queryset

#: Fixed pages listed when their URL exists (apps may be switched off).
FIXED_PAGES = [
    "portal:home",
    "disclosure:index",
    "disclosure:catalogue",
    "requests_app:index",
    "annual_reports:list",
    "interpretations:list",
    "proposals:list",
    "interaction:index",
    "events:list",
    "services_hall:index",
]

#: Paths robots may not crawl: staff pages, search results and applicants' private pages.
ROBOTS_DISALLOW = ["/admin/", "/staff/", "/search/", "/ysqgk/lookup/", "/ysqgk/receipt/"]


# --- Pagination by id range -----------------------------------------------------------------


@dataclass
class IdRangePage:
    number: int
    object_list: QuerySet


class IdRangePaginator:
    """Pages of `per_page` consecutive ids: page n holds the rows with
    (n - 1) × per_page < id ≤ n × per_page. One MAX(id) query for the page count, one indexed
    range query per page; a page may hold fewer rows (gaps, unpublished rows) or none."""

    def __init__(self, queryset: QuerySet, per_page: int):
        self.queryset = queryset
        self.per_page = per_page

    @cached_property
    def num_pages(self) -> int:
        highest = self.queryset.order_by().aggregate(highest=Max("pk"))["highest"] or 0
        return max(1, -(-highest // self.per_page))

    @property
    def page_range(self) -> range:
        return range(1, self.num_pages + 1)

    def page(self, number) -> IdRangePage:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("页码无效") from None
        if number < 1 or number > self.num_pages:
            raise EmptyPage("该页不存在")
        low = (number - 1) * self.per_page
        rows = self.queryset.filter(pk__gt=low, pk__lte=low + self.per_page).order_by("pk")
        return IdRangePage(number=number, object_list=rows)


# --- Sections -------------------------------------------------------------------------------


class FixedPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        names = []
        for name in FIXED_PAGES:
            try:
                reverse(name)
            except NoReverseMatch:
                continue
            names.append(name)
        return names

    def location(self, item: str) -> str:
        return reverse(item)


class ColumnSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[disclosure_selectors.ColumnNode]:
        tree = disclosure_selectors.column_tree()
        return sorted(tree.by_id.values(), key=lambda node: (node.order, node.id))


class AnnualReportSitemap(Sitemap):
    changefreq = "yearly"

    def items(self) -> list[int]:
        from annual_reports.selectors import published_reports

        return sorted(set(published_reports().values_list("year", flat=True)), reverse=True)

    def location(self, year: int) -> str:
        return reverse("annual_reports:detail", kwargs={"year": year})


class PublishableSitemap(Sitemap):
    """The published and due items of one publishable model, with their last change."""

    model: type[Publishable]

    def items(self) -> QuerySet:
        return public_queryset(self.model).defer(*self.model.HTML_FIELDS).order_by()

    @cached_property
    def paginator(self) -> IdRangePaginator:
        return IdRangePaginator(self.items(), self.limit)

    def lastmod(self, item: Publishable) -> datetime:
        # A scheduled item changes when it appears, after its last edit.
        return max(item.updated_at, item.published_at)

    def get_latest_lastmod(self) -> None:
        # Would read every row; the index then simply omits the section's lastmod.
        return None


def publishable_sitemap(model: type[Publishable]) -> type[PublishableSitemap]:
    return type(f"{model.__name__}Sitemap", (PublishableSitemap,), {"model": model})


def sitemaps() -> dict[str, type[Sitemap]]:
    """Section name → sitemap class (built per request: apps register models at start-up)."""
    sections: dict[str, type[Sitemap]] = {
        "pages": FixedPagesSitemap,
        "columns": ColumnSitemap,
        "annual-reports": AnnualReportSitemap,
    }
    for model in publishable_models():
        sections[model._meta.label_lower.replace(".", "-")] = publishable_sitemap(model)
    return sections


# --- Views ----------------------------------------------------------------------------------


@require_safe
@public_conditional
def sitemap_index(request: HttpRequest) -> HttpResponse:
    return sitemap_views.index(request, sitemaps(), sitemap_url_name="portal:sitemap_section")


@require_safe
@public_conditional
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, sitemaps(), section=section)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Allow everything public; keep staff, search and applicants' pages out of crawlers."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["Allow: /", "", f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
