"""Template helpers of the search page (站内搜索)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from portal.htmltext import escape as _escape
from portal.templatetags.portal_tags import (
    page_url,
    pagination_current,
    pagination_link,
    pagination_nav,
)

register = template.Library()


@register.simple_tag
def search_hits(hits: Iterable) -> SafeString:
    """The rows (<li>) of a results list (`search.query.Hit`): highlighted title and link, type,
    column, date, 文号 and the highlighted snippet.

    `title_html` and `snippet_html` are already escaped, with only the `<mark>` tags added by
    `search.highlight`; every other value is escaped here. One f-string per row: the include
    loop this replaces was half of the page's template work.
    """
    rows = []
    for hit in hits:
        entry = hit.entry
        day = template_localtime(entry.published_at).date().isoformat()
        column = (
            f'<span class="search-result__column">{_escape(hit.column_name)}</span>\n      '
            if hit.column_name
            else ""
        )
        number = (
            f'\n      <span class="search-result__number">{_escape(entry.document_number)}</span>'
            if entry.document_number
            else ""
        )
        snippet = (
            f'\n    <p class="search-result__snippet">{hit.snippet_html}</p>'
            if hit.snippet_html
            else ""
        )
        rows.append(
            '<li class="search-result">\n'
            f'    <a class="search-result__title" href="{_escape(entry.url)}">{hit.title_html}</a>\n'
            '    <p class="search-result__meta">\n'
            f'      <span class="search-result__kind">{_escape(entry.kind)}</span>\n'
            f'      {column}<time datetime="{day}">{day}</time>{number}\n'
            f"    </p>{snippet}\n"
            "  </li>"
        )
    # Safe: the highlighted parts are escaped by search.highlight, the rest above.
    return mark_safe("\n  ".join(rows))  # noqa: S308


@register.simple_tag
def search_summary(results, newest: bool, params: dict, base_url: str) -> SafeString:
    """The result count ("1000+ 条结果" past the cap) and the sort links (相关度 | 最新发布)."""
    if results.more:
        count = gettext("%(count)s+ 条结果") % {"count": results.count}
    else:
        count = gettext("共%(count)s条结果") % {"count": results.count}

    def choice(label: str, sort: str, current: bool) -> str:
        if current:
            return f'<strong aria-current="true">{_escape(label)}</strong>'
        return f'<a href="{_escape(page_url(base_url, params, sort=sort))}">{_escape(label)}</a>'

    # Safe: every value is escaped.
    return mark_safe(  # noqa: S308
        '<div class="search-summary">\n'
        f'  <p class="search-summary__count">{_escape(count)}</p>\n'
        f'  <p class="search-summary__sort">{_escape(gettext("排序："))}\n'
        f'    {choice(gettext("相关度"), "relevance", not newest)}\n    |\n'
        f'    {choice(gettext("最新发布"), "newest", newest)}\n'
        "  </p>\n</div>"
    )


@register.simple_tag
def search_pagination(results, params: dict, base_url: str) -> SafeString:
    """Numbered pages of the results (capped at SEARCH_MAX_PAGES), keeping the query, filters
    and sort (`params`)."""
    if results.num_pages <= 1:
        return mark_safe("")  # noqa: S308
    links = []
    if results.has_previous:
        links.append(pagination_link(page_url(base_url, params), gettext("首页")))
        href = page_url(base_url, params, page=results.previous_number)
        links.append(pagination_link(href, gettext("上一页"), "prev"))
    links.append(pagination_current(gettext("第 %(number)s / %(total)s 页") % {
        "number": results.number, "total": results.num_pages,
    }))
    if results.has_next:
        href = page_url(base_url, params, page=results.next_number)
        links.append(pagination_link(href, gettext("下一页"), "next"))
    note = ""
    if results.more or results.truncated_pages:
        note = gettext("只显示前若干页结果，请增加关键词或筛选条件缩小范围。")
    return pagination_nav(links, note)
