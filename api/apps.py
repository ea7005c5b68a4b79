from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "开放数据接口"

    def ready(self):
        # Last in INSTALLED_APPS: every publishable model is registered by now.
        from portal.conditional import connect_publishable_signals

        connect_publishable_signals()
