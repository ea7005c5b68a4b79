"""Public pages of 政策解读: the list (by form and year) and an interpretation with its policy.

Views only parse the request and pick a template; visibility is decided in `selectors.py`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from disclosure.pagination import keyset_page

from . import selectors
from .filters import InterpretationFilter, filtered

SECTION = "zcjd"  # highlights 政策解读 in the main navigation


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str | None = None


def trail(current: str | None = None) -> list[Crumb]:
    crumbs = [Crumb("首页", reverse("portal:home"))]
    if current is None:
        return [*crumbs, Crumb("政策解读")]
    return [*crumbs, Crumb("政策解读", reverse("interpretations:list")), Crumb(current)]


@require_safe
def interpretation_list(request: HttpRequest) -> HttpResponse:
    """政策解读: published interpretations, newest first, filterable by form and year."""
    filterset = InterpretationFilter(request.GET, queryset=selectors.published_interpretations())
    page = keyset_page(
        filtered(filterset),
        per_page=settings.PORTAL_PAGE_SIZE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        number=request.GET.get("page"),
    )
    return render(
        request,
        "interpretations/interpretation_list.html",
        {
            "section": SECTION,
            "trail": trail(),
            "filter_form": filterset.form,
            "filter_params": filterset.params(),
            "page_obj": page,
        },
    )


@require_safe
def interpretation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An interpretation and the policy it explains."""
    interpretation = selectors.published_interpretation(pk)
    if interpretation is None:
        raise Http404("政策解读不存在或尚未公开")
    return render(
        request,
        "interpretations/interpretation_detail.html",
        {
            "section": SECTION,
            "trail": trail(interpretation.title),
            "interpretation": interpretation,
            "policy_document": selectors.public_policy_document(interpretation),
        },
    )
