from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.week, name="week"),
    path("<int:year>/<int:month>/", views.month, name="month"),
    path("archive/", views.archive, name="archive"),
    path("event/<int:pk>/", views.detail, name="detail"),
    path("event/<int:pk>.ics", views.event_ics, name="event_ics"),
    path("calendar.ics", views.calendar_feed, name="feed"),
]
