"""Events on the sales desk: leads by event, attendance imported from the platform's
file, the sponsors' export (only those who agreed, recorded on each lead), and the
newsroom seeing counts only."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leads.models import Lead, Registration, SponsorShare
from tests.factories import CompanyFactory, EventFactory, user_in_group
from tests.leads.events.helpers import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db):
    event = EventFactory(title="Anode plants outside China", slug="anode-plants")
    event.sponsors.add(CompanyFactory(name="Northwind Cells"))
    return event


@pytest.fixture
def registrants(event, django_capture_on_commit_callbacks):
    from django.test import Client

    reader = Client()
    register(
        reader, event, django_capture_on_commit_callbacks, email="yes@example.com", sponsor="on"
    )
    register(reader, event, django_capture_on_commit_callbacks, email="no@example.com")
    return Lead.objects.filter(event=event)


def _desk(event):
    return reverse("admin:leads_lead_event_desk", args=[event.pk])


def _upload(text, name="attendance.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_the_sales_desk_lists_one_events_registrants(sales_client, event, registrants):
    other = EventFactory(title="Other webinar")
    Lead.objects.create(name="X", email="x@example.com", company="C", job_title="J",
                        country="MA", topic="t", kind="event", event=other)  # fmt: skip
    page = sales_client.get(reverse("admin:leads_lead_changelist") + f"?event={event.pk}")
    text = page.content.decode()
    assert "yes@example.com" in text and "no@example.com" in text and "x@example.com" not in text
    assert _desk(event) in text


def test_attendance_import_marks_each_lead(sales_client, event, registrants):
    csv_text = ("Attendee Report\nMeeting ID,123\n\nUser Name,Email,Join Time,Duration (Minutes)\n"
                "Yes,YES@example.com,10:00,30\nYes,yes@example.com,10:40,12\n"
                "Stranger,stranger@example.com,10:00,5\n")  # fmt: skip
    response = sales_client.post(_desk(event), {"file": _upload(csv_text)}, follow=True)
    text = response.content.decode()
    assert "1 attended, 1 did not attend" in text and "stranger@example.com" in text
    minutes = dict(Registration.objects.values_list("email", "attended_minutes"))
    assert minutes == {"yes@example.com": 42, "no@example.com": 0}
    lead = Lead.objects.get(email="yes@example.com")
    page = sales_client.get(reverse("admin:leads_lead_change", args=[lead.pk])).content.decode()
    assert "attended 42 min" in page


def test_a_file_without_the_columns_is_refused_and_nothing_changes(
    sales_client, event, registrants
):
    response = sales_client.post(_desk(event), {"file": _upload("name,company\nA,B\n")})
    assert response.status_code == 200
    assert "No header row with an e-mail column" in response.content.decode()
    assert not Registration.objects.filter(attended_minutes__isnull=False).exists()


def test_a_bad_line_refuses_the_whole_file(sales_client, event, registrants):
    text = "email,minutes\nyes@example.com,30\nno@example.com,lots\n"
    response = sales_client.post(_desk(event), {"file": _upload(text)})
    assert "Line(s) 3" in response.content.decode()
    assert not Registration.objects.filter(attended_minutes__isnull=False).exists()


def test_the_sponsor_export_holds_only_those_who_agreed_and_is_recorded(
    sales_client, event, registrants
):
    response = sales_client.post(_desk(event), {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["yes@example.com"]
    [share] = SponsorShare.objects.all()
    assert share.lead.email == "yes@example.com" and share.export.sponsors == "Northwind Cells"
    page = sales_client.get(
        reverse("admin:leads_lead_change", args=[share.lead.pk])
    ).content.decode()
    assert "Details given to the sponsors (Northwind Cells)" in page


def test_the_sponsor_export_comes_as_xlsx_too(sales_client, event, registrants):
    response = sales_client.post(_desk(event), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_editors_see_registration_counts_never_the_registrants(editor_client, event, registrants):
    page = editor_client.get(reverse("admin:articles_event_changelist")).content.decode()
    assert "2 registered" in page and "yes@example.com" not in page
    assert editor_client.get(_desk(event)).status_code == 403
    assert editor_client.get(reverse("admin:leads_lead_changelist")).status_code == 403


def test_writers_cannot_import_or_export(client, event, registrants):
    client.force_login(user_in_group("Writers", "wendy"))
    assert client.post(_desk(event), {"format": "csv"}).status_code == 403
