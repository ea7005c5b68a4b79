"""The site search page (站内搜索), served at portal:search (/search/).

`noindex`, the query never in `<title>`, and rate-limited per IP address: only requests that
run a search count, and an address over its limit gets a Chinese 429 page with the form.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from disclosure import selectors as disclosure_selectors
from portal.fragments import cached_html
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


FORM_CACHE_SECONDS = 600


def form_html(form: SiteSearchForm) -> SafeString:
    """The rendered search form. Without errors it only depends on the values sent and on the
    choices (columns, organisations: the content version; years: the date), so it is cached
    under those: rendering its ~100 options was the largest part of the page's work."""

    def render_form() -> str:
        return render_to_string("search/includes/_form.html", {"form": form})

    if form.errors:
        return mark_safe(render_form())  # noqa: S308 — our template, autoescaped
    values = urlencode([(name, form.data.get(name, "")) for name in form.fields])
    return cached_html("search:form", [values], render_form, FORM_CACHE_SECONDS)


def search_page(request: HttpRequest) -> HttpResponse:
    tree = disclosure_selectors.column_tree()
    form = SiteSearchForm(request.GET, tree=tree)
    form.is_valid()
    context = {
        "section": "search",
        "form": form,
        "form_html": form_html(form),
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
