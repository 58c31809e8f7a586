"""Events as content (issue 31, item 1): edited in the newsroom like stories (draft,
review, publication; a version per edition), with speakers, sponsors, a time zone and a
status with its reason."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Event, Speaker
from portal.publishing.models import Status
from tests.factories import CompanyFactory, user_in_group

pytestmark = pytest.mark.django_db
ADD = reverse("admin:articles_event_add")


def _form(**overrides):
    start = timezone.localtime(timezone.now() + timedelta(days=30)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    data = {
        "kind": "webinar", "title": "Morocco's battery-materials cluster",
        "slug": "morocco-battery-materials-cluster",
        "summary": "What BTR's Tangier plants mean for suppliers.", "agenda": "10:00 Welcome",
        "starts_at_0": start.strftime("%Y-%m-%d"), "starts_at_1": "10:00:00",
        "ends_at_0": start.strftime("%Y-%m-%d"), "ends_at_1": "11:30:00",
        "time_zone": "Africa/Casablanca", "online": "on", "platform": "Zoom", "venue": "",
        "address": "", "capacity": "500", "event_status": "scheduled", "status_reason": "",
        "status": "draft", "published_at_0": "", "published_at_1": "",
        "speakers-TOTAL_FORMS": "1", "speakers-INITIAL_FORMS": "0",
        "speakers-MIN_NUM_FORMS": "0", "speakers-MAX_NUM_FORMS": "1000",
        "speakers-0-position": "1", "speakers-0-name": "Mei Lin",
        "speakers-0-role": "Materials editor", "speakers-0-company": "", "speakers-0-photo": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def _event(**fields):
    now = timezone.now()
    defaults = {"title": "Webinar", "slug": f"webinar-{Event.objects.count()}",
                "summary": "About anodes.", "starts_at": now + timedelta(days=1),
                "ends_at": now + timedelta(days=1, hours=1), "platform": "Zoom"}  # fmt: skip
    return Event.objects.create(**{**defaults, **fields})


def test_an_editor_creates_a_webinar_with_its_speaker(editor_client):
    response = editor_client.post(ADD, _form())
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert event.time_zone == "Africa/Casablanca" and event.status == Status.DRAFT
    assert [s.name for s in event.speakers.all()] == ["Mei Lin"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at_1": "09:00:00"}, "ends_at", "It must end after it starts."),
        ({"platform": ""}, "platform", "Name the platform of an online event."),
        ({"online": "", "platform": ""}, "venue", "Name the venue of an event held in person."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice."),
    ],
)
def test_the_form_refuses_an_event_that_cannot_happen(editor_client, overrides, field, message):
    response = editor_client.post(ADD, _form(**overrides))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert any(message in error for error in errors[field])
    assert not Event.objects.exists() and not Speaker.objects.exists()


def test_a_writer_prepares_an_event_and_submits_it_but_cannot_publish(client):
    client.force_login(user_in_group("Writers", "wendy"))
    assert client.post(ADD, _form(status="published")).status_code == 200  # not a choice
    assert client.post(ADD, _form(status="review")).status_code == 302
    assert Event.objects.get().status == Status.REVIEW


def test_upcoming_and_past_events():
    now = timezone.now()
    running = _event(starts_at=now - timedelta(minutes=30), ends_at=now + timedelta(minutes=30))
    later = _event(starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=1))
    over = _event(
        starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=3) + timedelta(hours=1)
    )
    assert list(Event.objects.upcoming()) == [running, later]
    assert list(Event.objects.past()) == [over]


def test_its_chinese_version_starts_with_its_speakers_sponsors_and_times():
    event = _event(time_zone="Africa/Casablanca")
    btr = CompanyFactory(name="BTR New Material Group")
    event.sponsors.add(btr)
    Speaker.objects.create(event=event, name="Mei Lin", role="Materials editor", company=btr)
    version = event.start_version("zh-hans")
    assert (version.starts_at, version.time_zone) == (event.starts_at, "Africa/Casablanca")
    assert list(version.sponsors.all()) == [btr]
    assert [(s.name, s.company) for s in version.speakers.all()] == [("Mei Lin", btr)]
    assert version.source() == event and version.status == Status.DRAFT


def test_a_change_of_an_events_words_puts_its_translation_to_update():
    event = _event()
    version = event.start_version("zh-hans")
    event.summary = "About anodes and cathodes."
    event.save()
    assert list(Event.objects.to_update("zh-hans")) == [version]


def test_a_versions_facts_are_its_sources_and_follow_its_changes():
    english = _event(capacity=100)
    chinese = english.start_version("zh-hans")
    chinese.capacity, chinese.title = (
        5,
        "负极材料网络研讨会",
    )  # facts typed on a version are ignored
    chinese.save()
    chinese.refresh_from_db()
    assert chinese.capacity == 100 and chinese.title == "负极材料网络研讨会"
    english.starts_at += timedelta(days=1)
    english.ends_at += timedelta(days=1)
    english.save()
    chinese.refresh_from_db()
    assert chinese.starts_at == english.starts_at and chinese.sequence == english.sequence == 1
