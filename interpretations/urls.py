from django.urls import path

from . import views

app_name = "interpretations"

urlpatterns = [
    path("", views.interpretation_list, name="list"),
    path("<int:pk>/", views.interpretation_detail, name="detail"),
]
