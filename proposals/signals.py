"""Cache invalidation only: a change to a reply or its proposal bumps the content version."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from portal.versioning import bump_content_version

from .models import Proposal, ProposalReply


@receiver([post_save, post_delete], sender=Proposal)
@receiver([post_save, post_delete], sender=ProposalReply)
def content_changed(**kwargs):
    if kwargs.get("raw"):
        return
    bump_content_version()
