from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "integrity"
    verbose_name = "内容安全"

    def ready(self):
        from . import signals  # noqa: F401
