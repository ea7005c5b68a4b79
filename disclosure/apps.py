from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "主动公开"

    def ready(self):
        from publishing.registry import register

        from . import signals  # noqa: F401
        from .models import Document

        register(Document)
