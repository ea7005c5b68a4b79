"""Cache invalidation only: a change to an interpretation bumps the content version (home page
blocks and document pages are cached under it)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.versioning import bump_content_version

from .models import Interpretation


@receiver([post_save, post_delete], sender=Interpretation)
def content_changed(**kwargs):
    if kwargs.get("raw"):
        return
    bump_content_version()
