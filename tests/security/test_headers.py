"""Security headers on a public page, a form page and the admin; production settings pass
`check --deploy`."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import SiteProfileFactory, UserFactory

EXPECTED_CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "media-src": "'self' https:",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "manifest-src": "'self'",
}
ROOT = Path(__file__).resolve().parents[2]


def csp_directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value.strip()
    return directives


def assert_security_headers(response):
    assert csp_directives(response) == EXPECTED_CSP
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in {"same-origin", "strict-origin-when-cross-origin"}
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("url", ["/", "/ysqgk/apply/", "/admin/login/"])
def test_public_form_and_login_pages_send_the_security_headers(client, db, url):
    SiteProfileFactory()
    response = client.get(url)
    assert response.status_code == 200
    assert_security_headers(response)


def test_admin_pages_send_the_same_strict_policy(client, db):
    SiteProfileFactory()
    client.force_login(UserFactory(is_superuser=True))
    for url in [
        "/admin/",
        "/admin/disclosure/document/",
        "/admin/disclosure/document/add/",
        "/admin/audit/auditevent/",
        "/staff/ysqgk/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_error_pages_carry_the_policy_too(client, db):
    SiteProfileFactory()
    response = client.get("/xxgk/doc/999999/")
    assert response.status_code == 404
    assert_security_headers(response)


def test_https_settings_mark_cookies_secure_and_send_hsts(client, db, settings):
    """The production values (portal/settings/prod.py) applied to a request over HTTPS."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    SiteProfileFactory()
    user = UserFactory()
    response = client.post(
        "/admin/login/", {"username": user.username, "password": "secret-pass-123"}, secure=True
    )
    assert response.status_code == 302
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    assert int(session_cookie["max-age"]) == 30 * 60


def test_production_settings_pass_check_deploy_without_warnings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "portal.example.gov.cn",
        # As in CI: a shared cache is part of the production set-up (not contacted by `check`).
        "REDIS_URL": "redis://127.0.0.1:6379/9",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_switch_off_two_factor_or_lockout():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "portal.example.gov.cn",
        "PORTAL_REQUIRE_STAFF_2FA": "0",
        "AXES_ENABLED": "0",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.PORTAL_REQUIRE_STAFF_2FA, s.AXES_ENABLED, s.SESSION_COOKIE_AGE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["True", "True", "1800"], result.stderr
