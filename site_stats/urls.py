"""Public statistics (统计), mounted at /tongji/."""

from django.urls import path

from . import views

app_name = "site_stats"

urlpatterns = [
    path("", views.statistics_current, name="current"),
    path("<int:year>/", views.statistics_year, name="year"),
]
