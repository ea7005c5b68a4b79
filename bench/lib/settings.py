"""Settings of the portal under benchmark: production settings (DEBUG off, whitenoise manifest
storage, shared Redis cache, persistent connections) plus the bench-only pieces.

The harness sets the environment production needs (secret key, allowed hosts, REDIS_URL,
DJANGO_STATIC_ROOT, no HTTPS redirect on loopback) before Django loads this module.
"""

from portal.settings.prod import *  # noqa: F403

# The naive Paginator baseline (C) lives in a bench-only URLconf, never in portal.urls.
ROOT_URLCONF = "bench.lib.urls"
PORTAL_BENCH_VIEWS = True
# The full-page cache in its place (before the session middleware), also on a tree whose base
# settings do not list it yet.
_PAGE_CACHE = "portal.pagecache.PageCacheMiddleware"
if _PAGE_CACHE not in MIDDLEWARE:  # noqa: F405
    MIDDLEWARE = list(MIDDLEWARE)  # noqa: F405
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"), _PAGE_CACHE
    )
# (A) measures pages uncached: this request header makes the page cache render afresh.
PORTAL_PAGE_CACHE_ENABLED = True
PORTAL_PAGE_CACHE_BYPASS_HEADER = "X-Bench-No-Cache"
# One client address sends every request: lift the per-IP search limit.
SEARCH_REQUESTS_PER_IP_PER_MINUTE = 10**9
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
