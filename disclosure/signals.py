"""Cache invalidation only: any change to columns or documents bumps the content version."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.versioning import bump_content_version

from .models import Attachment, Column, Document


@receiver([post_save, post_delete], sender=Column)
@receiver([post_save, post_delete], sender=Document)
@receiver([post_save, post_delete], sender=Attachment)
def content_changed(**kwargs):
    if kwargs.get("raw"):
        return
    bump_content_version()
