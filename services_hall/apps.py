from django.apps import AppConfig


class ServicesHallConfig(AppConfig):
    name = "services_hall"
    verbose_name = "网上办事"

    def ready(self):
        from publishing.registry import register

        from .models import ServiceItem

        register(ServiceItem)
