"""Events on pages: their times written out with their zones, and where they happen."""

from django import template

from articles.events import calendar

register = template.Library()


@register.simple_tag
def event_times(event):
    """[(when, zone)]: in the event's zone, then the reader's (the edition's) if other."""
    return calendar.written_times(event)


@register.simple_tag
def event_where(event):
    return calendar.where(event)
