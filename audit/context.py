from contextvars import ContextVar

from django.http import HttpRequest

#: The request being handled by this thread/task, set by `AuditContextMiddleware`.
current_request: ContextVar[HttpRequest | None] = ContextVar("audit_current_request", default=None)
