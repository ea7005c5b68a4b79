from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "interaction"
    verbose_name = "互动交流"

    def ready(self):
        from publishing.registry import register

        from .models import Consultation, ConsultationFeedback, PublishedAnswer

        register(Consultation)
        register(ConsultationFeedback)
        register(PublishedAnswer)
