"""Settings shared by every environment.

Everything that differs between deployments is read from the environment (see `.env.example`).
SQLite is the zero-setup default; production sets DATABASE_URL to PostgreSQL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The admin with the staff two-factor step (portal/security.py), instead of
    # "django.contrib.admin".
    "portal.security.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "portal",
    "publishing",
    "integrity",
    "disclosure",
    "requests_app",
    "annual_reports",
    "interpretations",
    "proposals",
    "interaction",
    "events",
    "services_hall",
    "search",
    "api",
    "site_stats",
    # Security (docs/security.md): CSP header, login lockout, TOTP two-factor, audit log.
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "audit",
]

MIDDLEWARE = [
    # Full-page cache of anonymous public pages (portal/pagecache.py): first, so that a hit
    # costs no middleware, session or query; stored pages keep the security headers (HSTS, CSP,
    # nosniff …) that the middlewares below added when the page was rendered.
    "portal.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (settings below; docs/security.md).
    "csp.middleware.CSPMiddleware",
    # Database outages answer 503 “系统繁忙，请稍后重试” with the citizen's input kept
    # (portal/db_errors.py, docs/reliability.md).
    "portal.db_errors.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Renews active sessions so that they end after 30 idle minutes (portal/security.py).
    "portal.security.SessionIdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(); staff must pass the TOTP step before /admin/ and /staff/.
    "django_otp.middleware.OTPMiddleware",
    "portal.security.StaffTwoFactorMiddleware",
    # The request of the current thread, for audit rows written by signals (actor, IP).
    "audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Counts public page views in the cache (no database write per request; flushed by cron).
    "site_stats.pageviews.PageViewMiddleware",
    # Turns a locked-out login into the lockout page; last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses logins of a locked-out (username, IP) pair before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
                "portal.care.care_mode",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite: no persistent connections; wait for the write lock instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    # Chinese trigram search needs a UTF-8 LC_CTYPE; build test databases from template0.
    DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = "template0"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # 等保 level 3: at least 8 characters of three of the four classes (docs/security.md).
    {"NAME": "portal.security.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
# Uploaded files live outside the web root and are only served through views that check access.
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files on storage shared by several app servers (docs/reliability.md): PORTAL_STORAGE=s3
# puts them in a private bucket of any S3-compatible object store (MinIO, 阿里云 OSS, 华为云 OBS,
# 腾讯云 COS …) through django-storages (`pip install -e ".[s3]"`); the default is MEDIA_ROOT.
# Files are read only through views that check publication; bucket objects are private and
# any URL the storage hands out is signed and expires.
PORTAL_STORAGE = os.environ.get("PORTAL_STORAGE", "filesystem").strip().lower()
if PORTAL_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("PORTAL_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            # MinIO / OSS-compatible endpoints; empty means AWS itself.
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # Empty: boto3's own chain (environment, ~/.aws, instance role).
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", 300)),
            # Never replace a file that has the same name: an attachment's bytes are part of
            # the published record (content hash).
            "file_overwrite": False,
            "signature_version": "s3v4",
            # "path" for MinIO and most self-hosted stores; "virtual" for AWS and OSS.
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        },
    }
elif PORTAL_STORAGE not in {"filesystem", "local"}:
    raise ImproperlyConfigured(
        f"PORTAL_STORAGE must be 'filesystem' or 's3', not {PORTAL_STORAGE!r}."
    )

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
    },
    # Parts of the page layout (header, navigation, footer) rendered once per process and
    # content version ({% cache … content_version using="layout" %} in templates/base.html):
    # the keys carry the version, so nothing is shared and nothing needs invalidating.
    "layout": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal-layout",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        # Django's Redis backend, reusing one client per pool (portal/cache.py).
        "BACKEND": "portal.cache.PortalRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "portal",
    }

LOGIN_URL = "admin:login"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Security (docs/security.md) ---------------------------------------------------------------
# Sessions end after 30 minutes without a request (等保: 会话超时): SessionIdleTimeoutMiddleware
# renews an active session at most once a minute. Anonymous visitors get no session at all.
SESSION_COOKIE_AGE = 30 * 60
PORTAL_SESSION_TOUCH_SECONDS = 60

# Content-Security-Policy: no inline script or style anywhere (cached pages carry no nonce).
# media-src allows https: because 政策解读 audio/video may be hosted on the agency's media server.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "https:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "manifest-src": ["'self'"],
    },
}

# Login lockout (django-axes), as 等保 practice: 5 failures per (username, IP), 30-minute cool-off,
# counter reset by a successful login.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.security.lockout_response"
AXES_COOLOFF_MESSAGE = "登录失败次数过多，账号已暂时锁定，请 30 分钟后再试。"
# Behind the reverse proxy, name the header that carries the client address, e.g.
# AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_REAL_IP"] (see docs/security.md).

# Two-factor authentication (TOTP, django-otp) for every staff account on /admin/ and /staff/.
PORTAL_REQUIRE_STAFF_2FA = env_bool("PORTAL_REQUIRE_STAFF_2FA", True)
OTP_TOTP_ISSUER = "政务公开门户"

# Audit log (审计日志): kept at least 183 days (《网络安全法》第二十一条: six months).
AUDIT_LOG_MIN_RETENTION_DAYS = 183
# The request header with the client address when behind a trusted reverse proxy (e.g.
# "HTTP_X_REAL_IP"); REMOTE_ADDR when empty. Only staff actions record an address.
AUDIT_CLIENT_IP_HEADER = os.environ.get("AUDIT_CLIENT_IP_HEADER", "")

# URL fields assume https:// when a scheme is missing (Django 6's default; silences the
# transitional warning).
FORMS_URLFIELD_ASSUME_HTTPS = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

SIMPLE_HISTORY_REVERT_DISABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Portal settings -------------------------------------------------------------------------
# Attachments (附件): allowed extensions, maximum size in bytes.
PORTAL_ATTACHMENT_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ofd", "wps", "jpg", "jpeg", "png", "zip"]
PORTAL_ATTACHMENT_MAX_BYTES = int(os.environ.get("PORTAL_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))
# Full-page cache of anonymous public pages (portal/pagecache.py): on/off, longest life of an
# entry in seconds (publishing invalidates at once; scheduled items when due), largest body,
# and the request header that bypasses it (benchmarks only; unset = never bypassed).
PORTAL_PAGE_CACHE_ENABLED = env_bool("PORTAL_PAGE_CACHE_ENABLED", True)
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", 300))
PORTAL_PAGE_CACHE_MAX_BYTES = 1024 * 1024
PORTAL_PAGE_CACHE_BYPASS_HEADER = None
# Each process also keeps the pages it served in memory, up to this many bytes.
PORTAL_PAGE_CACHE_LOCAL_MAX_BYTES = int(os.environ.get("PORTAL_PAGE_CACHE_LOCAL_MAX_BYTES", 32 * 1024 * 1024))
# How long a process trusts the content version and the version-keyed values it read from the
# shared cache (portal/localcache.py): another server's publish shows within that delay.
PORTAL_LOCAL_CACHE_SECONDS = float(os.environ.get("PORTAL_LOCAL_CACHE_SECONDS", 0.25))
# Page views are added up per process and written to the shared cache once a second.
SITE_STATS_PAGEVIEW_BUFFER_SECONDS = 1.0
# Items per page on column pages and the catalogue.
PORTAL_PAGE_SIZE = int(os.environ.get("PORTAL_PAGE_SIZE", 20))
# Column and catalogue counts are cached for this many seconds (keyed by the content version).
PORTAL_COUNT_CACHE_SECONDS = 600
# Default 索引号 template; organisations may set their own.
PORTAL_INDEX_NUMBER_TEMPLATE = "{code}/{year}-{serial:05d}"
# 依申请公开: does the receipt day itself count as working day 1? Default no (次日起算);
# see requests_app/README.md.
REQUESTS_COUNT_START_DAY = env_bool("REQUESTS_COUNT_START_DAY", False)

# 依申请公开: is the time between a fee notice and payment excluded from the answer period?
REQUESTS_FEE_INTERVAL_EXCLUDED = env_bool("REQUESTS_FEE_INTERVAL_EXCLUDED", True)
# Anti-abuse limits of the public application form: submissions per IP per hour and per
# identity (ID number or phone) per day.
REQUESTS_SUBMISSIONS_PER_IP_PER_HOUR = int(os.environ.get("REQUESTS_SUBMISSIONS_PER_IP_PER_HOUR", 10))
REQUESTS_SUBMISSIONS_PER_IDENTITY_PER_DAY = int(
    os.environ.get("REQUESTS_SUBMISSIONS_PER_IDENTITY_PER_DAY", 5)
)
# Failed look-ups (number + query code) per IP per hour before lookup is refused for a while.
REQUESTS_LOOKUPS_PER_IP_PER_HOUR = int(os.environ.get("REQUESTS_LOOKUPS_PER_IP_PER_HOUR", 20))
# Applicants' proofs: allowed extensions and size.
REQUESTS_PROOF_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
REQUESTS_PROOF_MAX_BYTES = int(os.environ.get("REQUESTS_PROOF_MAX_BYTES", 5 * 1024 * 1024))
# Staff addresses that receive deadline reminders (besides each application's handler).
REQUESTS_REMINDER_EMAILS = env_list("REQUESTS_REMINDER_EMAILS")
# 依申请公开办理台 hints: 第44条 suggestion when this many different applicants ask for the same
# information within 12 months; 第35条 flag at this many applications of one applicant in 30 days.
REQUESTS_PROACTIVE_SUGGESTION_THRESHOLD = int(
    os.environ.get("REQUESTS_PROACTIVE_SUGGESTION_THRESHOLD", 3)
)
REQUESTS_REPEAT_THRESHOLD = int(os.environ.get("REQUESTS_REPEAT_THRESHOLD", 5))

# 互动交流 anti-abuse limits: comments and messages per IP per hour; failed look-ups per IP.
INTERACTION_SUBMISSIONS_PER_IP_PER_HOUR = int(
    os.environ.get("INTERACTION_SUBMISSIONS_PER_IP_PER_HOUR", 10)
)
INTERACTION_LOOKUPS_PER_IP_PER_HOUR = int(os.environ.get("INTERACTION_LOOKUPS_PER_IP_PER_HOUR", 20))

# --- Reliability (docs/reliability.md) ---------------------------------------------------------
# The Retry-After of the 503 “系统繁忙，请稍后重试” page shown while the database is unavailable.
PORTAL_RETRY_AFTER_SECONDS = int(os.environ.get("PORTAL_RETRY_AFTER_SECONDS", 30))

# --- Email -----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "noreply@localhost")

# --- Annual report (政府信息公开工作年度报告) ---------------------------------------------------
# The date that defines 本年制发 in table 二 (catalogue.md §9): "written_on" (成文日期) or
# "published_at" (发布日期).
ANNUAL_REPORT_ISSUED_DATE_FIELD = os.environ.get("ANNUAL_REPORT_ISSUED_DATE_FIELD", "written_on")
# The column the published report goes into (政府信息公开年报).
ANNUAL_REPORT_COLUMN_SLUG = os.environ.get("ANNUAL_REPORT_COLUMN_SLUG", "gknb")
