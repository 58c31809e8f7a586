from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil

register = template.Library()


@register.filter
def in_words(duration):
    """Return a timedelta in words ("15 minutes", "1 hour, 30 minutes"); "" if not one."""
    if not isinstance(duration, timedelta) or duration.total_seconds() <= 0:
        return ""
    now = timezone.now()
    return timeuntil(now + duration, now)
