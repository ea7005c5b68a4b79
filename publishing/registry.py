"""Registry of publishable models (可发布内容登记): apps register their models in
`AppConfig.ready()`; the integrity scan and other cross-app tools read `publishable_models()`."""

from django.core.exceptions import ImproperlyConfigured

from .models import Publishable

_registry: list[type[Publishable]] = []


def register(model: type[Publishable]) -> type[Publishable]:
    """Register a concrete `Publishable` model (idempotent); returns it, so it can decorate."""
    if not (isinstance(model, type) and issubclass(model, Publishable)) or model._meta.abstract:
        raise ImproperlyConfigured(f"{model!r} is not a concrete Publishable model.")
    if not model.CONTENT_FIELDS:
        raise ImproperlyConfigured(f"{model.__name__}.CONTENT_FIELDS is empty.")
    if not set(model.HTML_FIELDS) <= set(model.CONTENT_FIELDS):
        raise ImproperlyConfigured(f"{model.__name__}.HTML_FIELDS must be among CONTENT_FIELDS.")
    if "." not in model.PUBLISH_PERMISSION:
        raise ImproperlyConfigured(
            f"{model.__name__}.PUBLISH_PERMISSION must be 'app_label.codename'."
        )
    if model not in _registry:
        _registry.append(model)
    return model


def publishable_models() -> list[type[Publishable]]:
    """Registered models, in registration order (app order in INSTALLED_APPS)."""
    return list(_registry)
