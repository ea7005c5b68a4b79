from django.apps import AppConfig


class InterpretationsConfig(AppConfig):
    name = "interpretations"
    verbose_name = "政策解读"

    def ready(self):
        from publishing.registry import register

        from . import signals  # noqa: F401
        from .models import Interpretation

        register(Interpretation)
