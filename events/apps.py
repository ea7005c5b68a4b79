from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "文化日历"

    def ready(self):
        from publishing.registry import register

        from .models import Event

        register(Event)
