"""Who may see what of an application (access rules in one place).

Applicants' personal data (证件号码、电话、地址、证明材料) is visible only to staff with the
`requests_app.handle_application` permission (依申请公开办理员), masked in lists, and never on a
public page, feed, search result or log line. The public sees an application only through its
tracking number *and* its secret query code.
"""

from __future__ import annotations

from .models import Application

HANDLE_PERMISSION = "requests_app.handle_application"
APPROVE_EXTENSION_PERMISSION = "requests_app.approve_extension"


def can_handle(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm(HANDLE_PERMISSION))


def can_approve_extension(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm(APPROVE_EXTENSION_PERMISSION))


def applications_visible_to(user):
    """Applications a staff user may open (all of their organisation tree for handlers)."""
    if not can_handle(user):
        return Application.objects.none()
    return Application.objects.all()


def mask(value: str, *, keep_start: int = 4, keep_end: int = 4) -> str:
    """2101**********1234 — enough to tell records apart, not enough to use."""
    value = value or ""
    if len(value) <= keep_start + keep_end:
        return value[:1] + "*" * max(len(value) - 1, 0)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def mask_phone(value: str) -> str:
    return mask(value, keep_start=3, keep_end=4)


def mask_name(value: str) -> str:
    """张** for people; organisations' names are not personal data but are masked alike in lists."""
    value = value or ""
    return value[:1] + "*" * max(len(value) - 1, 0)


def application_for_applicant(tracking_number: str, query_code: str) -> Application | None:
    """The application matching both the number and the secret code, else None.

    Always computes one digest so that a wrong number and a wrong code take the same time
    (no oracle for which tracking numbers exist).
    """
    application = (
        Application.objects.filter(tracking_number=(tracking_number or "").strip().upper())
        .select_related("organisation")
        .first()
    )
    if application is None:
        Application._query_code_digest("0" * 16, query_code or "x")  # equalise timing
        return None
    return application if application.check_query_code((query_code or "").strip()) else None
