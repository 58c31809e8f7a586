from django import template

from portal import times

register = template.Library()


@register.filter
def newsroom_time(value):
    """'2 Dec 2026, 08:00 CET': a time as the newsroom reads it (portal.times)."""
    return times.newsroom_time(value)
