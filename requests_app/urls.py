from django.urls import path

from . import views

app_name = "requests_app"

urlpatterns = [
    path("calculator/", views.deadline_calculator, name="deadline-calculator"),
]
