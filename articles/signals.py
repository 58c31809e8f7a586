"""Keep cached navigation in step with the sections editors change."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Section

NAV_SECTIONS_CACHE_KEY = "articles:nav-sections"


@receiver([post_save, post_delete], sender=Section)
def forget_nav_sections(**kwargs):
    cache.delete(NAV_SECTIONS_CACHE_KEY)
