"""Staff page of the self-check (网站自查), mounted at /staff/site-check/."""

from django.urls import path

from . import views

app_name = "site_stats_staff"

urlpatterns = [
    path("", views.site_check, name="site_check"),
]
