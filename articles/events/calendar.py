"""Events in calendars: iCalendar files (RFC 5545, written by the `icalendar` library)
and "add to Google / Outlook" links.

One event has one UID in every file and edition (its translation key), and its
`sequence` grows with each change of time, place or status: a calendar that imported an
earlier file replaces the entry instead of adding a second one.
"""

import zoneinfo
from datetime import UTC, timedelta
from urllib.parse import urlencode

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import get_language, gettext

from portal.seo import absolute_url

PRODUCT = f"-//{settings.SITE_NAME}//Events//EN"
STATUSES = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def uid(event):
    host = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"event-{event.translation_key}@{host}"


def where(event):
    """The LOCATION: the venue and address, or the platform of an online event."""
    if event.online:
        return gettext("Online (%(platform)s)") % {"platform": event.platform}
    return ", ".join(part for part in (event.venue, " ".join(event.address.split())) if part)


def calendar_file(events, *, name=None, join_url=None, cancel_url=None):
    """The bytes of an .ics file holding `events`; for one registrant's file, their
    personal joining link (as the entry's URL and in its text) and cancel link."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    events = list(events)
    for event in events:
        calendar.add_component(_entry(event, join_url, cancel_url))
    if events:  # the zones' rules from a year before the first event to a year after the last
        first, last = min(e.starts_at for e in events), max(e.ends_at for e in events)
        calendar.add_missing_timezones(first_date=(first - timedelta(days=366)).date(),
                                       last_date=(last + timedelta(days=366)).date())  # fmt: skip
    return calendar.to_ical()


def _entry(event, join_url, cancel_url):
    entry = icalendar.Event()
    entry.add("uid", uid(event))
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at.astimezone(event.zone))
    entry.add("dtend", event.ends_at.astimezone(event.zone))
    entry.add("summary", event.title)
    page = absolute_url(event.get_absolute_url())
    text = [event.summary, "", page]
    if join_url:
        text += ["", gettext("Your personal joining link: %(url)s") % {"url": join_url}]
    if cancel_url:
        text += [gettext("Cannot come? Cancel: %(url)s") % {"url": cancel_url}]
    entry.add("description", "\n".join(text))
    entry.add("url", join_url or page)
    entry.add("location", where(event))
    entry.add("status", STATUSES.get(event.event_status, "CONFIRMED"))
    entry.add("organizer", f"mailto:{settings.DEFAULT_FROM_EMAIL.rsplit('<', 1)[-1].strip('>')}",
              parameters={"cn": settings.SITE_NAME})  # fmt: skip
    return entry


def google_url(event):
    """Google Calendar's "add" link (times in UTC)."""
    start, end = (moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
                  for moment in (event.starts_at, event.ends_at))  # fmt: skip
    dates = f"{start}/{end}"
    query = {
        "action": "TEMPLATE", "text": event.title, "dates": dates, "ctz": event.time_zone,
        "details": absolute_url(event.get_absolute_url()), "location": where(event),
    }  # fmt: skip
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_url(event):
    """Outlook's (outlook.live.com and Microsoft 365) "add" link (ISO times)."""
    query = {
        "path": "/calendar/action/compose", "rru": "addevent", "subject": event.title,
        "startdt": event.starts_at.astimezone(UTC).isoformat(),
        "enddt": event.ends_at.astimezone(UTC).isoformat(),
        "body": absolute_url(event.get_absolute_url()), "location": where(event),
    }  # fmt: skip
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)


# Cities as Chinese readers name them (a zone not here is written as its IANA name).
CHINESE_CITIES = {
    "Asia/Shanghai": "北京", "Asia/Hong_Kong": "香港", "Asia/Tokyo": "东京",
    "Asia/Seoul": "首尔", "Asia/Singapore": "新加坡", "Asia/Jakarta": "雅加达",
    "Europe/London": "伦敦", "Europe/Berlin": "柏林", "Europe/Paris": "巴黎",
    "Europe/Brussels": "布鲁塞尔", "Europe/Budapest": "布达佩斯", "Africa/Casablanca": "卡萨布兰卡",
    "America/New_York": "纽约", "America/Chicago": "芝加哥", "America/Los_Angeles": "洛杉矶",
}  # fmt: skip
FORMATS = {"zh-hans": ("Y年n月j日（l）H:i", "H:i")}
DEFAULT_FORMATS = ("l j F Y, H:i", "H:i")


def zone_label(zone_name, moment):
    """ "London time (GMT)" / "伦敦时间（GMT）": a zone as readers name it, with its
    abbreviation at `moment` (summer or winter)."""
    abbreviation = moment.astimezone(zoneinfo.ZoneInfo(zone_name)).tzname()
    if abbreviation == "UTC":
        return "UTC"
    if get_language() == "zh-hans":
        city = CHINESE_CITIES.get(zone_name)
        return f"{city}时间（{abbreviation}）" if city else f"{zone_name}（{abbreviation}）"
    city = zone_name.rsplit("/", 1)[-1].replace("_", " ")
    return gettext("%(city)s time (%(abbreviation)s)") % {
        "city": city, "abbreviation": abbreviation,
    }  # fmt: skip


def written_times(event, zone_name=None):
    """[(when, zone)] of `event`: in its own zone, then in the reader's (the active time
    zone: the edition's) where that differs, each written out with its zone named."""
    zones = [event.time_zone]
    reader = zone_name or timezone.get_current_timezone_name()
    if reader not in zones and _offset(reader, event) != _offset(event.time_zone, event):
        zones.append(reader)
    return [(span(event, zone), zone_label(zone, event.starts_at)) for zone in zones]


def _offset(zone_name, event):
    return event.starts_at.astimezone(zoneinfo.ZoneInfo(zone_name)).utcoffset()


def span(event, zone_name):
    """ "Thursday 10 December 2026, 09:00–10:00" in `zone_name` (both dates when it
    ends on another day)."""
    full, short = FORMATS.get(get_language(), DEFAULT_FORMATS)
    zone = zoneinfo.ZoneInfo(zone_name)
    start, end = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    if start.date() == end.date():
        return f"{format_date(start, full)}–{format_date(end, short)}"
    return f"{format_date(start, full)} – {format_date(end, full)}"
