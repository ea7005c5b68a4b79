"""Open-data API (开放数据接口) at /api/v1/ (the deadline calculator API, /api/v1/deadline,
lives in `requests_app.api_urls` and is described in the same OpenAPI document)."""

from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("openapi.json", views.openapi_document, name="openapi"),
    path("documents", views.document_list, name="documents"),
    path("documents/<int:pk>", views.document_detail, name="document"),
    path("columns", views.column_list, name="columns"),
    path("interpretations", views.interpretation_list, name="interpretations"),
    path("interpretations/<int:pk>", views.interpretation_detail, name="interpretation"),
    path("proposal-replies", views.proposal_reply_list, name="proposal_replies"),
    path("proposal-replies/<int:pk>", views.proposal_reply_detail, name="proposal_reply"),
    path("annual-reports", views.annual_report_list, name="annual_reports"),
    path("annual-reports/<int:year>", views.annual_report_detail, name="annual_report"),
]
