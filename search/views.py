"""The site search page (站内搜索), served at portal:search (/search/).

`noindex`, the query never in `<title>`, and rate-limited per IP address: only requests that
run a search count, and an address over its limit gets a Chinese 429 page with the form.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from disclosure import selectors as disclosure_selectors
from requests_app.ratelimit import Limit, client_ip

from . import query as search_query
from .forms import SiteSearchForm

MINUTE = 60


def searches_per_ip() -> Limit:
    return Limit("search-ip", getattr(settings, "SEARCH_REQUESTS_PER_IP_PER_MINUTE", 30), MINUTE)


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def search_page(request: HttpRequest) -> HttpResponse:
    tree = disclosure_selectors.column_tree()
    form = SiteSearchForm(request.GET, tree=tree)
    form.is_valid()
    context = {
        "section": "search",
        "form": form,
        "trail": [{"label": "首页", "url": reverse("portal:home")}, {"label": "站内搜索"}],
        "query": "",
    }
    if form.query_error:
        return render(request, "portal/search.html", context)
    query = search_query.parse_query(form.cleaned_data.get("q", ""))
    context["query"] = query.text
    if not query.text:
        return render(request, "portal/search.html", context)
    if not searches_per_ip().hit(client_ip(request)):
        context["rate_limited"] = True
        response = render(request, "portal/search.html", context, status=429)
        response["Retry-After"] = str(MINUTE)
        return response
    context["ignored_filters"] = form.ignored_filters()
    if not query.is_searchable:
        context["too_common"] = True
        return render(request, "portal/search.html", context)
    results = search_query.search(
        query,
        filters=form.search_filters(),
        sort=form.sort_order(),
        page=_page_number(request.GET.get("page")),
        per_page=settings.PORTAL_PAGE_SIZE,
    )
    for hit in (*results.exact, *results.hits):
        node = tree.by_id.get(hit.entry.column_id)
        hit.column_name = node.name if node else ""
    context.update(
        {
            "results": results,
            "newest": form.sort_order() == search_query.Sort.NEWEST,
            "params": form.link_params(),
        }
    )
    return render(request, "portal/search.html", context)
