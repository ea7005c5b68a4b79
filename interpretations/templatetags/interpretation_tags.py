"""Template tags of 政策解读 used by other apps' pages (the policy document page)."""

from django import template

from disclosure.models import Document

from .. import selectors

register = template.Library()


@register.simple_tag
def published_interpretations_of(document: Document) -> list:
    """{% published_interpretations_of document as items %}: its published interpretations."""
    if document is None or document.pk is None:
        return []
    return selectors.interpretations_of(document)
