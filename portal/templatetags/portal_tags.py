"""Template helpers of the public site: pagination links and document validity (有效性)."""

from urllib.parse import urlencode

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from disclosure.models import Document

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


_DOCUMENT_ROW = (
    '<li class="doc-list__item">\n'
    '    <a class="doc-list__title" href="{}">{}</a>\n'
    "    {}"
    '<span class="doc-list__meta">\n'
    "      {}"
    '<time datetime="{}">{}</time>\n'
    "    </span>\n"
    "  </li>"
)


@register.simple_tag
def document_rows(documents) -> SafeString:
    """The rows (<li>) of a document list: title and link, the validity badge of a changed
    document, 文号 and date. Built with `format_html` (every value escaped) rather than an
    include loop, which cost about 50 µs a row — a fifth of a column page's CPU."""

    def badge(document: Document) -> SafeString | str:
        if not is_flagged(document):
            return ""
        return format_html(
            '<span class="badge badge--{}">{}</span>\n    ',
            document.validity,
            document.get_validity_display(),
        )

    def number(document: Document) -> SafeString | str:
        if not document.document_number:
            return ""
        return format_html(
            '<span class="doc-list__number">{}</span>\n      ', document.document_number
        )

    return format_html_join(
        "\n  ",
        _DOCUMENT_ROW,
        (
            (
                document.get_absolute_url(),
                document.title,
                badge(document),
                number(document),
                day := (document.published_on.isoformat() if document.published_on else ""),
                day,
            )
            for document in documents
        ),
    )
