import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leads.models import Lead, LeadNote
from leads.privacy import leads_anonymise
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def _age(lead, days):
    Lead.objects.filter(pk=lead.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_purge_anonymises_only_leads_older_than_the_age():
    old = LeadFactory(name="Old Reader", next_step="Call Old Reader's mobile")
    recent = LeadFactory(name="Recent Reader")
    LeadNote.objects.create(lead=old, text="Called Old Reader on his mobile")
    _age(old, 400)
    out = io.StringIO()
    call_command("purge_leads", "--older-than", "365", stdout=out)
    assert "Anonymised 1 lead" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.name == "(anonymised)" and old.email.endswith("@invalid.example")
    assert old.message == "" and old.phone == "" and old.anonymised_at is not None
    assert old.next_step == ""
    assert "Old Reader" not in LeadNote.objects.get().text
    assert recent.name == "Recent Reader"


def test_purge_keeps_the_count_for_reporting():
    _age(LeadFactory(), 400)
    call_command("purge_leads", "--older-than", "30", stdout=io.StringIO())
    assert Lead.objects.count() == 1


def test_purge_works_in_batches_with_a_bounded_number_of_queries():
    """Queries grow with the number of batches, not of leads (1,000,000 in minutes)."""
    leads = LeadFactory.create_batch(7)
    Lead.objects.update(created_at=timezone.now() - timedelta(days=400))
    with CaptureQueriesContext(connection) as queries:
        done = leads_anonymise(older_than=timezone.now() - timedelta(days=365), batch_size=3)
    assert done == 7
    updates = [q for q in queries if q["sql"].startswith("UPDATE")]
    # notes, downloads, event links, registrations and leads, for each of three batches
    assert len(updates) == 5 * 3
    assert {lead.email for lead in Lead.objects.all()} == {
        f"anonymised-{lead.pk}@invalid.example" for lead in leads
    }


def test_a_purge_run_again_leaves_anonymised_leads_as_they_are():
    _age(LeadFactory(), 400)
    leads_anonymise(older_than=timezone.now() - timedelta(days=365))
    first = Lead.objects.get().anonymised_at
    assert leads_anonymise(older_than=timezone.now() - timedelta(days=365)) == 0
    assert Lead.objects.get().anonymised_at == first


def test_purge_refuses_a_zero_age():
    with pytest.raises(CommandError):
        call_command("purge_leads", "--older-than", "0", stdout=io.StringIO())


def test_export_prints_all_of_one_persons_data_as_json():
    lead = LeadFactory(email="amina@example.com", name="Amina")
    LeadNote.objects.create(lead=lead, text="Wants pricing")
    LeadFactory(email="someone.else@example.com")
    out = io.StringIO()
    call_command("export_lead_data", "AMINA@example.com", stdout=out)
    data = json.loads(out.getvalue())
    assert [entry["name"] for entry in data["leads"]] == ["Amina"]
    assert data["leads"][0]["notes"][0]["text"] == "Wants pricing"


def test_erase_removes_one_persons_leads_and_notes():
    lead = LeadFactory(email="amina@example.com")
    LeadFactory(email="amina@example.com")
    LeadNote.objects.create(lead=lead, text="note")
    other = LeadFactory(email="someone.else@example.com")
    out = io.StringIO()
    call_command("erase_lead_data", "amina@example.com", stdout=out)
    assert "Erased 2 lead(s)" in out.getvalue()
    assert list(Lead.objects.all()) == [other]
    assert not LeadNote.objects.exists()
