"""The Content-Security-Policy in a real browser: chromium reports no blocked script or style on
public pages nor on the admin (staff logged in with password and TOTP code).

Runs Debian's chromium through Playwright against pytest-django's ``live_server``; skipped when
either is missing (as tests/browser/)."""

from pathlib import Path

import pytest

from .conftest import PASSWORD, current_code, totp_device

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
    pytest.mark.usefixtures("two_factor"),
]

PUBLIC = [
    "/",
    "/xxgk/",
    "/ysqgk/apply/",
    "/hdjl/zx/ask/",
    "/zcjd/",
    "/jyta/",
    "/whrl/",
    "/wsbs/",
    "/nianbao/",
]
ADMIN = [
    "/admin/",
    "/admin/disclosure/document/",
    "/admin/disclosure/document/add/",
    "/admin/requests_app/application/",
    "/admin/audit/auditevent/",
    "/admin/auth/user/",
    "/staff/ysqgk/",
    "/admin/interaction/message/dashboard/",
]


def test_no_csp_violation_on_public_and_admin_pages(live_server, monkeypatch, site_content):
    from tests.factories import UserFactory

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    chief = UserFactory(username="chief", is_superuser=True)
    device = totp_device(chief)
    violations = []
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(locale="zh-CN", base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "console",
            lambda message: (
                violations.append((page.url, message.text))
                if "Content Security Policy" in message.text
                else None
            ),
        )
        for url in PUBLIC:
            assert page.goto(url).status == 200, url
        page.goto("/admin/login/")
        page.fill("#id_username", "chief")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        assert "/admin/2fa/" in page.url
        page.fill("#id_otp_token", current_code(device))
        page.click("input[type=submit]")
        assert page.url.endswith("/admin/")
        for url in ADMIN:
            assert page.goto(url).status == 200, url
            page.wait_for_load_state("load")
        context.close()
        browser.close()
    assert violations == []
