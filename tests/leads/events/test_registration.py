"""Registering for an event from its page: a lead with its consents, a place or the
waiting list, the confirmation with its calendar file and personal links."""

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from leads.models import Consent, Lead, LeadEmail, Registration
from tests.factories import CompanyFactory, EventFactory
from tests.leads.events.helpers import link, register, registration_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db):
    event = EventFactory(title="Anode plants outside China", slug="anode-plants", capacity=2)
    event.sponsors.add(CompanyFactory(name="Northwind Cells"))
    return event


def test_registering_stores_an_event_lead_with_its_place(
    client, event, django_capture_on_commit_callbacks
):
    lead, response = register(client, event, django_capture_on_commit_callbacks)
    assert lead.kind == Lead.Kind.EVENT and lead.event == event
    assert lead.email == "amina@example.com" and lead.utm_campaign == "webinar"
    assert lead.registration.state == Registration.State.REGISTERED
    assert response["Location"].startswith("/events/anode-plants/registered/")
    assert "You are registered" in client.get(response["Location"]).content.decode()


def test_the_sponsor_consent_is_its_own_unticked_purpose_naming_the_sponsor(client, event):
    page = client.get(event.get_absolute_url()).content.decode()
    assert "this event's sponsor, Northwind Cells, so that they may contact you" not in page
    assert (
        "Pass my name, company, job title and e-mail to this event&#x27;s sponsor, Northwind Cells"
        in page
    )
    assert 'name="sponsor" id="id_sponsor" checked' not in page


def test_consents_are_recorded_per_purpose_with_the_sponsor_named(
    client, event, django_capture_on_commit_callbacks
):
    lead, _ = register(client, event, django_capture_on_commit_callbacks, sponsor="on")
    consents = {c.purpose: c for c in Consent.objects.filter(lead=lead)}
    assert set(consents) == {"registration", "sponsor"}
    assert consents["sponsor"].parties == "Northwind Cells"
    assert "sponsor, Northwind Cells, so that" in consents["sponsor"].text


def test_without_the_registration_consent_nothing_is_stored(client, event):
    response = client.post(event.get_absolute_url(), registration_data(consent=""))
    assert response.status_code == 200 and Lead.objects.count() == 0
    assert "Please tick the box so that we may register you." in response.content.decode()


def test_the_confirmation_carries_a_valid_calendar_file_and_a_personal_join_link(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    register(client, event, django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert message.subject == "You are registered: Anode plants outside China"
    [(name, content, mimetype)] = message.attachments
    assert name == "event.ics" and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    [entry] = calendar.walk("VEVENT")
    assert entry["SUMMARY"] == "Anode plants outside China"
    assert entry.decoded("DTSTART") == event.starts_at
    assert str(entry["DTSTART"].params["TZID"]) == "Europe/London"
    assert calendar.walk("VTIMEZONE"), "the zone's rules travel with the file"
    join = link(message, "join")
    assert join in str(entry["URL"])
    response = client.get(join)
    assert response.status_code == 302 and response["Location"] == "https://zoom.example.com/j/123"
    assert Lead.objects.get().registration.uses.get().kind == "join"


def test_a_join_link_opened_from_a_third_connection_is_recorded_as_shared(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    register(client, event, django_capture_on_commit_callbacks)
    join = link(mailoutbox[0], "join")
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.3"):
        assert client.get(join, REMOTE_ADDR=address).status_code == 302
    uses = Registration.objects.get().uses.order_by("pk")
    assert [use.shared for use in uses] == [False, False, False, True]


def test_a_forged_or_other_use_token_opens_nothing(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    register(client, event, django_capture_on_commit_callbacks)
    cancel = link(mailoutbox[0], "cancel")
    assert client.get(cancel.replace("/cancel/", "/join/")).status_code == 404
    assert client.get("/events/anode-plants/join/forged/").status_code == 404


def test_the_same_address_registering_twice_keeps_one_place_and_shows_no_links(
    client, event, django_capture_on_commit_callbacks
):
    first, _ = register(client, event, django_capture_on_commit_callbacks)
    second, response = register(client, event, django_capture_on_commit_callbacks)
    assert first == second and Registration.objects.count() == 1
    assert response["Location"] == "/events/anode-plants/already-registered/"
    page = client.get(response["Location"]).content.decode()
    assert "Already registered" in page and "/cancel/" not in page


def test_the_same_form_sent_twice_stores_one_lead(
    client, event, django_capture_on_commit_callbacks
):
    data = registration_data()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.get_absolute_url(), data)
        client.post(event.get_absolute_url(), data)
    assert Lead.objects.count() == 1 and LeadEmail.objects.count() == 1


def test_beyond_capacity_readers_go_on_the_waiting_list(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    for n in range(3):
        register(client, event, django_capture_on_commit_callbacks, email=f"r{n}@example.com")
    states = list(Registration.objects.order_by("pk").values_list("state", flat=True))
    assert states == ["registered", "registered", "waiting"]
    assert mailoutbox[-1].subject == "On the waiting list: Anode plants outside China"
    assert (
        "Full: registrations go on the waiting list"
        in client.get(event.get_absolute_url()).content.decode()
    )


def test_a_cancellation_moves_the_first_on_the_waiting_list_up(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    for n in range(4):
        register(client, event, django_capture_on_commit_callbacks, email=f"r{n}@example.com")
    cancel = link(next(m for m in mailoutbox if m.to == ["r0@example.com"]), "cancel")
    assert "Cancel your registration?" in client.get(cancel).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(cancel).content.decode()
    assert "Your registration is cancelled" in page
    states = dict(Registration.objects.values_list("email", "state"))
    assert states == {"r0@example.com": "cancelled", "r1@example.com": "registered",
                      "r2@example.com": "registered", "r3@example.com": "waiting"}  # fmt: skip
    moved = next(
        m for m in mailoutbox if m.to == ["r2@example.com"] and "place is yours" in m.subject
    )
    assert moved.attachments, "the calendar file comes with the place"
    cancelled = next(
        m for m in mailoutbox if m.to == ["r0@example.com"] and "cancelled" in m.subject
    )
    [entry] = icalendar.Calendar.from_ical(cancelled.attachments[0][1]).walk("VEVENT")
    assert entry["STATUS"] == "CANCELLED"


def test_a_cancelled_place_no_longer_opens_the_event(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    register(client, event, django_capture_on_commit_callbacks)
    join, cancel = link(mailoutbox[0], "join"), link(mailoutbox[0], "cancel")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel)
    response = client.get(join)
    assert response.status_code == 403 and "was cancelled" in response.content.decode()


def test_registration_closes_when_the_event_starts(client, event):
    event.starts_at = timezone.now() - timedelta(minutes=5)
    event.save()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Registration is closed." in page and 'name="consent"' not in page
    response = client.post(event.get_absolute_url(), registration_data())
    assert response.status_code == 200 and Lead.objects.count() == 0


def test_a_chinese_reader_fills_the_same_places_and_is_written_to_in_chinese(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    version = event.start_version("zh-hans")
    version.title, version.status, version.published_at = (
        "中国以外的负极材料工厂",
        "published",
        timezone.now(),
    )
    version.save()
    register(client, event, django_capture_on_commit_callbacks, email="a@example.com")
    lead, _ = register(client, version, django_capture_on_commit_callbacks, email="b@example.com")
    assert lead.event == event and lead.language == "zh-hans"
    assert event.registrations.registered().count() == 2
    assert "中国以外的负极材料工厂" in mailoutbox[-1].subject
    assert "/zh/events/" in mailoutbox[-1].body
    assert "北京时间" in mailoutbox[-1].body


def test_a_registrants_data_export_and_anonymisation_cover_the_registration(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    from leads.privacy import lead_data_export, leads_anonymise

    lead, _ = register(client, event, django_capture_on_commit_callbacks)
    client.get(link(mailoutbox[0], "join"))
    [exported] = lead_data_export(email="amina@example.com")["leads"]
    assert exported["event"]["event"] == "Anode plants outside China"
    assert exported["event"]["link_uses"][0]["kind"] == "join"
    leads_anonymise(older_than=timezone.now() + timedelta(seconds=1))
    registration = Registration.objects.get()
    assert "amina" not in registration.email and registration.uses.get().client_hash == ""
