"""系统繁忙，请稍后重试: what a citizen sees when the database (or the shared cache) is unavailable.

When PostgreSQL restarts, fails over or drops a connection in the middle of a request, Django
raises `django.db.OperationalError` or `django.db.InterfaceError`; when the shared Redis cache
goes away, redis-py raises ``ConnectionError`` / ``TimeoutError``. Without this module the
citizen would get the generic 500 page and lose what they typed. `DatabaseUnavailableMiddleware`
turns these errors into:

* an HTTP 503 with ``Retry-After`` (setting ``PORTAL_RETRY_AFTER_SECONDS``) and
  ``Cache-Control: no-store`` — the page is never cached, by the browser or a proxy;
* a Chinese page that says nothing was lost: for a form post, the page carries the submitted
  fields back in a form with a “重新提交” button, posting to the same address. The hidden
  ``submission_key`` of the public forms goes with it, so a retry can never file twice, and the
  CSRF token of the original post is reused (the cookie has not changed). Uploaded files cannot
  be carried over: the page asks for them again, naming each one;
* for the JSON API, ``{"error": "系统繁忙，请稍后重试。"}`` with the same status and header.

Writes are atomic (`transaction.atomic` in every service), so a request that failed left
nothing half written; the page renders without the request (no context processor, no session,
no database). The broken connection is closed on the spot, so the next request opens a fresh one
(`CONN_HEALTH_CHECKS` does the same at the start of the next request in production).

Errors raised outside the view (a session saved in a response middleware, say) reach Django's
500 handler instead; `got_request_exception` marks the request, and the middleware replaces that
500 with the same 503 page on its way out.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: Django's wrappers of the driver's errors that mean "the database is not there right now".
#: IntegrityError, DataError and ProgrammingError are bugs or bad data, not outages.
UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
try:  # The shared cache (REDIS_URL) going away is an outage too, not a bug.
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # pragma: no cover — the redis package is only needed with REDIS_URL
    pass
else:
    UNAVAILABLE_ERRORS += (RedisConnectionError, RedisTimeoutError)
DEFAULT_RETRY_AFTER_SECONDS = 30
#: Attribute set on the request when Django's 500 handler handled a database outage.
_MARK = "_portal_database_unavailable"
#: Posted fields never echoed back (the honeypot must stay empty for the retry to pass).
NOT_ECHOED = frozenset({"homepage"})


def retry_after_seconds() -> int:
    return int(getattr(settings, "PORTAL_RETRY_AFTER_SECONDS", DEFAULT_RETRY_AFTER_SECONDS))


def is_database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, UNAVAILABLE_ERRORS)


def discard_broken_connections() -> None:
    """Close every connection that failed and is not usable, outside a transaction, so the next
    request reconnects instead of reusing a dead socket."""
    for connection in connections.all(initialized_only=True):
        if not connection.errors_occurred or connection.in_atomic_block:
            continue
        try:
            usable = connection.connection is not None and connection.is_usable()
        except Exception:  # noqa: BLE001 — any failure here means "not usable"
            usable = False
        if not usable:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 — closing a dead socket may raise; it is gone
                connection.connection = None
        else:
            connection.errors_occurred = False


def _posted_fields(request: HttpRequest) -> list[tuple[str, str]]:
    if request.method != "POST" or request.content_type not in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return []
    try:
        return [
            (name, value)
            for name, values in request.POST.lists()
            if name not in NOT_ECHOED
            for value in values
        ]
    except Exception:  # noqa: BLE001 — an unreadable body: offer no retry form
        return []


def _posted_files(request: HttpRequest) -> list[tuple[str, str]]:
    if request.method != "POST" or request.content_type != "multipart/form-data":
        return []
    try:
        return [(name, upload.name) for name, upload in request.FILES.items()]
    except Exception:  # noqa: BLE001
        return []


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer for ``request``; rendered without the request (no database access)."""
    seconds = retry_after_seconds()
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"error": _("系统繁忙，请稍后重试。")},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        fields = _posted_fields(request)
        files = _posted_files(request)
        html = loader.get_template("errors/503.html").render(
            {
                "retry_after": seconds,
                "fields": fields,
                "files": files,
                "action": request.get_full_path(),
                "is_post": request.method == "POST",
            }
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 “系统繁忙，请稍后重试” instead of 500 when the database is unavailable.

    Place it near the top of ``MIDDLEWARE`` (right after SecurityMiddleware) so that its
    response passes through few other middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(
            _mark_database_outage, dispatch_uid="portal.db_errors.mark_database_outage"
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _MARK, False):
            return unavailable_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        logger.warning(
            "Database unavailable during %s %s: %s", request.method, request.path, exception
        )
        discard_broken_connections()
        return unavailable_response(request)


def _mark_database_outage(sender, request=None, **kwargs) -> None:
    """`got_request_exception`: remember that the 500 being rendered is a database outage."""
    if request is not None and is_database_unavailable(sys.exc_info()[1]):
        setattr(request, _MARK, True)
        discard_broken_connections()
