"""The portal's URLs plus the bench-only naive baseline (only with PORTAL_BENCH_VIEWS)."""

from django.conf import settings
from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns

from . import views

urlpatterns = list(portal_urlpatterns)
if getattr(settings, "PORTAL_BENCH_VIEWS", False):
    urlpatterns.append(
        path("bench/naive/column/<slug:slug>/", views.naive_column, name="bench_naive_column")
    )
