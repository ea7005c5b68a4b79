"""The app's JSON API, included by the project at ``api/v1/``."""

from django.urls import path

from . import views

app_name = "requests_api"

urlpatterns = [
    path("deadline", views.deadline_api, name="deadline"),
]
