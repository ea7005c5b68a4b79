"""Staff pages of 依申请公开 outside the model admin (dashboard, exports), at /staff/ysqgk/."""

from django.urls import path

from . import staff_views

app_name = "requests_staff"

urlpatterns = [
    path("", staff_views.dashboard_view, name="dashboard"),
    path("export.csv", staff_views.export_csv, name="export-csv"),
    path("export.xlsx", staff_views.export_xlsx, name="export-xlsx"),
]
