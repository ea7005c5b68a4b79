"""Reads of integrity data."""

from django.core.cache import cache

from .models import ForbiddenTerm

TERMS_CACHE_KEY = "integrity:forbidden-terms"


def active_forbidden_terms() -> list[str]:
    """The active forbidden terms, cached until the list changes (see signals)."""
    terms = cache.get(TERMS_CACHE_KEY)
    if terms is None:
        terms = list(ForbiddenTerm.objects.filter(is_active=True).values_list("term", flat=True))
        cache.set(TERMS_CACHE_KEY, terms, 3600)
    return terms
