"""A webinar from a reader's phone to the sponsor's spreadsheet (issue 31's "Done when"):
registered from the event's page, the confirmation's calendar file and joining link,
the reminder sent once when the scheduler's time comes, the platform's attendance
imported on the sales desk, and the sponsor export holding only the reader who agreed."""

import csv
import re
from datetime import timedelta
from pathlib import Path
from unittest import mock

import icalendar
from django.core import mail
from django.test import Client

from articles.models import Event
from leads.events.tasks import events_tick
from leads.models import Lead, Registration
from tests.browser.conftest import TIMEOUT_MS, admin_login, staff_user
from tests.leads.events.helpers import registration_data

WEBINAR = "/events/webinar-btr-tangier-cathode-plant/"


def _register_in_the_browser(page, site):
    page.goto(site + WEBINAR)
    assert "Northwind Cells" in page.inner_text("main")
    page.click("text=Register free")
    page.fill("#id_name", "Amina El Idrissi")
    page.fill("#id_email", "amina@example.com")
    page.fill("#id_company", "Atlas Components")
    page.fill("#id_job_title", "Procurement manager")
    page.select_option("#id_country", "MA")
    page.check("#id_consent")
    page.check("#id_sponsor")
    page.click("button.lead-form__submit")
    page.wait_for_url(re.compile(r".*/registered/.*"), timeout=TIMEOUT_MS)
    assert page.inner_text("h1") == "You are registered"


def test_a_reader_registers_is_reminded_once_attends_and_reaches_the_sponsor(
    site, new_page, tmp_path
):
    page = new_page(viewport={"width": 390, "height": 844})
    _register_in_the_browser(page, site)

    [confirmation] = [m for m in mail.outbox if m.to == ["amina@example.com"]]
    [(name, content, _)] = confirmation.attachments
    [entry] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    event = Event.objects.get(slug="webinar-btr-tangier-cathode-plant")
    assert entry.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    join = re.search(r"https?://[^/\s]+(/\S+/join/\S+/)", confirmation.body).group(1)
    answer = page.request.get(site + join, max_redirects=0)
    assert answer.status == 302 and answer.headers["location"] == event.join_url

    # A second reader registers without agreeing to the sponsor's contact.
    Client().post(WEBINAR, registration_data(email="kofi@example.com", name="Kofi Mensah"))
    assert Registration.objects.filter(event=event, state="registered").count() == 2

    # The scheduler's minute ticks come round a day before the start, twice.
    mail.outbox.clear()
    for minutes in (0, 1):
        at = event.starts_at - timedelta(hours=24) + timedelta(minutes=minutes)
        with mock.patch("django.utils.timezone.now", return_value=at):
            events_tick()
    reminders = [m for m in mail.outbox if m.to == ["amina@example.com"]]
    assert [m.subject for m in reminders] == [f"Tomorrow: {event.title}"]

    # After the webinar, the sales desk imports the platform's attendance report.
    admin_login(page, site, *staff_user("sam.sales", "Sales"))
    page.goto(site + "/admin/leads/lead/?event=" + str(event.pk))
    page.click("text=This event's registrations")
    report = tmp_path / "attendance.csv"
    report.write_text("Name,Email,Duration (minutes)\nAmina,AMINA@example.com,47\n", "utf-8")
    page.set_input_files("input[type=file]", str(report))
    page.click("text=Import attendance")
    assert "1 attended, 1 did not attend" in page.inner_text(".messagelist")
    lead = Lead.objects.get(email="amina@example.com")
    assert lead.registration.attended_minutes == 47

    with page.expect_download() as download:
        page.click("text=Export for the sponsors (CSV)")
    rows = list(csv.reader(Path(download.value.path()).read_text("utf-8-sig").splitlines()))
    assert [row[1] for row in rows[1:]] == ["amina@example.com"]
    page.goto(site + f"/admin/leads/lead/{lead.pk}/change/")
    assert "Details given to the sponsors (Northwind Cells)" in page.inner_text("main")
    assert "attended 47 min" in page.inner_text("main")
