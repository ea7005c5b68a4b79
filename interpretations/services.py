"""Writes of 政策解读, one function per state change; the workflow is `publishing.services`.

Views, the admin, the demo and tests all call these.
"""

from django.db import transaction

from disclosure.models import Document
from publishing import services as publishing

from .models import Interpretation, InterpretationRequirement


def interpretation_save(*, interpretation: Interpretation, actor) -> Interpretation:
    """Create or update an interpretation (sanitised, checked for forbidden terms)."""
    return publishing.publishable_save(obj=interpretation, actor=actor)


def interpretation_submit(*, interpretation: Interpretation, actor) -> Interpretation:
    return publishing.publishable_submit(obj=interpretation, actor=actor)


def interpretation_publish(*, interpretation: Interpretation, actor, **options) -> Interpretation:
    """审核发布 (options as `publishing.services.publishable_publish`)."""
    return publishing.publishable_publish(obj=interpretation, actor=actor, **options)


def interpretation_withdraw(
    *, interpretation: Interpretation, actor, reason: str
) -> Interpretation:
    return publishing.publishable_withdraw(obj=interpretation, actor=actor, reason=reason)


@transaction.atomic
def interpretation_requirement_mark(
    *, document: Document, actor, note: str = ""
) -> InterpretationRequirement:
    """Mark a policy document as needing an interpretation (idempotent; updates the note)."""
    requirement, _ = InterpretationRequirement.objects.get_or_create(document=document)
    if note and requirement.note != note:
        requirement.note = note
    requirement._change_reason = "标记为须解读"
    requirement._history_user = actor
    requirement.full_clean()
    requirement.save()
    return requirement
