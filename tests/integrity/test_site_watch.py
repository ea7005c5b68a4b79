"""The defacement watch (`manage.py site_watch`) against a live server, clean and cloaked.

A test-only middleware plays the attacker: it injects a hidden gambling link and "必赢体育"
only for Baiduspider (the usual cloaking), or a hidden link for everyone. The command must pass
a clean site (exit 0) and name the page and the visitor of every injection (exit 1).
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from disclosure.models import Document
from integrity.models import ForbiddenTerm
from integrity.watch import analyse_page, compare_variants, parse_page
from tests.factories import ColumnFactory, PublishedDocumentFactory, SiteProfileFactory

GAMBLING_LINK = (
    '<div style="display:none"><a href="http://bet-365-casino.example.com/">必赢体育</a></div>'
)
INVISIBLE_LINK = '<a href="http://spam.example.net/x"></a>'


class SpiderCloakMiddleware:
    """Injects gambling spam for Baiduspider only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Baiduspider" in request.headers.get("User-Agent", "") and response.get(
            "Content-Type", ""
        ).startswith("text/html"):
            response.content = response.content.replace(
                b"</body>", f"{GAMBLING_LINK}<p>必赢体育 官方网站</p></body>".encode()
            )
            response["Content-Length"] = str(len(response.content))
        return response


class HiddenLinkMiddleware:
    """Injects a link without visible text for every visitor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.content = response.content.replace(
                b"</body>", f"{INVISIBLE_LINK}</body>".encode()
            )
            response["Content-Length"] = str(len(response.content))
        return response


@pytest.fixture
def site(transactional_db):
    ForbiddenTerm.objects.get_or_create(
        term="必赢体育", defaults={"category": ForbiddenTerm.Category.GAMBLING}
    )
    SiteProfileFactory()
    column = ColumnFactory(slug="tzgg", name="通知公告")
    return PublishedDocumentFactory(column=column, title="关于开展文化惠民演出的通知")


@pytest.fixture
def attacker(live_server, settings):
    """Install a middleware in the running live server (its handler loaded the old list)."""
    handlers, handler = [], live_server.thread.httpd.get_app()
    while handler is not None:  # the static and media file wrappers run their own chain
        if hasattr(handler, "load_middleware"):
            handlers.append(handler)
        handler = getattr(handler, "application", None)
    original = list(settings.MIDDLEWARE)

    def reload() -> None:
        for each in handlers:
            each.load_middleware()

    def install(path: str) -> None:
        settings.MIDDLEWARE = [path, *original]
        reload()

    yield install
    settings.MIDDLEWARE = original
    reload()


def watch(live_server, *paths: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "site_watch",
            "--base-url",
            live_server.url,
            "--paths",
            *paths,
            "--timeout",
            "10",
            stdout=out,
            stderr=err,
        )
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def test_clean_site_passes(live_server, site):
    code, output = watch(live_server, "/", "/xxgk/", f"/xxgk/doc/{site.pk}/", "/ysqgk/")
    assert code == 0, output
    assert "检查了 4 个页面（12 次请求），发现 0 个问题" in output


def test_spam_shown_only_to_baiduspider_is_reported_with_page_and_visitor(
    live_server, site, attacker
):
    attacker("tests.integrity.test_site_watch.SpiderCloakMiddleware")
    code, output = watch(live_server, "/", f"/xxgk/doc/{site.pk}/")
    assert code == 1
    lines = output.splitlines()
    for path in ("/", f"/xxgk/doc/{site.pk}/"):
        url = f"{live_server.url}{path}"
        spider = [line for line in lines if line.startswith(f"{url} [百度蜘蛛]")]
        assert any("禁用词" in line and "必赢体育" in line for line in spider), output
        assert any("暗链" in line and "bet-365-casino.example.com" in line for line in spider)
        assert any("外部链接" in line for line in spider)
        assert any("仅对该访问者显示的文字" in line for line in spider)
    assert not any("[桌面浏览器]" in line or "[手机浏览器]" in line for line in lines), output


def test_hidden_link_for_every_visitor_is_reported(live_server, site, attacker):
    attacker("tests.integrity.test_site_watch.HiddenLinkMiddleware")
    code, output = watch(live_server, "/xxgk/")
    assert code == 1
    for visitor in ("桌面浏览器", "手机浏览器", "百度蜘蛛"):
        assert (
            f"{live_server.url}/xxgk/ [{visitor}] 暗链：没有可见文字的链接 http://spam.example.net/x"
            in output
        )


def test_forbidden_term_written_into_the_database_is_reported(live_server, site):
    Document.objects.filter(pk=site.pk).update(body="<p>欢迎访问必赢体育</p>")
    code, output = watch(live_server, f"/xxgk/doc/{site.pk}/")
    assert code == 1
    assert f"/xxgk/doc/{site.pk}/ [桌面浏览器] 禁用词：“必赢体育”出现在正文中" in output


def test_bad_base_url_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="http"):
        call_command("site_watch", "--base-url", "ftp://example.gov.cn")


# --- The parsing rules on their own ------------------------------------------------------------

PAGE = """<html><head><title>首页</title><meta http-equiv="refresh" content="0;url=http://x.example"></head>
<body><p>政务公开</p>
<div hidden><a href="https://a.example/">文字</a></div>
<span style="font-size:0"><a href="/inner">内部</a></span>
<div style="position:absolute;left:-9999px"><a href="https://www.gov.cn/">国务院</a></div>
<a href="https://www.gov.cn/"><img src="/logo.png" alt="中国政府网"></a>
<a href="https://partner.example.org/">合作单位</a>
<script>if (1) { window.location.href = "http://evil.example"; }</script>
</body></html>"""


def test_analyse_page_finds_each_kind_of_injection(settings):
    settings.PORTAL_WATCH_ALLOWED_HOSTS = ["partner.example.org"]
    view = parse_page(PAGE)
    findings = analyse_page(
        "https://www.example.gov.cn/",
        "desktop",
        view,
        own_host="www.example.gov.cn",
        terms=["澳门新葡京"],
    )
    kinds = [(f.kind, f.detail) for f in findings]
    hidden = [detail for kind, detail in kinds if kind == "暗链"]
    assert len(hidden) == 3  # hidden attribute, font-size:0, off-screen
    external = [detail for kind, detail in kinds if kind == "外部链接"]
    assert len(external) == 1 and "a.example" in external[0]  # gov.cn and the allow-list pass
    assert any(kind == "页面跳转" for kind, _ in kinds)
    assert any(kind == "脚本跳转" and "evil.example" in detail for kind, detail in kinds)
    # The image link has visible text (its alt), so it is not hidden.
    assert not any("没有可见文字" in detail for _, detail in kinds)


def test_compare_variants_reports_title_and_text_for_one_visitor_only():
    desktop = parse_page("<title>首页</title><p>政务公开</p>")
    mobile = parse_page("<title>首页</title><p>政务公开</p>")
    spider = parse_page("<title>澳门新葡京</title><p>政务公开</p><p>在线娱乐</p>")
    findings = compare_variants(
        "https://www.example.gov.cn/",
        {"desktop": desktop, "mobile": mobile, "baiduspider": spider},
        own_host="www.example.gov.cn",
    )
    assert {(f.variant, f.kind) for f in findings} == {
        ("baiduspider", "标题不同"),
        ("baiduspider", "仅对该访问者显示的文字"),
    }
