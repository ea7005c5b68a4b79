from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """发布流程: the shared publishing workflow; abstract models only, so no migrations."""

    name = "publishing"
    verbose_name = "发布流程"
