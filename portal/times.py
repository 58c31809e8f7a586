"""Times as the newsroom reads them: in its time zone (DJANGO_TIME_ZONE), zone named."""

from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as format_date


def newsroom_time(value):
    """'2 Dec 2026, 08:00 CET' for an aware datetime (empty for None)."""
    if value is None:
        return ""
    return format_date(timezone.localtime(value), "j M Y, H:i T")


def zone_note():
    """The sentence that names the newsroom's zone beside a time field."""
    now = timezone.localtime()
    return f"Times are in {settings.TIME_ZONE} ({now.tzname()})."
