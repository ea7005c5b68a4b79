"""(C) the naive baseline: the column page built with Django's stock `Paginator`
(COUNT(*) + OFFSET), same template, same filters, same context as
`disclosure.views.column_detail` otherwise. Bench-only (bench.lib.urls)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from disclosure import selectors
from disclosure.filters import DocumentFilter, filtered_documents
from disclosure.pagination import KeysetPage
from disclosure.views import SECTION, disclosure_trail


def naive_column(request: HttpRequest, slug: str) -> HttpResponse:
    if not getattr(settings, "PORTAL_BENCH_VIEWS", False):
        raise Http404
    column = selectors.column_with_ancestors(slug)
    if column is None or column.is_page:
        raise Http404("栏目不存在")
    filterset = DocumentFilter(request.GET, queryset=selectors.published_documents(column))
    documents = filtered_documents(filterset).order_by("-published_at", "-pk")
    paginator = Paginator(documents, settings.PORTAL_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))  # COUNT(*), then OFFSET … LIMIT
    page_obj = KeysetPage(
        items=list(page.object_list),
        has_next=page.has_next(),
        has_previous=page.has_previous(),
        next_cursor="next",
        previous_cursor="previous",
        number=page.number,
    )
    return render(
        request,
        "disclosure/column_detail.html",
        {
            "section": SECTION,
            "column": column,
            "trail": disclosure_trail(*column.trail),
            "filter_form": filterset.form,
            "filter_params": filterset.params(),
            "page_obj": page_obj,
            "total": paginator.count,
            "csv_url": reverse("disclosure:column_csv", kwargs={"slug": column.slug}),
        },
    )
