"""Public pages of the cultural calendar (文化日历): 未来一周, month, archive, event, iCalendar.

Views parse the request and pick a template; what the public may see is decided in
`selectors.py` (published and due events only).
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from disclosure.pagination import keyset_page
from portal.models import SiteProfile

from . import ical, selectors
from .forms import ArchiveFilterForm, EventFilterForm

SECTION = "whrl"
CALENDAR_NAME = "辽宁文化日历"
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _trail(*crumbs: tuple[str, str | None]) -> list[dict]:
    """首页 › 文化日历 › …; the last crumb is the current page (no link)."""
    trail = [
        {"label": "首页", "url": reverse("portal:home")},
        {"label": "文化日历", "url": reverse("events:week")},
        *({"label": label, "url": url} for label, url in crumbs),
    ]
    trail[-1] = {"label": trail[-1]["label"], "url": None}
    return trail


def _this_month_url() -> str:
    today = timezone.localdate()
    return reverse("events:month", kwargs={"year": today.year, "month": today.month})


def _calendar_name() -> str:
    site = SiteProfile.current()
    return f"{site.host.short_name or site.host.name}·{CALENDAR_NAME}" if site else CALENDAR_NAME


@require_safe
def week(request: HttpRequest) -> HttpResponse:
    """未来一周: today and the next six days, by day and then by city."""
    form = EventFilterForm(request.GET or None)
    filters = form.filters()
    today = timezone.localdate()
    return render(
        request,
        "events/event_week.html",
        {
            "section": SECTION,
            "trail": _trail(("未来一周", None)),
            "filter_form": form,
            "filter_params": form.params(),
            "days": selectors.week_schedule(today=today, **filters),
            "today": today,
            "month_url": _this_month_url(),
        },
    )


@require_safe
def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """A month as a calendar grid (and as a list on small screens)."""
    if not selectors.is_valid_month(year, month):
        raise Http404("没有这个月份的文化日历")
    form = EventFilterForm(request.GET or None)
    month_view = selectors.month_calendar(year, month, **form.filters())
    return render(
        request,
        "events/event_month.html",
        {
            "section": SECTION,
            "trail": _trail((f"{year}年{month}月", None)),
            "filter_form": form,
            "filter_params": form.params(),
            "calendar": month_view,
            "today": timezone.localdate(),
        },
    )


@require_safe
def archive(request: HttpRequest) -> HttpResponse:
    """往期活动: events that have ended, newest first, with category, city and year filters."""
    form = ArchiveFilterForm(request.GET or None, years=selectors.archive_years())
    page = keyset_page(
        selectors.archive_events(**form.filters()),
        per_page=settings.PORTAL_PAGE_SIZE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        number=request.GET.get("page"),
        field="starts_at",
    )
    return render(
        request,
        "events/event_archive.html",
        {
            "section": SECTION,
            "trail": _trail(("往期活动", None)),
            "filter_form": form,
            "filter_params": form.params(),
            "page_obj": page,
            "month_url": _this_month_url(),
        },
    )


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.published_event(pk)
    if event is None:
        raise Http404("活动不存在或尚未公开")
    return render(
        request,
        "events/event_detail.html",
        {"section": SECTION, "trail": _trail((event.title, None)), "event": event},
    )


def _ics_response(request: HttpRequest, events, *, filename: str) -> HttpResponse:
    site = SiteProfile.current()
    context = ical.FeedContext(
        calendar_name=_calendar_name(),
        domain=(site.site_domain if site and site.site_domain else request.get_host()),
        absolute_url=request.build_absolute_uri,
    )
    response = HttpResponse(ical.render_calendar(events, context), content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """日历订阅: upcoming and recent published events; ?category= and ?city= narrow it."""
    filters = EventFilterForm(request.GET or None).filters()
    return _ics_response(request, selectors.feed_events(**filters), filename="whrl.ics")


@require_safe
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """加入日历: one published event as an .ics file."""
    event = selectors.published_event(pk)
    if event is None:
        raise Http404("活动不存在或尚未公开")
    return _ics_response(request, [event], filename=f"event-{event.pk}.ics")
