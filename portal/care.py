"""关怀版 (care mode): the elderly-friendly display of the whole public site.

A visitor switches it on and off with plain links (no JavaScript): ``/care/on/?next=<path>`` and
``/care/off/?next=<path>`` set or clear the cookie ``care_mode=1`` (one year, ``SameSite=Lax``,
path ``/``) and send the visitor back to ``next`` when it is a safe address on this site, else to
the home page. While the cookie is set, every page renders ``<html class="care-mode">`` and loads
``static/css/care.css`` (text at 150 %, high contrast, wider line spacing, larger click targets, an
extra-large cursor, no motion); nothing else in the page changes, so a full-page cache only has to
key on the cookie's value (see docs/accessibility.md).
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

CARE_COOKIE = "care_mode"
CARE_COOKIE_ON = "1"
CARE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def care_mode_enabled(request: HttpRequest) -> bool:
    """Is 关怀版 on for this visitor?"""
    return request.COOKIES.get(CARE_COOKIE) == CARE_COOKIE_ON


def care_mode(request: HttpRequest) -> dict:
    """Context processor: ``care_mode`` (bool) for ``base.html`` and the header's switch link."""
    return {"care_mode": care_mode_enabled(request)}


def _safe_next(request: HttpRequest) -> str:
    """The ``next`` parameter when it points to this site, else the home page."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("portal:home")


def _redirect_back(request: HttpRequest) -> HttpResponseRedirect:
    response = HttpResponseRedirect(_safe_next(request))
    # The target page itself varies by the cookie; this redirect must never be cached.
    response["Vary"] = "Cookie"
    return response


@require_safe
@never_cache
def care_on(request: HttpRequest) -> HttpResponseRedirect:
    """Switch 关怀版 on and go back to the page the visitor came from."""
    response = _redirect_back(request)
    response.set_cookie(
        CARE_COOKIE,
        CARE_COOKIE_ON,
        max_age=CARE_COOKIE_MAX_AGE,
        path="/",
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


@require_safe
@never_cache
def care_off(request: HttpRequest) -> HttpResponseRedirect:
    """Switch 关怀版 off and go back to the page the visitor came from."""
    response = _redirect_back(request)
    response.delete_cookie(CARE_COOKIE, path="/", samesite="Lax")
    return response
