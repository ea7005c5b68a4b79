"""Public pages of 网上办事: the catalogue by theme (with search), the service guide page
(办事指南) and form downloads. What the public may see is decided in `selectors.py`."""

import logging
import mimetypes

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from disclosure.uploads import TYPE_LABELS

from . import selectors
from .forms import ServiceSearchForm

logger = logging.getLogger(__name__)

SECTION = "wsbs"


def _trail(current: str | None = None) -> list[dict]:
    trail = [
        {"label": "首页", "url": reverse("portal:home")},
        {"label": "网上办事", "url": reverse("services_hall:index")},
    ]
    if current:
        trail.append({"label": current, "url": None})
    else:
        trail[-1]["url"] = None
    return trail


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """事项目录 by theme; ?q= searches 事项名称、设定依据、申请条件."""
    form = ServiceSearchForm(request.GET or None)
    query = form.query()
    groups = selectors.catalogue(query=query)
    return render(
        request,
        "services_hall/serviceitem_list.html",
        {
            "section": SECTION,
            "trail": _trail(),
            "search_form": form,
            "query": query,
            "groups": groups,
            "total": sum(len(group.items) for group in groups),
        },
    )


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """办事指南: every key element (an empty one reads 无), materials, steps and forms."""
    item = selectors.published_item(pk)
    if item is None:
        raise Http404("办事事项不存在或尚未公开")
    forms = [
        {"form": form, "type_label": TYPE_LABELS.get(form.extension, form.extension.upper())}
        for form in item.forms.all()
    ]
    return render(
        request,
        "services_hall/serviceitem_detail.html",
        {"section": SECTION, "trail": _trail(item.name), "item": item, "forms": forms},
    )


@require_safe
def form_download(request: HttpRequest, public_id) -> HttpResponse:
    """A form of a published item, always as a download."""
    form = selectors.published_form(public_id)
    if form is None:
        raise Http404("表格不存在")
    try:
        handle = form.file.open("rb")
    except FileNotFoundError:
        logger.error("Service form %s is missing its file %s", form.public_id, form.file.name)
        raise Http404("表格不存在") from None
    filename = form.name or "申请表格"
    suffix = f".{form.extension}"
    if form.extension and not filename.lower().endswith(suffix):
        filename += suffix
    content_type = mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
