from django.urls import path

from . import views

app_name = "disclosure"

urlpatterns = [
    path("", views.index, name="index"),
    path("column/<slug:slug>/", views.column_detail, name="column"),
    path("doc/<int:pk>/", views.document_detail, name="document"),
    path("attachment/<uuid:public_id>/", views.attachment_download, name="attachment"),
    path("column/<slug:slug>/export.csv", views.column_csv, name="column_csv"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue.csv", views.catalogue_csv, name="catalogue_csv"),
]
