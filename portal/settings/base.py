"""Settings shared by every environment.

Everything that differs between deployments is read from the environment (see `.env.example`).
SQLite is the zero-setup default; production sets DATABASE_URL to PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
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
    "django.contrib.admin",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Counts public page views in the cache (no database write per request; flushed by cron).
    "site_stats.pageviews.PageViewMiddleware",
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

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
    }
}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "portal",
    }

LOGIN_URL = "admin:login"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

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
