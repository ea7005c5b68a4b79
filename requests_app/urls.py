"""Public URLs of 依申请公开, mounted at /ysqgk/."""

from django.urls import path

from . import views

app_name = "requests_app"

urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("receipt/", views.receipt, name="receipt"),
    path("paper-form/", views.paper_form, name="paper-form"),
    path("lookup/", views.lookup, name="lookup"),
    path("lookup/status/", views.status, name="status"),
    path("lookup/files/<uuid:public_id>/", views.file_download, name="file-download"),
    path(
        "lookup/notices/<uuid:public_id>.<str:fmt>", views.notice_download, name="notice-download"
    ),
    path("calculator/", views.deadline_calculator, name="deadline-calculator"),
]
