"""Template helpers of the public site: pagination links and document validity (有效性)."""

from functools import lru_cache
from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.defaultfilters import date as date_filter
from django.utils.functional import empty
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from disclosure.models import Document
from portal.htmltext import escape as _escape
from portal.urltools import reverse_fixed

register = template.Library()


_VALIDITY_VERBS = {
    Document.Validity.AMENDED: "修改",
    Document.Validity.EXPIRED: "失效",
    Document.Validity.REPEALED: "废止",
}


@register.simple_tag
def page_url(base: str, params: dict | None = None, **changes) -> str:
    """`base` with the filter `params` and the given changes (a None value drops the key), so
    that pagination links keep the filters: {% page_url path params after=cursor page=2 %}."""
    query = {key: value for key, value in (params or {}).items() if value not in (None, "")}
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return f"{base}?{urlencode(query)}" if query else base


@register.filter
def is_flagged(document: Document) -> bool:
    """True when the document is no longer simply 有效 (modified, expired or repealed)."""
    return document.validity in _VALIDITY_VERBS


@register.filter
def validity_notice(document: Document) -> str:
    """本文件已于2024年5月1日废止 — the marker the 发展指引 requires on a changed original."""
    verb = _VALIDITY_VERBS.get(document.validity)
    if verb is None:
        return ""
    if document.validity_changed_on:
        return f"本文件已于{date_filter(document.validity_changed_on, 'Y年n月j日')}{verb}"
    return f"本文件已{verb}"


def _validity_badge(document) -> str:
    """The badge of a document no longer in force (修改/失效/废止), escaped."""
    return (
        f'<span class="badge badge--{_escape(document.validity)}">'
        f"{_escape(str(document.get_validity_display()))}</span>"
    )


@register.simple_tag
def document_rows(documents) -> SafeString:
    """The rows (<li>) of a document list: title and link, the validity badge of a changed
    document, 文号 and date. Every value is escaped (`html.escape`, the same five characters as
    Django's `escape`) and each row is one f-string: an include loop cost about 50 µs a row and
    `format_html` (its lazy-string checks on every argument) still a fifth of a column page's CPU.
    """
    rows = []
    for document in documents:
        badge = number = ""
        if document.validity in _VALIDITY_VERBS:
            badge = f"{_validity_badge(document)}\n    "
        if document.document_number:
            number = (
                f'<span class="doc-list__number">{_escape(document.document_number)}'
                "</span>\n      "
            )
        day = document.published_on.isoformat() if document.published_on else ""
        rows.append(
            '<li class="doc-list__item">\n'
            f'    <a class="doc-list__title" href="{_escape(document.get_absolute_url())}">'
            f"{_escape(document.title)}</a>\n"
            f'    {badge}<span class="doc-list__meta">\n'
            f'      {number}<time datetime="{day}">{day}</time>\n'
            "    </span>\n"
            "  </li>"
        )
    # Safe: every value above was escaped; the markup is this function's own.
    return mark_safe("\n  ".join(rows))  # noqa: S308


@register.simple_tag
def catalogue_rows(documents, organisation_names: dict) -> SafeString:
    """The rows (<tr>) of the catalogue (政府信息公开目录): 索引号, 名称 with 文号 and the validity
    badge, 内容概述 (120 characters), 生成日期 (成文日期, else the day of publication) and
    发布机构 (by id from `organisation_names`)."""
    rows = []
    for document in documents:
        number = badge = ""
        if document.document_number:
            number = f'<br><span class="muted">{_escape(document.document_number)}</span>'
        if document.validity in _VALIDITY_VERBS:
            badge = f" {_validity_badge(document)}"
        summary = Truncator(document.summary).chars(120) if document.summary else "—"
        day = document.written_on or document.published_on
        organisation = organisation_names.get(document.organisation_id, "")
        rows.append(
            "<tr>\n"
            f'      <td class="nowrap">{_escape(document.index_number)}</td>\n'
            f'      <td><a href="{_escape(document.get_absolute_url())}">{_escape(document.title)}</a>'
            f"{number}{badge}</td>\n"
            f"      <td>{_escape(summary)}</td>\n"
            f'      <td class="nowrap">{day.isoformat() if day else ""}</td>\n'
            f"      <td>{_escape(organisation)}</td>\n"
            "    </tr>"
        )
    if not rows:
        empty = _escape(gettext("暂无符合条件的信息。"))
        rows.append(f'<tr><td colspan="5" class="empty">{empty}</td></tr>')
    # Safe: every value is escaped.
    return mark_safe("\n    ".join(rows))  # noqa: S308


def _truncated(text) -> str:
    """`truncatechars:200`."""
    return Truncator(text).chars(200)


@lru_cache(maxsize=256)
def _asset_url(path: str, static_url: str | None, storage: int) -> str:
    return staticfiles_storage.url(path)


@register.simple_tag
def asset(path: str) -> str:
    """`{% static path %}` resolved once per process (and static storage): the manifest lookup
    and URL quoting cost ~40 µs a call, on every page."""
    if staticfiles_storage._wrapped is empty:  # set up (again, after a settings change)
        staticfiles_storage._setup()
    return _asset_url(path, settings.STATIC_URL, id(staticfiles_storage._wrapped))


@register.simple_tag
def page_meta(request, site=None, description="", column=None, document=None, feeds=None):
    """The page meta tags of 《网页设计规范》 besides SiteName/SiteDomain/SiteIDCode (Url,
    Description, ColumnKeywords) and the feed links, for `base.html`. `column` is a
    `ColumnNode` (its `path` gives ColumnKeywords), `document` a Document, `feeds` a list of
    {title, url}. Built in Python: as an include it was an eighth of a column page's CPU."""
    # A variable missing from the context arrives as "" (string_if_invalid).
    site, column, document = (None if isinstance(v, str) else v for v in (site, column, document))
    if description:
        text = _truncated(description)
    elif getattr(document, "title", None):
        text = _truncated(getattr(document, "summary", "") or document.title)
    elif getattr(column, "name", None):
        text = _truncated(getattr(column, "description", "") or column.name)
    else:
        text = getattr(site, "site_name", "") or gettext("政务公开门户")
    lines = []
    if not isinstance(request, str):  # error pages may be rendered without the request
        lines.append(
            f'<meta name="Url" content="{_escape(request.scheme)}://{_escape(request.get_host())}'
            f'{_escape(request.path)}">'
        )
    lines.append(f'<meta name="Description" content="{_escape(str(text))}">')
    path = getattr(column, "path", None)
    if path:
        names = ",".join(_escape(str(node.name)) for node in path)
        lines.append(f'<meta name="ColumnKeywords" content="{names}">')
    lines.append(
        f'<link rel="alternate" type="application/rss+xml" title="{_escape(gettext("最新信息（RSS）"))}" '
        f'href="{_escape(reverse_fixed("portal:feed_latest"))}">'
    )
    lines.append(
        f'<link rel="alternate" type="application/atom+xml" title="{_escape(gettext("最新信息（Atom）"))}" '
        f'href="{_escape(reverse_fixed("portal:feed_latest_atom"))}">'
    )
    for feed in feeds or ():
        lines.append(
            f'<link rel="alternate" type="application/rss+xml" title="{_escape(str(feed["title"]))}" '
            f'href="{_escape(str(feed["url"]))}">'
        )
    # Safe: every value above was escaped.
    return mark_safe("\n".join(lines) + "\n")  # noqa: S308


@register.simple_tag
def column_meta(column) -> SafeString:
    """ColumnName, ColumnDescription and ColumnType of 《网页设计规范》 for a `ColumnNode`."""
    description = _truncated(getattr(column, "description", "") or column.name)
    # Safe: every value is escaped.
    return mark_safe(  # noqa: S308
        f'<meta name="ColumnName" content="{_escape(str(column.name))}">\n'
        f'<meta name="ColumnDescription" content="{_escape(str(description))}">\n'
        f'<meta name="ColumnType" content="{_escape(str(column.column_type))}">'
    )


def _crumb(crumb, name: str):
    return crumb.get(name) if isinstance(crumb, dict) else getattr(crumb, name, None)


@register.simple_tag
def breadcrumbs(trail) -> SafeString:
    """当前位置: the trail (items with label and url, as objects or dicts; the current page has
    no url)."""
    items = []
    for crumb in trail:
        label, url = _escape(str(_crumb(crumb, "label"))), _crumb(crumb, "url")
        if url:
            items.append(f'      <li><a href="{_escape(str(url))}">{label}</a></li>')
        else:
            items.append(f'      <li><span aria-current="page">{label}</span></li>')
    rows = "\n".join(items)
    # Safe: every value is escaped.
    return mark_safe(  # noqa: S308
        f'<nav class="breadcrumbs" aria-label="{_escape(gettext("当前位置"))}">\n'
        f'  <span class="breadcrumbs__lead">{_escape(gettext("当前位置："))}</span>\n'
        f"  <ol>\n{rows}\n  </ol>\n</nav>"
    )


@register.simple_tag
def care_switch(care_mode: bool, current_path: str) -> SafeString:
    """The 关怀版 switch of the site header, coming back to `current_path`."""
    viewname, label = ("portal:care_off", "退出关怀版") if care_mode else ("portal:care_on", "关怀版")
    href = f"{reverse_fixed(viewname)}?next={quote(str(current_path), safe='/')}"
    # Safe: every value is escaped.
    return mark_safe(  # noqa: S308
        f'<a class="site-tools__care" href="{_escape(href)}" rel="nofollow">'
        f"{_escape(gettext(label))}</a>"
    )


@register.simple_tag
def pagination(page, base_url: str, params: dict | None = None, total=None) -> SafeString:
    """Keyset pagination links (`disclosure.pagination.KeysetPage`): 首页, 上一页, the page
    number, 下一页 and 共 N 条 (when `total` is not None). Links keep the filter `params`."""
    if not (page.has_previous or page.has_next or total):
        return mark_safe("")  # noqa: S308
    links = []
    if page.has_previous:
        links.append(pagination_link(page_url(base_url, params), gettext("首页")))
        if page.previous_cursor:
            href = page_url(base_url, params, before=page.previous_cursor, page=page.previous_number)
            links.append(pagination_link(href, gettext("上一页"), "prev"))
    if page.number:
        links.append(pagination_current(gettext("第 %(number)s 页") % {"number": page.number}))
    if page.has_next:
        href = page_url(base_url, params, after=page.next_cursor, page=page.next_number)
        links.append(pagination_link(href, gettext("下一页"), "next"))
    total_text = gettext("共 %(total)s 条") % {"total": total} if total is not None else ""
    return pagination_nav(links, total_text)


def pagination_link(href: str, label: str, rel: str = "") -> str:
    """One link (<li>) of a pagination, escaped."""
    rel_attribute = f' rel="{rel}"' if rel else ""
    return f'<li><a href="{_escape(href)}"{rel_attribute}>{_escape(label)}</a></li>'


def pagination_current(label: str) -> str:
    return f'<li class="pagination__current" aria-current="page">{_escape(label)}</li>'


def pagination_nav(links: list[str], note: str = "") -> SafeString:
    """The pagination <nav> around `links` (from `pagination_link` / `pagination_current`),
    with a `note` below them (a total, a hint)."""
    items = "\n    ".join(links)
    footer = f'\n  <p class="pagination__total">{_escape(note)}</p>' if note else ""
    # Safe: the links are escaped by their builders, every other value here.
    return mark_safe(  # noqa: S308
        f'<nav class="pagination" aria-label="{_escape(gettext("分页"))}">\n'
        f"  <ul>\n    {items}\n  </ul>{footer}\n</nav>"
    )
