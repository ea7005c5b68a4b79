"""Full-page cache (整页缓存) for anonymous visitors of the public pages.

`PageCacheMiddleware` keeps the rendered public pages (home, 政府信息公开 columns and documents,
the catalogue, 政策解读, 建议提案, 文化日历, 网上办事, statistics …) in the shared cache and serves
them to anonymous visitors without touching the database, the session or the templates.

Key: the scheme and host, the path with its query string in sorted order, and the 关怀版
cookie (`care_mode`). Each entry records the content version (`portal.versioning`, bumped on
commit of every publishing change) it was rendered under and the moment it stops being valid.
A request reads the current version and the entry in one round trip (`get_many`) and serves
the entry only if its version is current and it is still valid. So:

* a publish, withdrawal or edit makes every older entry stale as soon as it commits (the next
  request misses, renders the new content and overwrites the entry) — no key is ever scanned;
* a scheduled publication (定时发布) that becomes due changes nothing in the database: entries
  are valid only until the next due time of any publishable model (one query per content
  version, cached until that moment), so the first request after it renders afresh;
* entries also expire after ``PORTAL_PAGE_CACHE_SECONDS`` (default 300) at most.

The version is read *before* rendering: a publish committed during a render leaves the entry
marked with the older version, so it is never served as current.

The middleware is the first of ``MIDDLEWARE`` and decides by cookie *names* only, so a hit runs
no other middleware, no session, template or query. Each process also keeps the pages it
served in memory (`LocalPages`, at most ``PORTAL_PAGE_CACHE_LOCAL_MAX_BYTES``) and trusts the
content version it last read for ``PORTAL_LOCAL_CACHE_SECONDS`` (a quarter of a second,
`portal.localcache`): most hits cost no round trip at all, and a publish on any server is seen by every
process within that delay (at once by the process that published). Otherwise a request reads
the current version and the shared entry in one round trip. Page views of hits are counted
through the per-process buffer of `site_stats.pageviews`. A hit answers a matching
``If-None-Match`` / ``If-Modified-Since`` with 304.

Never cached, never served from the cache:

* anything but GET/HEAD; requests carrying the session cookie, the messages cookie or an
  ``Authorization`` header (staff, a visitor who just submitted a form);
* the paths in ``PORTAL_PAGE_CACHE_EXCLUDED_PREFIXES`` (staff areas, the API, search — which is
  rate-limited — forms, receipts and look-ups);
* responses other than a complete 200, or with ``Set-Cookie``, a used CSRF token (a page with a
  POST form), ``Cache-Control: private`` / ``no-store``, a ``Vary`` on anything but the cookie
  and the language, or a body above ``PORTAL_PAGE_CACHE_MAX_BYTES``.

Cached pages must contain no inline script or style: the Content-Security-Policy has no nonces
(a cached page would carry a stale one). Every header the middlewares and the view set (HSTS,
CSP, X-Frame-Options, Content-Language, ETag …) is stored with the page; the key includes the
scheme, so a page rendered for https (with HSTS) is never served to http.

Benchmarks bypass the cache with the request header named by
``PORTAL_PAGE_CACHE_BYPASS_HEADER`` (unset, i.e. disabled, by default). Responses say
``X-Cache: HIT``, ``MISS`` or ``BYPASS``.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from .care import care_mode_enabled
from .conditional import next_publication_due
from .localcache import local_seconds
from .versioning import VERSION_KEY, content_version, remember_version, trusted_version

logger = logging.getLogger(__name__)

KEY_PREFIX = "portal:page"
DEFAULT_SECONDS = 300
DEFAULT_MAX_BYTES = 1024 * 1024
#: Prefixes never cached: staff areas, machine interfaces, rate-limited search, forms with a
#: CSRF token, receipts and look-ups (per visitor), the 关怀版 switch (sets a cookie).
DEFAULT_EXCLUDED_PREFIXES = (
    "/admin/",
    "/staff/",
    "/api/",
    "/search/",
    "/static/",
    "/media/",
    "/care/",
    "/ysqgk/apply/",
    "/ysqgk/receipt/",
    "/ysqgk/lookup/",
    "/hdjl/zx/ask/",
    "/hdjl/zx/receipt/",
    "/hdjl/zx/lookup/",
)
#: Cookies whose mere presence means the page may be personal (a session: staff or a visitor
#: in the middle of a form; flash messages).
PERSONAL_COOKIES = ("messages",)
#: Response headers never stored (re-made per response, or personal).
UNSTORED_HEADERS = frozenset({"set-cookie", "content-length", "date", "x-cache"})
#: A response may vary on these and still be cached: the key covers the care-mode cookie and
#: the session cookie's absence; the site has one language and no compression here.
CACHEABLE_VARY = frozenset({"cookie", "accept-language", "accept-encoding"})

HIT, MISS, BYPASS = "HIT", "MISS", "BYPASS"


@dataclass(frozen=True)
class CachedPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    version: int = 0  # the content version it was rendered under
    valid_until: float = 0.0  # epoch seconds

    def is_current(self, version: int | None, now: float) -> bool:
        return version is not None and self.version == version and now < self.valid_until

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None


class LocalPages:
    """The pages this process served lately (see the module docstring).

    Only pages of one content version are kept: a page of a newer version drops the others.
    Least recently served pages go first beyond ``PORTAL_PAGE_CACHE_LOCAL_MAX_BYTES``.
    """

    def __init__(self) -> None:
        self._pages: OrderedDict[str, CachedPage] = OrderedDict()
        self._bytes = 0
        self._version: int | None = None
        self._lock = threading.Lock()

    def get(self, key: str) -> CachedPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: CachedPage) -> None:
        limit = int(getattr(settings, "PORTAL_PAGE_CACHE_LOCAL_MAX_BYTES", 32 * 1024 * 1024))
        size = len(page.body)
        if size > limit or local_seconds() <= 0:
            return
        with self._lock:
            if page.version != self._version:
                self._pages.clear()
                self._bytes = 0
                self._version = page.version
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._pages[key] = page
            self._bytes += size
            while self._bytes > limit:
                _, evicted = self._pages.popitem(last=False)
                self._bytes -= len(evicted.body)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0
            self._version = None


#: The pages of this process (see `LocalPages`).
local_pages = LocalPages()


def page_cache_seconds() -> int:
    return int(getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", DEFAULT_SECONDS))


def page_cache_enabled() -> bool:
    return bool(getattr(settings, "PORTAL_PAGE_CACHE_ENABLED", True)) and page_cache_seconds() > 0


def excluded_prefixes() -> tuple[str, ...]:
    configured = getattr(settings, "PORTAL_PAGE_CACHE_EXCLUDED_PREFIXES", None)
    return tuple(DEFAULT_EXCLUDED_PREFIXES if configured is None else configured)


def bypass_requested(request: HttpRequest) -> bool:
    """The benchmark header is configured and present (never in a default deployment)."""
    header = getattr(settings, "PORTAL_PAGE_CACHE_BYPASS_HEADER", None)
    if not header:
        return False
    return f"HTTP_{header.upper().replace('-', '_')}" in request.META


def request_is_cacheable(request: HttpRequest) -> bool:
    """An anonymous GET/HEAD of a public path. Reads cookie names and headers only."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(excluded_prefixes()):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    return not any(name in cookies for name in PERSONAL_COOKIES)


def _vary(response: HttpResponse) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def response_is_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    """A complete, impersonal 200 (see the module docstring)."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a form with a CSRF token was rendered
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    if not _vary(response) <= CACHEABLE_VARY:
        return False
    max_bytes = int(getattr(settings, "PORTAL_PAGE_CACHE_MAX_BYTES", DEFAULT_MAX_BYTES))
    return len(response.content) <= max_bytes


def page_key(request: HttpRequest) -> str | None:
    """The cache key of this request's page; None when the host is not allowed (the normal
    pipeline answers 400)."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    query = urlencode(sorted(pairs))
    care = "1" if care_mode_enabled(request) else "0"
    raw = "|".join([request.scheme, host, request.path, query, care])
    digest = hashlib.sha256(raw.encode()).hexdigest()[:40]
    return f"{KEY_PREFIX}:{digest}"


def seconds_valid(now: float) -> int:
    """How long a page rendered now stays valid: ``PORTAL_PAGE_CACHE_SECONDS``, shortened to
    the next scheduled publication (`portal.conditional.next_publication_due`)."""
    limit = page_cache_seconds()
    due = next_publication_due()
    if due is None:
        return limit
    return max(1, min(limit, int(due.timestamp() - now)))


def page_from_response(response: HttpResponse, *, version: int, valid_until: float) -> CachedPage:
    headers = tuple(
        (name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
    )
    return CachedPage(
        status=response.status_code,
        headers=headers,
        body=response.content,
        version=version,
        valid_until=valid_until,
    )


def response_from_page(request: HttpRequest, page: CachedPage) -> HttpResponse:
    """The stored page, or 304 when the visitor's copy is current."""
    etag = page.header("ETag")
    last_modified = page.header("Last-Modified")
    not_modified = get_conditional_response(
        request,
        etag=etag,
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
    )
    if not_modified is not None:
        response = not_modified
        for name in ("ETag", "Last-Modified", "Cache-Control", "Vary", "Expires"):
            value = page.header(name)
            if value is not None:
                response.headers[name] = value
        return response
    response = HttpResponse(page.body, status=page.status)
    for name, value in page.headers:
        response.headers[name] = value
    return response


class PageCacheMiddleware:
    """Serve and store anonymous public pages (see the module docstring).

    Place it first in ``MIDDLEWARE``: a hit then costs no other middleware, no session,
    authentication or database work.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.count_views = "site_stats.pageviews.PageViewMiddleware" in settings.MIDDLEWARE

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not page_cache_enabled() or not request_is_cacheable(request):
            return self.get_response(request)
        if bypass_requested(request):
            response = self.get_response(request)
            response.headers["X-Cache"] = BYPASS
            return response
        try:
            key = page_key(request)
            if key is None:
                return self.get_response(request)
            now = time.time()
            version = trusted_version(now)
            page = local_pages.get(key) if version is not None else None
            if page is None or not page.is_current(version, now):
                found = cache.get_many([VERSION_KEY, key])  # one round trip
                version = found.get(VERSION_KEY)
                page = found.get(key)
                if version is not None:
                    remember_version(version, now)
                if page is not None and page.is_current(version, now):
                    local_pages.put(key, page)
            if page is not None and page.is_current(version, now):
                response = response_from_page(request, page)
                response.headers["X-Cache"] = HIT
                self._count_view(request, response)
                return response
            # Read before rendering: a publish committed meanwhile makes this entry stale.
            if version is None:  # the shared cache was empty
                version = content_version()
        except Exception:  # noqa: BLE001 — a cache outage must not take the site down
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        response = self.get_response(request)
        if response_is_cacheable(request, response):
            try:
                seconds = seconds_valid(now)
                page = page_from_response(response, version=version, valid_until=now + seconds)
                cache.set(key, page, seconds)
                local_pages.put(key, page)
            except Exception:  # noqa: BLE001
                logger.warning("page not stored in the page cache", exc_info=True)
            response.headers["X-Cache"] = MISS
        return response

    def _count_view(self, request: HttpRequest, response: HttpResponse) -> None:
        """A hit never reaches PageViewMiddleware (further in): count it here."""
        if not self.count_views:
            return
        from site_stats.pageviews import count_view, is_countable

        try:
            if is_countable(request, response):
                count_view(request.path)
        except Exception:  # noqa: BLE001 — counting must never cost the visitor the page
            logger.warning("page view not counted", exc_info=True)
