"""The test suite: fast hashing, in-memory email, a private media folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test"},
    # The version does not change inside a test (no commit): render the layout every time.
    "layout": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Static files come from the finders; no collectstatic needed.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Security switches that would get in the way of the many tests that call client.force_login()
# or client.login(): tests/security/ turns them on through the `settings` fixture.
PORTAL_REQUIRE_STAFF_2FA = False
AXES_ENABLED = False
# The full-page cache hides query counts; tests/portal/test_pagecache.py turns it on.
PORTAL_PAGE_CACHE_ENABLED = False
# Write each page view to the cache at once (production adds them up for a second per process).
SITE_STATS_PAGEVIEW_BUFFER_SECONDS = 0
# Read the content version and every cached value from the cache each time (production trusts
# what a process read for a quarter of a second); tests/portal/test_pagecache.py covers it.
PORTAL_LOCAL_CACHE_SECONDS = 0
