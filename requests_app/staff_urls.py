"""Staff pages of 依申请公开 outside the model admin (dashboard, exports), at /staff/ysqgk/."""

from django.urls import path

app_name = "requests_staff"

urlpatterns: list = []
