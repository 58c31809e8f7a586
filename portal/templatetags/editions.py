from django import template
from django.template.defaultfilters import date

from portal import editions

register = template.Library()


@register.filter(expects_localtime=True)
def edition_date(value, kind="date"):
    """A date or time as the current edition writes it: "date" (3 Dec 2026 /
    2026年12月3日), "long" (3 December 2026) or "datetime" (with the time and zone)."""
    return date(value, editions.current().formats[kind])
