"""Writing audit rows (审计记录). Every audit row is written by `audit_record`; the helpers below
are what other apps call (one line each)."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from .context import current_request
from .models import AuditEvent, AuditKind

__all__ = [
    "AuditKind",
    "audit_record",
    "client_ip",
    "log_application_export",
    "log_personal_data_download",
    "log_personal_data_view",
]

# Attempts on staff accounts record the address even when nobody is logged in.
_STAFF_AUTH_KINDS = {AuditKind.LOGIN_FAILED, AuditKind.LOCKED_OUT}


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: `AUDIT_CLIENT_IP_HEADER` behind a trusted proxy, else REMOTE_ADDR."""
    if request is None:
        return None
    header = getattr(settings, "AUDIT_CLIENT_IP_HEADER", "")
    raw = (request.META.get(header, "") if header else "") or request.META.get("REMOTE_ADDR", "")
    candidate = raw.split(",")[0].strip()
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def _is_staff(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_staff)


def audit_record(
    *,
    kind: AuditKind,
    request: HttpRequest | None = None,
    actor=None,
    username: str | None = None,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit row. `actor` defaults to the request's user (the current request's when
    called from a signal receiver); the address is stored for staff actors only."""
    request = request if request is not None else current_request.get()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if getattr(user, "is_authenticated", False) else None
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    record_ip = _is_staff(actor) or kind in _STAFF_AUTH_KINDS
    event = AuditEvent(
        kind=kind,
        actor=actor,
        actor_username=(username if username is not None else getattr(actor, "username", ""))[:150],
        ip=client_ip(request) if record_ip else None,
        detail=detail or {},
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk or "")
        event.object_label = str(obj)[:255]
    event.save()
    return event


def log_personal_data_view(request: HttpRequest, application) -> AuditEvent:
    """查看申请人个人信息: a staff member opened an application's page (name, ID, contacts)."""
    return audit_record(
        kind=AuditKind.PERSONAL_DATA_VIEW,
        request=request,
        obj=application,
        detail={"path": request.path, "method": request.method},
    )


def log_personal_data_download(request: HttpRequest, application, file) -> AuditEvent:
    """下载申请材料: a staff member downloaded a file (proof, notice) of an application."""
    return audit_record(
        kind=AuditKind.PERSONAL_DATA_DOWNLOAD,
        request=request,
        obj=application,
        detail={"file": str(file)[:200], "path": request.path},
    )


def log_application_export(request: HttpRequest, *, fmt: str) -> AuditEvent:
    """导出申请列表: an export of the applications table (masked, with the filters used)."""
    return audit_record(
        kind=AuditKind.EXPORT,
        request=request,
        detail={"format": fmt, "filters": request.GET.dict()},
    )
