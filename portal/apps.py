from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _create_roles(sender, **kwargs):
    # Permissions are created app by app during post_migrate; wait for the last app.
    if sender.label != list(apps.get_app_configs())[-1].label:
        return
    from .roles import ensure_roles

    ensure_roles()


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "站点与机构"

    def ready(self):
        post_migrate.connect(_create_roles, dispatch_uid="portal-roles")
