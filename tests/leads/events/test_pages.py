"""Events for readers: the list and its filters, an event's page (times written out in
two zones, JSON-LD), its calendar files, the feeds, sitemap, front page, company
profiles and the newsletter's briefing."""

import json
import re
from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from leads.models import Lead
from tests.factories import CompanyFactory, EventFactory

pytestmark = pytest.mark.django_db
# What schema.org's Event needs for search engines' event results, and what the issue asks.
EVENT_REQUIRED = {
    "@context",
    "@type",
    "name",
    "startDate",
    "endDate",
    "location",
    "eventStatus",
    "eventAttendanceMode",
    "organizer",
    "performer",
    "offers",
}


@pytest.fixture
def event(db):
    event = EventFactory(title="Anode plants outside China", slug="anode-plants",
                         time_zone="Africa/Casablanca")  # fmt: skip
    event.speakers.create(
        name="Mei Lin",
        role="Materials editor",
        company=CompanyFactory(name="BTR New Material Group", slug="btr"),
    )
    return event


def _json_ld(page, kind):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    found = [json.loads(b) for b in blocks]
    found = [item for block in found for item in (block if isinstance(block, list) else [block])]
    return next(item for item in found if item.get("@type") == kind)


def test_the_list_shows_upcoming_events_first_then_past_ones(client):
    EventFactory(title="Past webinar", starts_at=timezone.now() - timedelta(days=9),
                 ends_at=timezone.now() - timedelta(days=9) + timedelta(hours=1))  # fmt: skip
    EventFactory(title="Next webinar")
    EventFactory(title="Draft webinar", status="draft")
    page = client.get("/events/").content.decode()
    assert page.index("Next webinar") < page.index("Past webinar")
    assert "Draft webinar" not in page


def test_the_list_filters_by_kind_and_by_company(client, event):
    EventFactory(title="Site visit in Tangier", kind="site_visit")
    by_kind = client.get("/events/?kind=site_visit").content.decode()
    assert "Site visit in Tangier" in by_kind and "Anode plants outside China" not in by_kind
    by_company = client.get("/events/?company=btr").content.decode()
    assert "Anode plants outside China" in by_company and "Site visit in Tangier" not in by_company


def test_the_page_writes_the_time_in_the_events_zone_and_the_editions(client, event):
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Casablanca time (+01)" in page and "UTC" in page  # the newsroom's zone
    chinese = event.start_version("zh-hans")
    chinese.status, chinese.published_at = "published", timezone.now()
    chinese.save()
    page = client.get(chinese.get_absolute_url()).content.decode()
    assert "卡萨布兰卡时间" in page and "北京时间" in page


def test_the_event_json_ld_has_schema_orgs_required_fields(client, event):
    data = _json_ld(client.get(event.get_absolute_url()).content.decode(), "Event")
    assert set(data) >= EVENT_REQUIRED
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["offers"]["price"] == 0 and data["isAccessibleForFree"] is True
    assert data["performer"][0]["worksFor"]["name"] == "BTR New Material Group"
    assert data["startDate"].endswith("+01:00") or data["startDate"].endswith("+00:00")


def test_an_event_in_person_is_a_place_in_json_ld(client):
    event = EventFactory(online=False, platform="", venue="Tanger Med Zone",
                         address="Route de Rabat\nTangier", event_status="moved_online",
                         status_reason="The venue is closed.")  # fmt: skip
    data = _json_ld(client.get(event.get_absolute_url()).content.decode(), "Event")
    assert data["location"] == {"@type": "Place", "name": "Tanger Med Zone",
                                "address": "Route de Rabat Tangier"}  # fmt: skip
    assert data["eventStatus"] == "https://schema.org/EventMovedOnline"


def test_the_calendar_file_of_an_event_is_valid_and_personal_data_free(client, event):
    response = client.get("/events/anode-plants/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    [entry] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert entry["SUMMARY"] == "Anode plants outside China"
    assert "/join/" not in response.content.decode()


def test_the_calendar_feed_holds_the_upcoming_events(client, event):
    EventFactory(title="Past one", starts_at=timezone.now() - timedelta(days=3),
                 ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=1))  # fmt: skip
    calendar = icalendar.Calendar.from_ical(client.get("/events/calendar.ics").content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Anode plants outside China"]


def test_the_rss_feed_and_the_sitemap_list_the_event(client, event):
    assert "Anode plants outside China" in client.get("/feeds/events/").content.decode()
    assert "/events/anode-plants/" in client.get("/sitemap-events.xml").content.decode()


def test_add_to_google_and_outlook_links_carry_the_times_in_utc(client, event):
    page = client.get(event.get_absolute_url()).content.decode()
    assert "calendar.google.com/calendar/render?action=TEMPLATE" in page
    assert f"dates={event.starts_at:%Y%m%d}T" in page
    assert "outlook.live.com/calendar/0/deeplink/compose" in page


def test_upcoming_events_show_on_the_front_page_and_their_companies_profiles(client, event):
    assert "Anode plants outside China" in client.get("/").content.decode()
    assert "Anode plants outside China" in client.get("/companies/btr/").content.decode()


def test_editors_count_registrations_by_event_in_what_brings_leads(editor_client, event):
    Lead.objects.create(name="A", email="a@example.com", company="C", job_title="J",
                        country="MA", topic="Event", kind="event", event=event)  # fmt: skip
    page = editor_client.get("/admin/leads/lead/attribution/").content.decode()
    assert "By event registered for" in page and "Anode plants outside China" in page
    assert "a@example.com" not in page


def test_the_newsletters_briefing_lists_the_events_to_come(event):
    from leads.newsletter import mail
    from leads.newsletter.editions import upcoming_events
    from leads.newsletter.models import Edition

    now = timezone.now()
    edition = Edition.objects.create(
        kind="daily",
        period_start=now - timedelta(days=1),
        period_end=now,
        send_at=now,
        subject="Daily briefing",
    )
    rendered = mail.render_edition(edition, (), upcoming_events(edition))
    assert "Coming up: events" in rendered.text and "Anode plants outside China" in rendered.text
    assert "/events/anode-plants/" in rendered.html
