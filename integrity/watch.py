"""Defacement watch (网站篡改与暗链监测): fetch live public pages as several visitors and compare.

Spam injected into government sites is usually cloaked: hidden links (暗链) and gambling text
shown only to search-engine crawlers or to mobile visitors, a hijacked ``<title>``, a redirect
in an inline script. `watch_site` fetches each page three times — as a desktop browser, a mobile
browser and Baiduspider — and reports, per page and variant:

* forbidden terms (禁用词, `integrity.selectors.active_forbidden_terms`) anywhere in the page;
* links to hosts outside the allow-list (the site's own host, ``*.gov.cn`` and
  ``settings.PORTAL_WATCH_ALLOWED_HOSTS``);
* hidden links: inside an element hidden by the ``hidden`` attribute or an inline style
  (display:none, visibility:hidden, font-size:0, height:0, width:0, opacity:0, off-screen
  positions), or with no visible text at all;
* ``<meta http-equiv="refresh">`` and JavaScript redirects in inline scripts;
* a ``<title>`` that differs between variants, and text or links present for one variant only;
* on document pages (/xxgk/doc/<id>/), a title differing from the approved one in the database
  (when run against the same database).

Only the base URL's host is ever fetched; redirects elsewhere are reported, not followed. Each
run makes at most ``max_pages × 3`` requests, each with a timeout. Pure parsing lives in
`analyse_page` and `compare_variants`, so tests can feed them HTML directly.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings

from .checks import find_forbidden_terms

#: The three visitors (访问者): user-agent strings of current browsers and of Baiduspider.
USER_AGENTS: dict[str, str] = {
    "desktop": (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Safari/537.36"
    ),
    "mobile": (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
    ),
    "baiduspider": (
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
    ),
}
VARIANT_LABELS = {"desktop": "桌面浏览器", "mobile": "手机浏览器", "baiduspider": "百度蜘蛛"}
DEFAULT_PATHS = ("/", "/xxgk/", "/xxgk/catalogue/", "/ysqgk/", "/hdjl/", "/zcjd/", "/wsbs/")
MAX_BODY_BYTES = 5 * 1024 * 1024
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])"
    r"|(?<![-\w])(?:height|width|max-height)\s*:\s*0(?:px|em|rem|%)?\s*(?:;|$|!)"
    r"|opacity\s*:\s*0(?:\.0*)?\s*(?:;|$|!)"
    r"|(?:left|top|right|text-indent|margin-left)\s*:\s*-\d{3,}",
    re.IGNORECASE,
)
_JS_REDIRECT = re.compile(
    r"(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=(?!=)"
    r"|location\.(?:replace|assign)\s*\(|window\.open\s*\(",
)
_DOC_PATH = re.compile(r"^/xxgk/doc/(\d+)/$")


@dataclass(frozen=True)
class Finding:
    """One problem: the page, the variant (visitor) it was seen as, and what it is."""

    url: str
    variant: str
    kind: str
    detail: str

    def __str__(self) -> str:
        label = VARIANT_LABELS.get(self.variant, self.variant)
        return f"{self.url} [{label}] {self.kind}：{self.detail}"


@dataclass
class Link:
    href: str
    text: str
    hidden: bool


@dataclass
class PageView:
    """What one variant saw on one page."""

    status: int
    title: str = ""
    visible_text: list[str] = field(default_factory=list)
    hidden_text: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    meta_refresh: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    error: str = ""


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.view = PageView(status=200)
        self._stack: list[tuple[str, bool]] = []  # (tag, hidden)
        self._link: Link | None = None
        self._link_depth = 0
        self._in_title = False
        self._in_script = False
        self._script: list[str] = []

    @property
    def _hidden(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "") for name, value in attrs}
        hidden = (
            self._hidden
            or "hidden" in values
            or bool(_HIDDEN_STYLE.search(values.get("style", "")))
            or (tag == "input" and values.get("type", "").lower() == "hidden")
        )
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.view.meta_refresh.append(values.get("content", ""))
        if tag == "img" and self._link is not None and values.get("alt", "").strip():
            self._link.text += values["alt"].strip()
        if tag in VOID_ELEMENTS:
            return
        self._stack.append((tag, hidden))
        if tag == "a" and values.get("href"):
            label = values.get("aria-label", "").strip() or values.get("title", "").strip()
            self._link = Link(href=values["href"], text=label, hidden=hidden)
            self._link_depth = len(self._stack)
        elif tag == "title":
            self._in_title = True
        elif tag == "script" and not values.get("src"):
            self._in_script = True
            self._script = []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        # Close up to the matching tag (tolerates unclosed <p>, <li> …).
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break
        if tag == "a" and self._link is not None and len(self._stack) < self._link_depth:
            self.view.links.append(self._link)
            self._link = None
        elif tag == "title":
            self._in_title = False
        elif tag == "script" and self._in_script:
            self._in_script = False
            self.view.scripts.append("".join(self._script))

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self._script.append(data)
            return
        if self._in_title:
            self.view.title += data
            return
        if self._stack and self._stack[-1][0] == "style":
            return
        text = " ".join(data.split())
        if not text:
            return
        (self.view.hidden_text if self._hidden else self.view.visible_text).append(text)
        if self._link is not None:
            self._link.text += text

    def close(self) -> None:
        super().close()
        if self._link is not None:
            self.view.links.append(self._link)
        self.view.title = " ".join(self.view.title.split())


def parse_page(html: str, status: int = 200) -> PageView:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    parser.view.status = status
    return parser.view


def allowed_hosts(own_host: str) -> set[str]:
    return {
        own_host.lower(),
        *(h.lower() for h in getattr(settings, "PORTAL_WATCH_ALLOWED_HOSTS", [])),
    }


def host_allowed(host: str, allowed: set[str]) -> bool:
    host = host.lower().rstrip(".")
    if not host or host in allowed:
        return True
    if host == "gov.cn" or host.endswith(".gov.cn"):
        return True
    return any(pattern.startswith(".") and host.endswith(pattern) for pattern in allowed)


def link_host(href: str, page_url: str) -> str:
    absolute = urllib.parse.urljoin(page_url, href.strip())
    parts = urllib.parse.urlsplit(absolute)
    if parts.scheme not in ("http", "https"):
        return ""
    return parts.hostname or ""


def analyse_page(
    url: str, variant: str, view: PageView, *, own_host: str, terms: Iterable[str]
) -> list[Finding]:
    """Problems visible in one variant of one page, on its own."""
    findings: list[Finding] = []

    def add(kind: str, detail: str) -> None:
        findings.append(Finding(url, variant, kind, detail))

    if view.error:
        add("无法访问", view.error)
        return findings
    everything = {
        "标题": view.title,
        "正文": " ".join(view.visible_text),
        "隐藏文字": " ".join(view.hidden_text),
        "链接": " ".join(link.text for link in view.links),
    }
    for hit in find_forbidden_terms(everything, list(terms)):
        add("禁用词", f"“{hit.term}”出现在{hit.field}中")
    allowed = allowed_hosts(own_host)
    for link in view.links:
        host = link_host(link.href, url)
        if not host_allowed(host, allowed):
            add(
                "外部链接",
                f"指向未列入白名单的站点 {host}（{link.href[:200]}，文字“{link.text[:50]}”）",
            )
        if link.hidden:
            add("暗链", f"隐藏元素中的链接 {link.href[:200]}（文字“{link.text[:50]}”）")
        elif not link.text.strip():
            add("暗链", f"没有可见文字的链接 {link.href[:200]}")
    for content in view.meta_refresh:
        add("页面跳转", f'<meta http-equiv="refresh" content="{content[:200]}">')
    for script in view.scripts:
        if match := _JS_REDIRECT.search(script):
            start = max(match.start() - 40, 0)
            add("脚本跳转", f"内联脚本中的跳转：{script[start : match.end() + 80].strip()[:200]}")
    return findings


def compare_variants(url: str, views: dict[str, PageView], *, own_host: str) -> list[Finding]:
    """Differences between what the variants saw (cloaking, 伪装/针对性展示)."""
    findings: list[Finding] = []
    ok = {name: view for name, view in views.items() if not view.error}
    if "desktop" not in ok:
        return findings
    base = ok["desktop"]
    base_text = set(base.visible_text)
    base_links = {urllib.parse.urljoin(url, link.href) for link in base.links}
    for name, view in ok.items():
        if name == "desktop":
            continue
        if view.status != base.status:
            findings.append(
                Finding(url, name, "状态码不同", f"{view.status}（桌面浏览器为 {base.status}）")
            )
        if view.title != base.title:
            findings.append(
                Finding(
                    url,
                    name,
                    "标题不同",
                    f"“{view.title[:100]}”（桌面浏览器为“{base.title[:100]}”）",
                )
            )
        extra_text = [text for text in view.visible_text if text not in base_text]
        if extra_text:
            findings.append(
                Finding(url, name, "仅对该访问者显示的文字", "；".join(extra_text)[:300])
            )
        extra_links = sorted(
            {urllib.parse.urljoin(url, link.href) for link in view.links} - base_links
        )
        if extra_links:
            findings.append(
                Finding(url, name, "仅对该访问者显示的链接", "，".join(extra_links)[:300])
            )
    return findings


def approved_content_findings(url: str, views: dict[str, PageView]) -> list[Finding]:
    """On a document page, the title shown must be the approved one (same database only)."""
    match = _DOC_PATH.match(urllib.parse.urlsplit(url).path)
    if not match:
        return []
    try:
        from disclosure.models import Document

        document = Document.objects.published().filter(pk=int(match.group(1))).first()
    except Exception:  # noqa: BLE001 — another database, or none: nothing to compare with
        return []
    if document is None:
        return []
    findings = []
    for name, view in views.items():
        if view.error or view.status != 200:
            continue
        shown = " ".join(view.visible_text)
        if " ".join(document.title.split()) not in shown:
            findings.append(
                Finding(
                    url,
                    name,
                    "与审核通过的内容不一致",
                    f"页面上没有审核通过的标题“{document.title[:100]}”",
                )
            )
    return findings


# --- Fetching -----------------------------------------------------------------------------------


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects on the watched host only; anything else is an error (reported)."""

    def __init__(self, host: str) -> None:
        self.host = host

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, newurl))
        if (target.hostname or "").lower() != self.host:
            raise urllib.error.HTTPError(
                req.full_url, code, f"跳转到其他站点 {target.hostname}", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


Fetcher = Callable[[str, str], tuple[int, str]]


def urllib_fetcher(host: str, timeout: float) -> Fetcher:
    opener = urllib.request.build_opener(_SameHostRedirects(host.lower()))

    def fetch(url: str, user_agent: str) -> tuple[int, str]:
        if (urllib.parse.urlsplit(url).hostname or "").lower() != host.lower():
            raise ValueError(f"拒绝访问其他站点：{url}")
        request = urllib.request.Request(
            url, headers={"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml"}
        )
        try:
            with opener.open(request, timeout=timeout) as response:
                body = response.read(MAX_BODY_BYTES)
                charset = response.headers.get_content_charset() or "utf-8"
                return response.status, body.decode(charset, errors="replace")
        except urllib.error.HTTPError as error:
            if error.code >= 300 and error.code < 400:
                raise
            body = error.read(MAX_BODY_BYTES) if error.fp else b""
            return error.code, body.decode("utf-8", errors="replace")

    return fetch


def sitemap_paths(fetch: Fetcher, base_url: str, limit: int) -> list[str]:
    """Page paths listed in /sitemap.xml (an index of sitemaps is followed, same host only)."""
    host = urllib.parse.urlsplit(base_url).hostname
    queue, seen, pages = [urllib.parse.urljoin(base_url, "/sitemap.xml")], set(), []
    while queue and len(pages) < limit and len(seen) < 20:
        sitemap = queue.pop(0)
        if sitemap in seen:
            continue
        seen.add(sitemap)
        try:
            status, body = fetch(sitemap, USER_AGENTS["desktop"])
        except (OSError, ValueError, urllib.error.URLError):
            continue
        if status != 200:
            continue
        is_index = "<sitemapindex" in body
        for loc in re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", body):
            parts = urllib.parse.urlsplit(loc)
            if parts.hostname != host:
                continue
            if is_index:
                queue.append(loc)
            elif len(pages) < limit:
                pages.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


@dataclass
class WatchReport:
    pages: int
    requests: int
    findings: list[Finding]


def watch_site(
    base_url: str,
    *,
    paths: Iterable[str] = DEFAULT_PATHS,
    use_sitemap: bool = False,
    max_pages: int = 50,
    timeout: float = 10.0,
    fetch: Fetcher | None = None,
    terms: Iterable[str] | None = None,
) -> WatchReport:
    """Fetch every page as each visitor in `USER_AGENTS`, and report what is wrong."""
    parts = urllib.parse.urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("--base-url 应为 http:// 或 https:// 开头的站点地址")
    own_host = parts.hostname.lower()
    fetch = fetch or urllib_fetcher(own_host, timeout)
    if terms is None:
        from .selectors import active_forbidden_terms

        terms = active_forbidden_terms()
    terms = list(terms)
    wanted = list(dict.fromkeys(paths))
    if use_sitemap:
        wanted += [p for p in sitemap_paths(fetch, base_url, max_pages) if p not in wanted]
    wanted = wanted[:max_pages]
    findings: list[Finding] = []
    requests = 0
    for path in wanted:
        url = urllib.parse.urljoin(base_url, path)
        views: dict[str, PageView] = {}
        for variant, user_agent in USER_AGENTS.items():
            requests += 1
            try:
                status, body = fetch(url, user_agent)
                views[variant] = parse_page(body, status)
            except (OSError, ValueError, urllib.error.URLError) as error:
                views[variant] = PageView(status=0, error=str(getattr(error, "reason", error)))
        for variant, view in views.items():
            findings += analyse_page(url, variant, view, own_host=own_host, terms=terms)
        findings += compare_variants(url, views, own_host=own_host)
        findings += approved_content_findings(url, views)
    return WatchReport(pages=len(wanted), requests=requests, findings=findings)
