"""Public pages of 政府信息公开: the section index, columns, documents, attachments, catalogue.

Views only parse the request and pick a template; what the public may see is decided in
`selectors.py` (every list starts from published and due documents).
"""

import csv
import logging
import mimetypes
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from portal.conditional import public_conditional
from portal.fragments import cached_html

from . import selectors
from .filters import DocumentFilter, filtered_documents
from .models import Document
from .pagination import Replayed, keyset_page
from .uploads import TYPE_LABELS

logger = logging.getLogger(__name__)

SECTION = "xxgk"  # highlights 政府信息公开 in the main navigation
CATALOGUE_CSV_HEADER = [
    "索引号",
    "名称",
    "内容概述",
    "生成日期",
    "发布机构",
    "文号",
    "发布日期",
    "有效性",
    "链接",
]


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str | None = None  # None: the current page


def disclosure_trail(*nodes: selectors.ColumnNode, current: str | None = None) -> list[Crumb]:
    """首页 › 政府信息公开 › columns… [› current]; the last item is the current page."""
    trail = [
        Crumb("首页", reverse("portal:home")),
        Crumb("政府信息公开", reverse("disclosure:index")),
    ]
    trail += [Crumb(node.name, node.get_absolute_url()) for node in nodes]
    if current is not None:
        trail.append(Crumb(current))
    elif len(trail) > 1:
        trail[-1] = Crumb(trail[-1].label)
    return trail


FILTER_FORM_CACHE_SECONDS = 600


def filter_form_html(
    request: HttpRequest, params: dict[str, str], form: Callable[[], forms.Form]
) -> SafeString:
    """The rendered filter form (筛选) of a document list, cached per list path, filter values
    (`params`), content version and year (the 年份 choices end at the current year); `form`
    builds the bound form when it has to be rendered.

    Rendering its selects (年份, 发布机构, 主题分类 … about 80 options) through Django's widget
    templates took ~40 % of a column page's CPU, plus a query for the organisations; the
    form's HTML only depends on the values sent and on those choices.
    """
    return cached_html(
        "disclosure:filter-form",
        [request.path, urlencode(sorted(params.items()))],
        lambda: render_to_string(
            "disclosure/includes/_filter_form.html", {"form": form(), "action": request.path}
        ),
        FILTER_FORM_CACHE_SECONDS,
    )


#: The GET parameters that filter a document list (the others page through it).
FILTER_PARAMETERS = tuple(DocumentFilter.base_filters)


def _document_list(
    request: HttpRequest, build: Callable[[datetime | None], QuerySet], *, scope: str,
    selects: Hashable = (),
) -> dict:
    """Filter form, keyset page and cached total of a public document list; `build(at)` is the
    list as published at `at` (None: now), and `selects` whatever else it depends on (a
    column's sub-columns).

    Most visits choose no filter: the list is then the whole queryset, read through statements
    compiled once per list and page position (`portal.statements`), and the filter set (whose
    construction copies every filter and form field) is only built if its form must be rendered.
    """
    if any(request.GET.get(name) for name in FILTER_PARAMETERS):
        queryset = build(None)
        filterset = DocumentFilter(request.GET, queryset=queryset)
        documents = filtered_documents(filterset)
        params = filterset.params()
        valid = not filterset.has_errors
        listed = documents
    else:
        filterset, queryset = None, None
        params, valid = {}, True
        listed = Replayed(build, key=("disclosure:list", scope, selects), at=timezone.now())
        documents = lambda: build(None)  # noqa: E731 - counted only when not cached

    def form() -> forms.Form:
        return (filterset or DocumentFilter(request.GET, queryset=queryset or build(None))).form

    page = keyset_page(
        listed,
        per_page=settings.PORTAL_PAGE_SIZE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        number=request.GET.get("page"),
    )
    total = selectors.cached_count(documents, scope=scope, params=params) if valid else None
    return {
        "filter_form_html": filter_form_html(request, params, form),
        "filter_params": params,
        "page_obj": page,
        "total": total,
    }


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """政府信息公开: guide, rules, the column tree (法定主动公开内容), annual reports, catalogue."""
    tree = selectors.column_tree()
    return render(
        request,
        "disclosure/index.html",
        {
            "section": SECTION,
            "roots": tree.section_columns,
            "entries": selectors.disclosure_entries(tree),
            "trail": disclosure_trail(),
        },
    )


@require_safe
@public_conditional
def column_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A column (栏目): its sub-columns and the published documents of it and below it,
    or, for a single-page column, its newest document in full."""
    column = selectors.column_with_ancestors(slug)
    if column is None:
        raise Http404("栏目不存在")
    context = {"section": SECTION, "column": column, "trail": disclosure_trail(*column.trail)}
    if column.is_page:
        document = selectors.page_document(column)
        context.update(document_context(document) if document else {"document": None})
        return render(request, "disclosure/column_page.html", context)
    context.update(
        _document_list(
            request,
            lambda at: selectors.published_documents(column, at=at).only(*selectors.LIST_FIELDS),
            scope=f"column:{column.id}",
            selects=tuple(column.descendant_ids()),
        )
    )
    context["csv_url"] = reverse("disclosure:column_csv", kwargs={"slug": column.slug})
    context["feeds"] = [
        {
            "title": f"{column.name}（RSS）",
            "url": reverse("portal:feed_column", kwargs={"slug": column.slug}),
        }
    ]
    return render(request, "disclosure/column_detail.html", context)


def document_context(document: Document) -> dict:
    """What a document page shows besides the document itself."""
    return {
        "document": document,
        "replacement": selectors.public_replacement(document),
        "attachments": [
            {"attachment": a, "type_label": TYPE_LABELS.get(a.extension, a.extension.upper())}
            for a in document.attachments.all()
        ],
    }


@require_safe
@public_conditional
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published document with its catalogue block (索引号 …), body and attachments."""
    document = selectors.published_document(pk)
    if document is None:
        raise Http404("信息不存在或尚未公开")
    column = selectors.column_tree().by_id.get(document.column_id)
    return render(
        request,
        "disclosure/document_detail.html",
        {
            "section": SECTION,
            "column": column,
            "trail": disclosure_trail(*(column.trail if column else []), current=document.title),
            **document_context(document),
        },
    )


@require_safe
def attachment_download(request: HttpRequest, public_id) -> HttpResponse:
    """An attachment of a published document, always as a download, never shown inline."""
    attachment = selectors.published_attachment(public_id)
    if attachment is None:
        raise Http404("附件不存在")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        logger.error(
            "Attachment %s is missing its file %s", attachment.public_id, attachment.file.name
        )
        raise Http404("附件不存在") from None
    filename = attachment.name or "附件"
    suffix = f".{attachment.extension}"
    if attachment.extension and not filename.lower().endswith(suffix):
        filename += suffix
    content_type = mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@public_conditional
def catalogue(request: HttpRequest) -> HttpResponse:
    """政府信息公开目录: every published document with its catalogue data (《条例》第12条)."""
    context = _document_list(
        request,
        lambda at: selectors.published_documents(at=at).only(*selectors.CATALOGUE_FIELDS),
        scope="catalogue",
    )
    context["organisation_names"] = selectors.organisation_names()
    context.update(
        {
            "section": SECTION,
            "trail": disclosure_trail(current="政府信息公开目录"),
            "csv_url": reverse("disclosure:catalogue_csv"),
        }
    )
    return render(request, "disclosure/catalogue.html", context)


class _Echo:
    """A write-only file for csv.writer: returns each line instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _catalogue_rows(request: HttpRequest, documents):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM: Excel then reads the file as UTF-8
    yield writer.writerow(CATALOGUE_CSV_HEADER)
    tz = timezone.get_current_timezone()
    for document in documents.iterator(chunk_size=500):
        published = timezone.localtime(document.published_at, tz).date()
        yield writer.writerow(
            [
                document.index_number or "",
                document.title,
                document.summary,
                (document.written_on or published).isoformat(),
                document.organisation.name,
                document.document_number,
                published.isoformat(),
                document.get_validity_display(),
                request.build_absolute_uri(document.get_absolute_url()),
            ]
        )


def _catalogue_csv_response(request: HttpRequest, queryset, *, filename: str):
    """A filtered list of documents as catalogue rows; an invalid filter gives the header only."""
    filterset = DocumentFilter(request.GET, queryset=queryset.select_related("organisation"))
    response = StreamingHttpResponse(
        _catalogue_rows(request, filtered_documents(filterset)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


@require_safe
@public_conditional
def catalogue_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The (filtered) catalogue as a CSV download."""
    return _catalogue_csv_response(
        request, selectors.published_documents(), filename="政府信息公开目录.csv"
    )


@require_safe
@public_conditional
def column_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """A column's (filtered) list, with the columns below it, as catalogue rows (CSV)."""
    column = selectors.column_with_ancestors(slug)
    if column is None:
        raise Http404("栏目不存在")
    return _catalogue_csv_response(
        request, selectors.published_documents(column), filename=f"{column.name}.csv"
    )
