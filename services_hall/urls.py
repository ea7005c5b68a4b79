from django.urls import path

from . import views

app_name = "services_hall"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("form/<uuid:public_id>/", views.form_download, name="form_download"),
]
