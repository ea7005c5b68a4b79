from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _create_roles(sender, **kwargs):
    # Permissions are created app by app during post_migrate, which is only sent for apps
    # with a models module; wait for the last of those.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.label != with_models[-1].label:
        return
    from .roles import ensure_roles

    ensure_roles()


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "站点与机构"

    def ready(self):
        post_migrate.connect(_create_roles, dispatch_uid="portal-roles")
