"""Read-only open-data API (开放数据接口), mounted at /api/v1/.

Plain Django views answering JSON (UTF-8, not ASCII-escaped). Lists are keyset paginated
(`limit`, `cursor`, and a ready-made `next` URL) and can be downloaded whole as CSV with
`format=csv`. Only published and due content is served; refused parameters give 400 with a
Chinese `error`. Every answer carries ETag / Last-Modified (`portal.conditional`).
The contract is `api/openapi.py`, served at /api/v1/openapi.json.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from disclosure import selectors as disclosure_selectors
from disclosure.filters import DocumentFilter
from disclosure.pagination import keyset_page
from portal.conditional import public_conditional

from . import exports, openapi
from . import representations as rep
from .params import (
    ApiError,
    column_param,
    int_param,
    list_params,
    organisation_param,
    refuse_control_characters,
    year_param,
    year_range,
)

JSON_PARAMS = {"ensure_ascii": False}


def json_response(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params=JSON_PARAMS)


def api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only, conditional, and `ApiError` answered as JSON."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            refuse_control_characters(request.GET)
            return view(request, *args, **kwargs)
        except ApiError as error:
            return json_response({"error": error.message, **error.details}, status=error.status)

    return require_safe(public_conditional(wrapper))


def paginated(
    request: HttpRequest, queryset, *, limit: int, cursor: str | None, to_json: Callable
) -> dict:
    """One keyset page: `results`, and `next` / `next_cursor` (null on the last page)."""
    page = keyset_page(queryset, per_page=limit, after=cursor)
    next_url = None
    if page.has_next:
        query = request.GET.copy()
        query["cursor"] = page.next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {
        "results": [to_json(item) for item in page.items],
        "limit": limit,
        "next_cursor": page.next_cursor,
        "next": next_url,
    }


def not_found(message: str) -> ApiError:
    return ApiError(message, status=404)


# --- Documents (政府信息) ---------------------------------------------------------------------


def filtered_documents(request: HttpRequest):
    """Published documents filtered like the column pages; ApiError on an invalid filter."""
    query = request.GET
    node = column_param(query)
    org = organisation_param(query)
    year = year_param(query)
    queryset = disclosure_selectors.published_documents(node).select_related("organisation")
    if org is not None:
        queryset = queryset.filter(organisation=org)
    if year is not None:
        start, end = year_range(year)
        queryset = queryset.filter(published_at__gte=start, published_at__lt=end)
    data = {name: query.get(name, "") for name in ("topic", "genre", "validity", "q")}
    filterset = DocumentFilter(data, queryset=queryset)
    if not filterset.is_valid():
        errors = {name: [str(m) for m in messages] for name, messages in filterset.errors.items()}
        first = next(iter(errors.items()))
        raise ApiError(f"参数 {first[0]}：{first[1][0]}", details={"errors": errors})
    return filterset.qs


@api_view
def document_list(request: HttpRequest) -> HttpResponse:
    params = list_params(request.GET)
    documents = filtered_documents(request)
    if params.format == "csv":
        return exports.csv_response(
            (rep.document(request, d) for d in documents.iterator(chunk_size=500)),
            fields=exports.DOCUMENT_FIELDS,
            filename="documents.csv",
        )
    return json_response(
        paginated(
            request,
            documents,
            limit=params.limit,
            cursor=params.cursor,
            to_json=lambda d: rep.document(request, d),
        )
    )


@api_view
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = disclosure_selectors.published_document(pk)
    if document is None:
        raise not_found("信息不存在或尚未公开。")
    replacement = disclosure_selectors.public_replacement(document)
    return json_response(rep.document_detail(request, document, replacement=replacement))


# --- Columns (栏目) --------------------------------------------------------------------------


def _walk(nodes: Iterable[disclosure_selectors.ColumnNode]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


@api_view
def column_list(request: HttpRequest) -> HttpResponse:
    params = list_params(request.GET)
    roots = disclosure_selectors.column_tree().roots
    if params.format == "csv":
        return exports.csv_response(
            (rep.column(request, node) for node in _walk(roots)),
            fields=exports.COLUMN_FIELDS,
            filename="columns.csv",
        )
    return json_response({"results": [rep.column(request, node) for node in roots]})


# --- Interpretations (政策解读) ---------------------------------------------------------------


def _interpretations():
    from interpretations.selectors import published_interpretations

    return published_interpretations().newest_first()


def _interpretation_json(request: HttpRequest, item) -> dict:
    from interpretations.selectors import public_policy_document

    return rep.interpretation(request, item, policy_document=public_policy_document(item))


@api_view
def interpretation_list(request: HttpRequest) -> HttpResponse:
    params = list_params(request.GET)
    queryset = _interpretations()
    year = year_param(request.GET)
    if year is not None:
        start, end = year_range(year)
        queryset = queryset.filter(published_at__gte=start, published_at__lt=end)
    document_id = int_param(request.GET, "document", "政策文件 id ")
    if document_id is not None:
        queryset = queryset.filter(document_id=document_id)
    if params.format == "csv":
        return exports.csv_response(
            (_interpretation_json(request, i) for i in queryset.iterator(chunk_size=500)),
            fields=exports.INTERPRETATION_FIELDS,
            filename="interpretations.csv",
        )
    return json_response(
        paginated(
            request,
            queryset,
            limit=params.limit,
            cursor=params.cursor,
            to_json=lambda i: _interpretation_json(request, i),
        )
    )


@api_view
def interpretation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _interpretations().filter(pk=pk).first()
    if item is None:
        raise not_found("政策解读不存在或尚未公开。")
    return json_response(_interpretation_json(request, item) | {"body": item.body})


# --- Proposal replies (建议提案答复) ----------------------------------------------------------


def _replies():
    from proposals.selectors import public_replies

    return public_replies().newest_first()


def _reply_json(request: HttpRequest, reply, *, detail: bool = False) -> dict:
    """A reply as the public page shows it: the abstract or the full text, as consented."""
    proposal = reply.proposal
    data = rep.publishable(request, reply, api_name="api:proposal_reply") | {
        "proposal": {
            "kind": proposal.kind,
            "kind_label": proposal.get_kind_display(),
            "year": proposal.year,
            "number": proposal.number,
            "title": proposal.title,
            "lead_unit": proposal.lead_unit.name,
        },
        "publication": "full" if reply.shows_full_text else "abstract",
        "abstract": reply.abstract if reply.shows_abstract else "",
    }
    if detail:
        data["body"] = reply.body if reply.shows_full_text else ""
    return data


@api_view
def proposal_reply_list(request: HttpRequest) -> HttpResponse:
    params = list_params(request.GET)
    queryset = _replies()
    year = year_param(request.GET)
    if year is not None:
        queryset = queryset.filter(proposal__year=year)
    if params.format == "csv":
        return exports.csv_response(
            (_reply_json(request, r) for r in queryset.iterator(chunk_size=500)),
            fields=exports.PROPOSAL_REPLY_FIELDS,
            filename="proposal-replies.csv",
        )
    return json_response(
        paginated(
            request,
            queryset,
            limit=params.limit,
            cursor=params.cursor,
            to_json=lambda r: _reply_json(request, r),
        )
    )


@api_view
def proposal_reply_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reply = _replies().filter(pk=pk).first()
    if reply is None:
        raise not_found("建议提案答复不存在或尚未公开。")
    return json_response(_reply_json(request, reply, detail=True))


# --- Annual reports (年报) -------------------------------------------------------------------


@api_view
def annual_report_list(request: HttpRequest) -> HttpResponse:
    from annual_reports.selectors import published_reports

    reports = published_reports().order_by("-year", "organisation_id")
    return json_response({"results": [rep.annual_report(request, r) for r in reports]})


@api_view
def annual_report_detail(request: HttpRequest, year: int) -> HttpResponse:
    """The site's report of `year` (or, with `organisation`, that organisation's)."""
    from annual_reports.selectors import published_report, published_reports

    org = organisation_param(request.GET)
    if org is None:
        report = published_report(year)
    else:
        report = published_reports().filter(year=year, organisation=org).first()
    if report is None:
        raise not_found(f"{year}年度的政府信息公开工作年度报告尚未发布。")
    return json_response(rep.annual_report_detail(request, report))


# --- The contract ---------------------------------------------------------------------------


@api_view
def openapi_document(request: HttpRequest) -> HttpResponse:
    return json_response(openapi.document())
