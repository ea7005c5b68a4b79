"""Public annual reports, mounted at /nianbao/."""

from django.urls import path

from . import views

app_name = "annual_reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:year>/", views.report_detail, name="detail"),
    path("<int:year>/tables.xlsx", views.report_xlsx, name="xlsx"),
    path("<int:year>/report.html", views.report_html, name="html"),
]
