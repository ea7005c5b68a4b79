"""No inline script, style attribute or <style> element on the public pages (CSP `script-src
'self'; style-src 'self'` without nonces, so cached pages stay valid), nor on the portal's own
admin pages."""

from html.parser import HTMLParser

import pytest

from tests.factories import UserFactory
from tests.test_site import public_urls

DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.findings: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        line = self.getpos()[0]
        if "style" in attributes:
            self.findings.append(f"line {line}: <{tag} style=…>")
        if any(name.startswith("on") for name in attributes):
            self.findings.append(f"line {line}: <{tag}> event-handler attribute")
        if tag == "style":
            self.findings.append(f"line {line}: <style> element")
        script_type = (attributes.get("type") or "").lower()
        if tag == "script" and not attributes.get("src") and script_type not in DATA_SCRIPT_TYPES:
            self.findings.append(f"line {line}: inline <script>")
        href = attributes.get("href") or ""
        if href.strip().lower().startswith("javascript:"):
            self.findings.append(f"line {line}: javascript: URL")


def inline_content(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.findings


def test_the_scanner_finds_what_it_looks_for():
    html = (
        '<p style="color:red">x</p><style>p{}</style><script>alert(1)</script>'
        '<script src="/static/a.js"></script><script type="application/ld+json">{}</script>'
        '<a href="javascript:void(0)" onclick="x()">y</a>'
    )
    assert len(inline_content(html)) == 5


def test_public_pages_have_no_inline_script_or_style(client, site_content):
    # /search/ is checked by the search feature's own tests (being rebuilt in parallel).
    urls = [url for url in public_urls(site_content) if not url.startswith("/search/")]
    assert {"/", "/xxgk/", "/ysqgk/apply/", "/hdjl/zx/ask/", "/tongji/2026/", "/nianbao/"} <= set(
        urls
    )
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found = inline_content(response.content.decode())
        if found:
            problems[url] = found
    assert problems == {}


def test_form_pages_with_errors_have_no_inline_style(client, site_content):
    for url in ["/ysqgk/apply/", "/hdjl/zx/ask/"]:
        response = client.post(url, {"name": "<script>alert(1)</script>"})
        assert response.status_code in (200, 400), url
        assert inline_content(response.content.decode()) == [], url


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/disclosure/document/",
        "/admin/disclosure/document/add/",
        "/admin/interaction/message/dashboard/",
        "/admin/audit/auditevent/",
        "/staff/ysqgk/",
    ],
)
def test_the_portals_admin_pages_have_no_inline_style_or_script(client, site_content, url):
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(url)
    assert response.status_code == 200
    assert inline_content(response.content.decode()) == []
