"""Site-wide public pages: home (首页), site search (站内搜索) and the error pages."""

from django.core.cache import cache
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from disclosure import selectors
from disclosure.filters import SearchForm
from search import views as search_views

from .versioning import content_version

HOME_ITEMS_PER_COLUMN = 8
HOME_CACHE_SECONDS = 300

#: The other sections' home blocks, in page order: (selector returning items, partial).
HOME_SECTIONS = [
    ("interpretations.selectors.latest_for_home", "interpretations/includes/_home_block.html"),
    ("proposals.selectors.latest_for_home", "proposals/includes/_home_block.html"),
    ("interaction.selectors.latest_for_home", "interaction/includes/_home_block.html"),
    ("events.selectors.latest_for_home", "events/includes/_home_block.html"),
    ("services_hall.selectors.latest_for_home", "services_hall/includes/_home_block.html"),
]


def home_blocks_html() -> SafeString:
    """The latest items of every home column and of the other sections (政策解读, 建议提案,
    互动交流, 文化日历, 网上办事), rendered once per content version.

    One query per home column and section on a miss (their number is small and fixed); none
    on a hit. The entry also expires when a scheduled document is due, and after
    HOME_CACHE_SECONDS at most (the calendar block lists upcoming events).
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
        for selector_path, template in HOME_SECTIONS:
            items = import_string(selector_path)(limit=HOME_ITEMS_PER_COLUMN)
            html += render_to_string(template, {"items": items})
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
    """站内搜索 over every published item: see `search.views.search_page`."""
    return search_views.search_page(request)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """Rendered without the request: a 400 is often a forged Host header (DisallowedHost), and
    anything that builds an absolute URL from the request would raise again (a 500)."""
    return HttpResponseBadRequest(loader.get_template("errors/400.html").render())


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    if request.path.startswith("/api/"):
        # The API promises JSON errors (OpenAPI document), also for URLs that match no route
        # (``/api/v1/documents/abc``).
        return JsonResponse(
            {"error": "接口地址不存在，请参阅 /api/v1/openapi.json。"},
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request: no context processor, hence no database access."""
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
