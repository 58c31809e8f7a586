"""Exports too large for a request: made on the task queue, e-mailed, each person's own."""

import csv
import io
import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from leads.models import LeadExport
from leads.tasks import build_lead_export, remove_old_exports
from tests.factories import LeadFactory, user_in_group

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/leads/lead/"


@pytest.fixture
def large(settings, sales_user):
    """Exports of more than 3 leads are queued; five leads; Sam has an address."""
    settings.LEADS_EXPORT_NOW_MAX = 3
    sales_user.email = "sam@example.com"
    sales_user.save()
    return [LeadFactory(name=f"Reader {n}", phone="+212 600 123 456") for n in range(5)]


def _export_all(client, action, capture):
    with capture(execute=True):
        return client.post(
            CHANGELIST, {"action": action, "select_across": "1", "index": "0",
                         "_selected_action": [1]}, follow=True,
        )  # fmt: skip


def test_a_large_export_is_queued_and_the_page_says_where_it_will_be(
    sales_client, large, django_capture_on_commit_callbacks
):
    response = _export_all(sales_client, "export_xlsx", django_capture_on_commit_callbacks)
    assert "The export of 5 leads is being prepared" in response.content.decode()
    export = LeadExport.objects.get()
    assert (export.state, export.rows, export.format) == ("ready", 5, "xlsx")


def test_the_person_who_asked_gets_an_email_with_a_link_that_downloads_it(
    sales_client, large, mailoutbox, django_capture_on_commit_callbacks
):
    _export_all(sales_client, "export_xlsx", django_capture_on_commit_callbacks)
    [message] = mailoutbox
    assert message.to == ["sam@example.com"]
    assert message.subject == "Your export of 5 leads is ready"
    path = re.search(r"https?://[^/\s]+(/\S+/download/)", message.body).group(1)
    response = sales_client.get(path)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 6  # the header and five leads
    phones = {row[0].value for row in sheet.iter_rows(min_row=2, min_col=7, max_col=7)}
    assert phones == {"+212 600 123 456"}


def test_a_queued_csv_export_has_every_lead(
    sales_client, large, django_capture_on_commit_callbacks
):
    _export_all(sales_client, "export_csv", django_capture_on_commit_callbacks)
    export = LeadExport.objects.get()
    response = sales_client.get(f"/admin/leads/leadexport/{export.pk}/download/")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert sorted(row["name"] for row in csv.DictReader(io.StringIO(text))) == [
        f"Reader {n}" for n in range(5)
    ]


def test_a_small_export_still_comes_at_once(sales_client, large):
    response = sales_client.post(CHANGELIST, {"action": "export_csv",
                                              "_selected_action": [large[0].pk]})  # fmt: skip
    assert response["Content-Type"].startswith("text/csv")
    assert not LeadExport.objects.exists()


def test_nobody_else_sees_or_downloads_someone_elses_export(
    sales_client, large, client, django_capture_on_commit_callbacks
):
    _export_all(sales_client, "export_csv", django_capture_on_commit_callbacks)
    export = LeadExport.objects.get()
    client.force_login(user_in_group("Sales", "sue.sales"))
    assert client.get(f"/admin/leads/leadexport/{export.pk}/download/").status_code == 404
    assert "Download" not in client.get("/admin/leads/leadexport/").content.decode()
    client.force_login(user_in_group("Editors", "eddie"))
    assert client.get(f"/admin/leads/leadexport/{export.pk}/download/").status_code == 403


def test_an_export_is_made_once_however_often_its_task_runs(
    sales_client, large, django_capture_on_commit_callbacks
):
    _export_all(sales_client, "export_csv", django_capture_on_commit_callbacks)
    export = LeadExport.objects.get()
    assert build_lead_export(export.pk) == "not waiting"


def test_old_exports_are_removed_with_their_files(
    sales_client, large, settings, django_capture_on_commit_callbacks
):
    _export_all(sales_client, "export_csv", django_capture_on_commit_callbacks)
    export = LeadExport.objects.get()
    path = export.file.path
    LeadExport.objects.update(requested_at=timezone.now() - timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        assert remove_old_exports() == 1
    assert not LeadExport.objects.exists()
    assert not os.path.exists(path)
