"""Site-wide public pages: home (首页), site search (站内搜索) and the error pages."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from disclosure import selectors
from disclosure.filters import SearchForm
from disclosure.pagination import keyset_page

from .versioning import content_version

HOME_ITEMS_PER_COLUMN = 8
HOME_CACHE_SECONDS = 300


def home_blocks_html() -> SafeString:
    """The latest documents of every home column, rendered once per content version.

    One query per home column on a miss (their number is small and set by the site
    administrator); none on a hit. The entry also expires when a scheduled document is due.
    """
    key = f"portal:home-blocks:v{content_version()}"
    html = cache.get(key)
    if html is None:
        tree = selectors.column_tree()
        blocks = [
            {
                "column": column,
                "documents": selectors.latest_documents(column, limit=HOME_ITEMS_PER_COLUMN),
            }
            for column in tree.home_columns()
        ]
        html = render_to_string("portal/includes/_home_blocks.html", {"blocks": blocks})
        cache.set(key, html, selectors.cache_seconds_until_publication(HOME_CACHE_SECONDS))
    # Safe: rendered from our own template with autoescaping on.
    return mark_safe(html)  # noqa: S308


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "section": "home",
            "blocks_html": home_blocks_html(),
            "entries": selectors.disclosure_entries(),
            "search_form": SearchForm(),
        },
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """Published documents matching the query; an exact 文号 / 索引号 match comes first."""
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "section": "search",
        "search_form": form,
        "query": query,
        "trail": [{"label": "首页", "url": reverse("portal:home")}, {"label": "站内搜索"}],
    }
    if query:
        exact = selectors.search_exact_matches(query)
        page = keyset_page(
            selectors.search_documents(query, exclude=[d.pk for d in exact]),
            per_page=settings.PORTAL_PAGE_SIZE,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            number=request.GET.get("page"),
        )
        context.update(
            {
                "exact_matches": exact if page.is_first else [],
                "page_obj": page,
                "search_params": {"q": query},
            }
        )
    return render(request, "portal/search.html", context)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request: no context processor, hence no database access."""
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
