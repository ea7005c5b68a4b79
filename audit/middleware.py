"""Keeps the current request in a context variable, so that audit rows written by signal
receivers (permission changes, publications) know the actor and the staff member's address."""

from .context import current_request


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
