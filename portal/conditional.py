"""Conditional GET (条件请求) for public pages, feeds, the sitemap and the API.

Every public response carries an `ETag` and a `Last-Modified` derived from one *public stamp*:
the content version (`portal.versioning`, bumped on commit of any publishing change) and the
moment the portal first served that version. The stamp is cached per version and also expires
when the next scheduled item (定时发布) becomes due, so an item appearing by the clock changes
it as well. A conditional request is therefore answered with 304 from the cache alone, without
a query and without rendering.

The stamp's `changed_at` only ever grows, by at least one second per change, so that
`If-Modified-Since` (one-second resolution) can never hide a change made in the same second.

Public pages here show the same content to every visitor (no per-user parts, no CSRF token: the
search and filter forms are GET forms), so a shared ETag is safe. A view that adds per-user
content must not use `public_conditional`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from . import localcache
from .versioning import bump_content_version, content_version

STAMP_KEY = "portal:public-stamp:v{version}"
LAST_CHANGE_KEY = "portal:public-stamp:last-change"
#: Longest life of a stamp when nothing is scheduled (a new stamp only costs one refetch).
STAMP_MAX_SECONDS = 24 * 3600


@dataclass(frozen=True)
class PublicStamp:
    """The state of the public content: its version and when it became visible (UTC)."""

    version: int
    changed_at: datetime

    @property
    def token(self) -> str:
        return f"{self.version}.{int(self.changed_at.timestamp())}"


def next_scheduled_publication(at: datetime | None = None) -> datetime | None:
    """When the next approved-but-scheduled item of any publishable model becomes visible."""
    from publishing.models import PublicationStatus
    from publishing.registry import publishable_models

    at = at or timezone.now()
    parts = [
        model._base_manager.filter(status=PublicationStatus.PUBLISHED, published_at__gt=at)
        .order_by()
        .values_list("published_at", flat=True)
        for model in publishable_models()
    ]
    if not parts:
        return None
    # One query: UNION ALL of each model's scheduled times, smallest first.
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union.order_by("published_at").first()


NEXT_DUE_KEY = "portal:next-due:v{version}"


def next_publication_due(now: datetime | None = None) -> datetime | None:
    """`next_scheduled_publication(now)`, cached under the content version until it is due.

    Every cache lifetime (page cache, public stamp, counts, home blocks) asks for it; a page
    rendered on a cold cache therefore runs its query once, not once per cached part. The entry
    records when it was computed and is used only for moments between then and the due time.
    """
    now = now or timezone.now()
    key = NEXT_DUE_KEY.format(version=content_version())
    moment = now.timestamp()
    entry = localcache.remembered(key, lambda: cache.get(key))
    if entry is None or not (entry[0] <= moment and (not entry[1] or moment < entry[1])):
        upcoming = next_scheduled_publication(now)
        entry = (moment, upcoming.timestamp() if upcoming else 0.0)
        lifetime = int(entry[1] - moment) + 1 if entry[1] else STAMP_MAX_SECONDS
        localcache.set_shared(key, entry, max(1, min(STAMP_MAX_SECONDS, lifetime)))
    return datetime.fromtimestamp(entry[1], tz=UTC) if entry[1] else None


def _stamp_seconds(now: datetime) -> int:
    due = next_publication_due(now)
    if due is None:
        return STAMP_MAX_SECONDS
    return max(1, min(STAMP_MAX_SECONDS, int((due - now).total_seconds()) + 1))


def public_stamp() -> PublicStamp:
    """The current public stamp: this process's copy (`portal.localcache`), the shared
    cache's, or made now (a few cheap queries)."""
    version = content_version()
    key = STAMP_KEY.format(version=version)
    return localcache.remembered(key, lambda: cache.get(key) or _new_stamp(key, version))


def _new_stamp(key: str, version: int) -> PublicStamp:
    now = timezone.now()
    # Whole seconds, rounded up, and strictly after the previous change.
    changed_at = now.replace(microsecond=0) + timedelta(seconds=1 if now.microsecond else 0)
    previous = cache.get(LAST_CHANGE_KEY)
    if previous is not None and changed_at <= previous:
        changed_at = previous + timedelta(seconds=1)
    stamp = PublicStamp(version=version, changed_at=changed_at)
    if cache.add(key, stamp, _stamp_seconds(now)):
        cache.set(LAST_CHANGE_KEY, changed_at, None)
        return stamp
    return cache.get(key, stamp)  # another request made it first: use theirs


def public_etag(request: HttpRequest, *parts: object) -> str:
    """A strong ETag for this request's URL (path and query) and page variant (关怀版 cookie)
    under the current stamp."""
    variant = request.COOKIES.get("care_mode", "")
    raw = "|".join([public_stamp().token, request.get_full_path(), variant, *map(str, parts)])
    return quote_etag(hashlib.sha256(raw.encode()).hexdigest()[:32])


def public_conditional(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a public GET view: 304 for a matching `If-None-Match` / `If-Modified-Since`,
    else the view's response with `ETag`, `Last-Modified` and `Cache-Control: no-cache`
    (caches may keep it but must revalidate, which costs a 304)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        etag = public_etag(request)
        last_modified = public_stamp().changed_at.timestamp()
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
        response.headers["ETag"] = etag
        response.headers["Last-Modified"] = http_date(last_modified)
        response.headers.setdefault("Cache-Control", "no-cache")
        return response

    return wrapper


# --- Invalidation for every publishable model -----------------------------------------------


def _publishable_changed(**kwargs) -> None:
    if not kwargs.get("raw"):
        bump_content_version()


def connect_publishable_signals() -> None:
    """Bump the content version when any registered publishable model changes, so the stamp
    (and every cache keyed by the version) follows apps that have no signals of their own.
    A second bump in the same transaction is harmless: the version only has to change.

    The site profile and the organisations count as content too: their names and contacts are
    in the header and footer of every page, and organisations are 发布机构 of documents."""
    from publishing.registry import publishable_models

    from .models import Organisation, SiteProfile

    for model in [*publishable_models(), SiteProfile, Organisation]:
        uid = f"portal.conditional:{model._meta.label_lower}"
        post_save.connect(_publishable_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_publishable_changed, sender=model, dispatch_uid=f"{uid}:delete")
