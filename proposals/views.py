"""Public pages of 建议提案办理: the replies (by year, type, result and lead unit) with the
yearly summary, and a reply with its metadata. Never the proposers' contact details.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from disclosure.pagination import keyset_page

from . import selectors
from .filters import ReplyFilter, filtered

SECTION = "jyta"  # highlights 建议提案 in the main navigation


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str | None = None


def trail(current: str | None = None) -> list[Crumb]:
    crumbs = [Crumb("首页", reverse("portal:home"))]
    if current is None:
        return [*crumbs, Crumb("建议提案办理")]
    return [*crumbs, Crumb("建议提案办理", reverse("proposals:list")), Crumb(current)]


@require_safe
def reply_list(request: HttpRequest) -> HttpResponse:
    """建议提案办理: published replies newest first, with the yearly summary."""
    filterset = ReplyFilter(request.GET, queryset=selectors.public_replies())
    page = keyset_page(
        filtered(filterset),
        per_page=settings.PORTAL_PAGE_SIZE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        number=request.GET.get("page"),
    )
    summaries = [] if filterset.has_errors else selectors.year_summaries(filterset.selected_year())
    return render(
        request,
        "proposals/reply_list.html",
        {
            "section": SECTION,
            "trail": trail(),
            "filter_form": filterset.form,
            "filter_params": filterset.params(),
            "page_obj": page,
            "summaries": summaries,
        },
    )


@require_safe
def reply_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published reply: full text, or the abstract when the proposer agreed to that only."""
    reply = selectors.public_reply(pk)
    if reply is None:
        raise Http404("答复不存在或尚未公开")
    return render(
        request,
        "proposals/reply_detail.html",
        {
            "section": SECTION,
            "trail": trail(reply.title),
            "reply": reply,
            "proposal": reply.proposal,
            "co_handlers": selectors.co_handlers_of(reply),
        },
    )
