"""Public URLs of 互动交流, mounted at /hdjl/."""

from django.urls import path

from . import views

app_name = "interaction"

urlpatterns = [
    path("", views.index, name="index"),
    path("yjzj/", views.consultation_list, name="consultation-list"),
    path("yjzj/<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path(
        "yjzj/files/<uuid:public_id>/",
        views.consultation_attachment,
        name="consultation-attachment",
    ),
    path("zx/", views.answer_list, name="answer-list"),
    path("zx/<int:pk>/", views.answer_detail, name="answer-detail"),
    path("zx/ask/", views.ask, name="ask"),
    path("zx/receipt/", views.receipt, name="receipt"),
    path("zx/lookup/", views.lookup, name="lookup"),
    path("zx/lookup/status/", views.status, name="status"),
    path("zx/stats/", views.statistics, name="statistics"),
]
