"""关怀版 (care mode): a plain-link switch on every public page, a cookie that persists, a safe
redirect back, and the large-text, high-contrast stylesheet while it is on."""

import re
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from portal.care import CARE_COOKIE
from tests.test_site import public_urls, site_content  # noqa: F401  (site_content is a fixture)

CARE_CSS = "/static/css/care.css"


def _switch_link(page: str) -> tuple[str, str]:
    """The 关怀版 switch in the header: (href, text)."""
    header = page[page.index('<header class="site-header">') : page.index("</header>")]
    match = re.search(r'<a class="site-tools__care" href="([^"]+)"[^>]*>([^<]+)</a>', header)
    assert match, "no 关怀版 switch in the header"
    return match.group(1).replace("&amp;", "&"), match.group(2)


def test_switch_link_is_on_every_public_page(client, site_content):  # noqa: F811
    for url in public_urls(site_content):
        page = client.get(url).content.decode()
        href, text = _switch_link(page)
        assert text == "关怀版", url
        assert href.startswith("/care/on/?next="), url
        # Off by default: no class, no care stylesheet.
        assert '<html lang="zh-CN">' in page, url
        assert CARE_CSS not in page, url


def test_switching_on_sets_the_cookie_and_returns_to_the_page(client, site_content):  # noqa: F811
    page = client.get("/xxgk/column/zwdt/?page=1").content.decode()
    href, _ = _switch_link(page)
    assert href == "/care/on/?next=/xxgk/column/zwdt/%3Fpage%3D1"

    response = client.get(href)
    assert response.status_code == 302
    assert response["Location"] == "/xxgk/column/zwdt/?page=1"
    cookie = response.cookies[CARE_COOKIE]
    assert cookie.value == "1"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["path"] == "/"
    assert cookie["samesite"] == "Lax"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_care_mode_persists_across_pages(client, site_content):  # noqa: F811
    client.get("/care/on/?next=/")
    for url in public_urls(site_content):
        page = client.get(url).content.decode()
        assert '<html lang="zh-CN" class="care-mode">' in page, url
        assert f'<link rel="stylesheet" href="{CARE_CSS}">' in page, url
        href, text = _switch_link(page)
        assert text == "退出关怀版", url
        assert href.startswith("/care/off/?next="), url


def test_switching_off_clears_the_cookie(client, site_content):  # noqa: F811
    client.get("/care/on/?next=/")
    doc_url = f"/xxgk/doc/{site_content['document'].pk}/"
    href, _ = _switch_link(client.get(doc_url).content.decode())

    response = client.get(href)
    assert response.status_code == 302
    assert response["Location"] == doc_url
    cookie = response.cookies[CARE_COOKIE]
    assert cookie.value == ""
    assert cookie["max-age"] == 0
    page = client.get(doc_url).content.decode()
    assert "care-mode" not in page.split("<head>")[0]
    assert CARE_CSS not in page
    assert _switch_link(page)[1] == "关怀版"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/phish",
        "http://evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "https://testserver.evil.example/",
        "",
    ],
)
@pytest.mark.parametrize("switch", ["/care/on/", "/care/off/"])
def test_unsafe_next_goes_home(client, site_content, switch, target):  # noqa: F811
    response = client.get(switch, {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_same_site_absolute_next_is_kept(client, site_content):  # noqa: F811
    response = client.get("/care/on/", {"next": "http://testserver/ysqgk/"})
    assert response["Location"] == "http://testserver/ysqgk/"


def test_switch_refuses_post(client, site_content):  # noqa: F811
    assert client.post("/care/on/?next=/").status_code == 405
    assert CARE_COOKIE not in client.cookies


def test_only_the_value_1_turns_care_mode_on(client, site_content):  # noqa: F811
    client.cookies = SimpleCookie({CARE_COOKIE: "yes"})
    page = client.get("/").content.decode()
    assert CARE_CSS not in page
    assert _switch_link(page)[1] == "关怀版"


def test_care_mode_page_differs_only_in_class_stylesheet_and_switch(client, site_content):  # noqa: F811
    """A full-page cache keys on the cookie; the two variants must not differ in content."""
    url = f"/xxgk/doc/{site_content['document'].pk}/"
    plain = client.get(url).content.decode()
    client.cookies = SimpleCookie({CARE_COOKIE: "1"})
    care = client.get(url).content.decode()
    normalised = (
        care.replace(' class="care-mode"', "")
        .replace(f'<link rel="stylesheet" href="{CARE_CSS}">\n', "")
        .replace("/care/off/", "/care/on/")
        .replace("退出关怀版", "关怀版")
    )
    # CSRF tokens and the like are not on a document page; the rest must be byte-identical.
    assert normalised == plain


def test_care_stylesheet_meets_the_elderly_rules(client):
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/care.css")).read_text(encoding="utf-8")
    root = re.search(r"html\.care-mode \{(.*?)\n\}", css, re.S).group(1)
    assert int(re.search(r"font-size: (\d+)%", root).group(1)) >= 150
    assert re.search(r'cursor: url\("\.\./img/cursor-large\.svg"\) \d+ \d+, auto', root)
    assert finders.find("img/cursor-large.svg") and finders.find("img/cursor-pointer-large.svg")
    heights = [float(h) for h in re.findall(r"line-height: ([\d.]+)", css)]
    assert heights and min(heights) >= 1.8
    assert "animation: none !important" in css and "transition: none !important" in css
    assert "text-decoration: underline" in css
    # Every rule is scoped to care mode.
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = re.findall(r"(?:^|\})\s*([^{}@]+)\{", rules)
    assert len(selectors) > 20
    for selector in selectors:
        for part in selector.split(","):
            assert part.strip().startswith("html.care-mode"), part
