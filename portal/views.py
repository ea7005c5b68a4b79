"""Site-wide public pages: home (首页), site search (站内搜索) and the error pages."""

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_safe

from disclosure import selectors
from disclosure.filters import SearchForm
from search import views as search_views

from .home import home_blocks_html


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """首页: search, the 政府信息公开 entries and the cached blocks (`portal.home`)."""
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
