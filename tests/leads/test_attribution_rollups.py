"""The attribution report's daily roll-ups give the leads' own numbers, and a change to
a lead shows at once, before the roll-up catches up."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leads.models import ATTRIBUTION, Lead, LeadDailyCount, LeadDay
from leads.rollups import roll_up_days
from leads.tasks import roll_up_lead_counts
from tests.factories import LeadFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = (TODAY - timedelta(days=364), TODAY)


def _report():
    return {d: Lead.objects.attribution(d, *YEAR, limit=100) for d in ATTRIBUTION}


@pytest.fixture
def year_of_leads():
    rng = random.Random(7)
    stories = [PublishedArticleFactory() for _ in range(3)]
    for n in range(60):
        lead = LeadFactory(
            article=rng.choice([*stories, None]), utm_source=rng.choice(["", "newsletter", "x"]),
            country=rng.choice(["MA", "DE", "CN"]), topic=rng.choice(["Anode", "Cathode"]),
            status=rng.choice(["new", "qualified", "won", "lost", "spam"]),
        )  # fmt: skip
        received = timezone.now() - timedelta(days=rng.randint(0, 400), hours=n % 24)
        Lead.objects.filter(pk=lead.pk).update(created_at=received)
    return stories


def test_rolled_up_days_add_up_to_the_same_report(year_of_leads):
    before = _report()
    assert roll_up_days() > 0
    assert LeadDailyCount.objects.exists()
    assert _report() == before


def test_a_status_change_of_an_old_lead_shows_at_once(year_of_leads):
    roll_up_days()
    lead = Lead.objects.filter(created_at__date__lt=TODAY).exclude(status="won").first()
    lead.status = Lead.Status.WON
    lead.save()
    live = {d: Lead.objects.attribution(d, *YEAR, limit=100) for d in ATTRIBUTION}
    LeadDailyCount.objects.all().delete()
    LeadDay.objects.all().delete()
    assert _report() == live  # counted from the leads alone


def test_bulk_status_changes_mark_their_days(year_of_leads):
    roll_up_days()
    roll_up_days()
    lead = Lead.objects.filter(created_at__date__lt=TODAY - timedelta(days=30)).first()
    day = timezone.localdate(lead.created_at)
    Lead.objects.filter(pk=lead.pk).exclude(status="won").set_status(Lead.Status.WON, by=None)
    assert not LeadDay.objects.get(day=day).clean
    before = _report()
    roll_up_days()
    assert LeadDay.objects.get(day=day).clean
    assert _report() == before


def test_a_deleted_lead_leaves_the_report_at_once(year_of_leads):
    roll_up_days()
    roll_up_days()
    lead = Lead.objects.filter(created_at__date__lt=TODAY).exclude(status="spam").first()
    before = sum(row["leads"] for row in Lead.objects.attribution("country", *YEAR))
    lead.delete()
    after = sum(row["leads"] for row in Lead.objects.attribution("country", *YEAR))
    assert after == before - (1 if lead.created_at.date() >= YEAR[0] else 0)


def test_a_years_report_reads_a_bounded_number_of_queries(year_of_leads):
    roll_up_days()
    with CaptureQueriesContext(connection) as queries:
        Lead.objects.attribution("article", *YEAR)
    assert len(queries) <= 4  # clean days, roll-ups, today's leads, story titles


def test_the_roll_up_runs_on_the_queue_and_skips_clean_days(year_of_leads, settings):
    assert settings.CELERY_BEAT_SCHEDULE["roll-up-lead-counts"]["task"] == (
        "leads.tasks.roll_up_lead_counts"
    )
    # A backlog longer than one run, whatever the time of day (the fixture's oldest lead
    # is 400 days and some hours old: 400 or 401 days before today).
    oldest = LeadFactory()
    Lead.objects.filter(pk=oldest.pk).update(created_at=timezone.now() - timedelta(days=420))
    assert roll_up_lead_counts() == 400  # at most 400 days a run: a backlog takes a few
    assert roll_up_lead_counts() > 0
    assert roll_up_lead_counts() == 0
