"""The e-mails of a registration, written when they are sent, from the registration and
the event as they are then: in the registrant's edition and with the event's version in
it, its times in the event's zone and the edition's, their personal links, and a
calendar file where the entry is new or changed."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from articles.events import calendar
from portal.seo import absolute_url

from ..models import LeadEmail, Registration
from . import links

Kind = LeadEmail.Kind
KINDS = {Kind.REGISTERED, Kind.WAITING, Kind.MOVED_UP, Kind.CANCELLED, Kind.REMINDER_DAY,
         Kind.REMINDER_HOUR, Kind.CHANGED, Kind.RECORDING}  # fmt: skip
WITH_CALENDAR = {Kind.REGISTERED, Kind.MOVED_UP, Kind.CHANGED, Kind.CANCELLED}
# Who still gets each kind: a reminder only while the place is held, and so on.
FOR_STATES = {
    Kind.REGISTERED: {Registration.State.REGISTERED},
    Kind.WAITING: {Registration.State.WAITING},
    Kind.MOVED_UP: {Registration.State.REGISTERED},
    Kind.CANCELLED: {Registration.State.CANCELLED},
    Kind.REMINDER_DAY: {Registration.State.REGISTERED},
    Kind.REMINDER_HOUR: {Registration.State.REGISTERED},
    Kind.CHANGED: {Registration.State.REGISTERED, Registration.State.WAITING},
    Kind.RECORDING: {Registration.State.REGISTERED, Registration.State.WAITING,
                     Registration.State.RECORDING},
}  # fmt: skip


def message(email):
    """The message of a registration's queued e-mail, or None when it no longer applies
    (the place was cancelled, the event cancelled before a reminder, a reminder for a
    start time the event no longer has)."""
    registration = getattr(email.lead, "registration", None)
    if registration is None or registration.state not in FOR_STATES[email.kind]:
        return None
    event = registration.event
    if email.kind in (Kind.REMINDER_DAY, Kind.REMINDER_HOUR) and (
        email.key != event.starts_at.isoformat() or event.registration_state() == "off"
        or event.starts_at <= timezone.now()
    ):  # fmt: skip
        return None
    lead = email.lead
    with translation.override(lead.language), timezone.override(_reader_zone(lead.language)):
        shown = event.translation(lead.language) or event
        context = _context(email, registration, shown)
        name = email.kind.replace("-", "_")
        subject = render_to_string(f"leads/email/{name}_subject.txt", context)
        body = render_to_string(f"leads/email/{name}_body.txt", context)
        outgoing = EmailMessage(
            subject=" ".join(subject.split())[:200], body=body, to=[lead.email],
            reply_to=settings.SALES_NOTIFY_EMAILS[:1],
        )  # fmt: skip
        if email.kind in WITH_CALENDAR:
            cancelled = email.kind == Kind.CANCELLED
            ics = calendar.calendar_file(
                [_as_cancelled(shown) if cancelled else shown],
                join_url=None if cancelled else context.get("join_url"),
                cancel_url=None if cancelled else context["cancel_url"],
            )  # fmt: skip
            outgoing.attach("event.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")
    return outgoing


def _reader_zone(language):
    from portal import editions

    return editions.EDITIONS[language].time_zone or settings.TIME_ZONE


def _as_cancelled(event):
    """The entry as the registrant's calendar should now have it: cancelled."""
    event.event_status = event.EventStatus.CANCELLED
    event.sequence += 1
    return event


def _context(email, registration, event):
    context = {
        "event": event, "registration": registration, "lead": email.lead,
        "site_name": settings.SITE_NAME, "event_url": absolute_url(event.get_absolute_url()),
        "privacy_url": absolute_url(reverse("leads:privacy")),
        "times": calendar.written_times(event),
        "cancel_url": absolute_url(links.personal_url(registration, "cancel", event)),
        "where": calendar.where(event),
    }  # fmt: skip
    if event.online and event.join_url:
        context["join_url"] = absolute_url(links.personal_url(registration, "join", event))
    if email.kind == Kind.RECORDING:
        context["recording_url"] = absolute_url(
            links.personal_url(registration, "recording", event)
        )
        context["attended"] = registration.attended
    return context
