"""After registration: reminders once each, changes announced, the recording offered,
all through the outbox and the periodic task."""

from datetime import timedelta
from unittest import mock

import icalendar
import pytest
from django.utils import timezone

from leads.events import services
from leads.events.tasks import events_tick
from leads.models import LeadEmail, Registration
from tests.factories import EventFactory
from tests.leads.events.helpers import link, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db):
    return EventFactory(
        title="Anode plants outside China",
        slug="anode-plants",
        starts_at=(timezone.now() + timedelta(days=3)).replace(microsecond=0),
    )


@pytest.fixture
def registered(client, event, mailoutbox, django_capture_on_commit_callbacks):
    lead, _ = register(client, event, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    return lead


def _tick_at(moment, capture):
    with mock.patch("django.utils.timezone.now", return_value=moment), capture(execute=True):
        return events_tick()


def test_the_day_reminder_goes_once_when_its_time_comes(
    event, registered, mailoutbox, django_capture_on_commit_callbacks
):
    assert (
        _tick_at(event.starts_at - timedelta(hours=25), django_capture_on_commit_callbacks)[
            "reminders"
        ]
        == 0
    )
    assert mailoutbox == []
    for minutes in (0, 1, 30):
        _tick_at(
            event.starts_at - timedelta(hours=24) + timedelta(minutes=minutes),
            django_capture_on_commit_callbacks,
        )
    assert [m.subject for m in mailoutbox] == ["Tomorrow: Anode plants outside China"]
    assert "/join/" in mailoutbox[0].body and "/cancel/" in mailoutbox[0].body


def test_the_hour_reminder_follows_the_day_one(
    event, registered, mailoutbox, django_capture_on_commit_callbacks
):
    _tick_at(event.starts_at - timedelta(hours=23), django_capture_on_commit_callbacks)
    _tick_at(event.starts_at - timedelta(minutes=59), django_capture_on_commit_callbacks)
    _tick_at(event.starts_at - timedelta(minutes=30), django_capture_on_commit_callbacks)
    assert [m.subject for m in mailoutbox] == [
        "Tomorrow: Anode plants outside China",
        "In an hour: Anode plants outside China",
    ]


def test_no_reminder_after_a_cancellation(
    client, event, registered, mailoutbox, django_capture_on_commit_callbacks
):
    services.cancel(registered.registration)
    mailoutbox.clear()
    _tick_at(event.starts_at - timedelta(hours=23), django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_a_reminder_written_before_a_cancellation_is_not_sent(
    event, registered, mailoutbox, django_capture_on_commit_callbacks
):
    with mock.patch("leads.events.services._enqueue"):  # written, not yet sent
        _tick_at(event.starts_at - timedelta(hours=23), django_capture_on_commit_callbacks)
    services.cancel(Registration.objects.get())
    mailoutbox.clear()
    from leads.tasks import send_lead_emails

    reminder = LeadEmail.objects.get(kind="event-24h")
    assert send_lead_emails([reminder.pk]) == 0 and mailoutbox == []
    reminder.refresh_from_db()
    assert reminder.state == LeadEmail.State.CANCELLED


def test_a_changed_time_is_announced_once_with_a_new_calendar_file(
    event, registered, mailoutbox, django_capture_on_commit_callbacks
):
    event.starts_at += timedelta(days=1)
    event.ends_at += timedelta(days=1)
    event.save()
    for _ in range(2):
        _tick_at(timezone.now(), django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert message.subject == "Changed: Anode plants outside China"
    [entry] = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert entry.decoded("DTSTART") == event.starts_at and entry["SEQUENCE"] == 1


def test_a_moved_event_is_reminded_of_at_its_new_time(
    event, registered, mailoutbox, django_capture_on_commit_callbacks
):
    _tick_at(event.starts_at - timedelta(hours=23), django_capture_on_commit_callbacks)
    event.starts_at += timedelta(days=2)
    event.ends_at += timedelta(days=2)
    event.save()
    mailoutbox.clear()
    _tick_at(event.starts_at - timedelta(hours=23), django_capture_on_commit_callbacks)
    assert "Tomorrow: Anode plants outside China" in [m.subject for m in mailoutbox]


def test_a_cancelled_event_is_announced_and_never_reminded(
    event, registered, mailoutbox, django_capture_on_commit_callbacks
):
    event.event_status, event.status_reason = "cancelled", "The speakers cannot travel."
    event.save()
    _tick_at(event.starts_at - timedelta(hours=23), django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert message.subject == "Cancelled: Anode plants outside China"
    assert "The speakers cannot travel." in message.body


def test_the_recording_goes_to_attendees_and_no_shows_with_a_personal_link(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    register(client, event, django_capture_on_commit_callbacks, email="came@example.com")
    register(client, event, django_capture_on_commit_callbacks, email="missed@example.com")
    Registration.objects.filter(email="came@example.com").update(attended_minutes=50)
    Registration.objects.filter(email="missed@example.com").update(attended_minutes=0)
    event.recording_url = "https://video.example.com/r/1"
    event.save()
    mailoutbox.clear()
    for _ in range(2):
        _tick_at(event.ends_at + timedelta(hours=2), django_capture_on_commit_callbacks)
    bodies = {m.to[0]: m.body for m in mailoutbox}
    assert set(bodies) == {"came@example.com", "missed@example.com"}
    assert "Thank you for attending" in bodies["came@example.com"]
    assert "We missed you" in bodies["missed@example.com"]
    recording = link(mailoutbox[0], "recording")
    response = client.get(recording)
    assert response.status_code == 302 and response["Location"] == "https://video.example.com/r/1"
    assert Registration.objects.get(email=mailoutbox[0].to[0]).uses.get().kind == "recording"


def test_after_the_event_its_page_offers_the_recording_through_the_form(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    event.starts_at, event.ends_at = (
        timezone.now() - timedelta(days=2),
        timezone.now() - timedelta(days=2) + timedelta(hours=1),
    )
    event.recording_url = "https://video.example.com/r/1"
    event.save()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Get the recording" in page and "Send me the recording" in page
    lead, _ = register(client, event, django_capture_on_commit_callbacks)
    assert lead.registration.state == "recording"
    [message] = mailoutbox
    assert message.subject == "The recording: Anode plants outside China"
    assert client.get(link(message, "recording")).status_code == 302
