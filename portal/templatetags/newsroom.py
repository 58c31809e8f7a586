from django import template

from portal import times
from portal.publishing.history import diff_html

register = template.Library()


@register.filter
def newsroom_time(value):
    """'2 Dec 2026, 08:00 CET': a time as the newsroom reads it (portal.times)."""
    return times.newsroom_time(value)


@register.simple_tag
def diff(old, new):
    """What changed between two texts, word by word (<del>, <ins>)."""
    return diff_html(old, new)
