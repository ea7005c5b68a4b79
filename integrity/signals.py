from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import ForbiddenTerm
from .selectors import TERMS_CACHE_KEY


@receiver([post_save, post_delete], sender=ForbiddenTerm)
def forget_terms(**kwargs):
    cache.delete(TERMS_CACHE_KEY)
