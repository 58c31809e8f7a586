"""What brings leads: the attribution report's numbers are the leads', by period; Sales
see every dimension, Editors the counts per story only."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leads.models import Lead
from tests.factories import LeadFactory, PublishedArticleFactory, user_in_group

pytestmark = pytest.mark.django_db
REPORT = reverse("admin:leads_lead_attribution")


@pytest.fixture
def leads():
    """Leads over two stories, campaigns, countries and statuses, some outside the period."""
    tangier = PublishedArticleFactory(title="Tangier cathode plant")
    anode = PublishedArticleFactory(title="Anode plant")
    made = [
        LeadFactory(article=tangier, utm_source="newsletter", country="MA", status="won"),
        LeadFactory(article=tangier, utm_source="newsletter", country="MA", status="qualified"),
        LeadFactory(article=tangier, utm_source="linkedin", country="DE"),
        LeadFactory(article=anode, utm_source="linkedin", country="MA", status="lost"),
        LeadFactory(article=anode, country="CN", status="spam"),  # never counted
        LeadFactory(article=None, country="DE"),  # from the contact page
    ]
    old = LeadFactory(article=tangier, utm_source="newsletter", country="MA", status="won")
    Lead.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=90))
    return {"tangier": tangier, "anode": anode, "made": made}


def _sections(response):
    return {s["key"]: {r["label"]: (r["leads"], r["qualified"], r["won"]) for r in s["rows"]}
            for s in response.context["sections"]}  # fmt: skip


def _sales():
    from django.test import Client

    client = Client()
    client.force_login(user_in_group("Sales", "sam"))
    return client


def test_the_report_counts_the_leads_of_the_period_by_story_campaign_and_country(leads):
    sections = _sections(_sales().get(REPORT))
    assert sections["article"] == {
        "Tangier cathode plant": (3, 2, 1),
        "Anode plant": (1, 0, 0),
        "(no story: the contact page)": (1, 0, 0),
    }
    assert sections["utm_source"] == {"newsletter": (2, 2, 1), "linkedin": (2, 0, 0),
                                      "(none)": (1, 0, 0)}  # fmt: skip
    assert sections["country"] == {"Morocco (MA)": (3, 2, 1), "Germany (DE)": (2, 0, 0)}


def test_a_longer_period_takes_in_the_older_leads(leads):
    since = (timezone.localdate() - timedelta(days=120)).isoformat()
    response = _sales().get(REPORT, {"since": since})
    sections = _sections(response)
    assert sections["article"]["Tangier cathode plant"] == (4, 3, 2)


def test_a_backwards_period_is_turned_round_and_bad_dates_fall_back(leads):
    today = timezone.localdate()
    earlier = (today - timedelta(days=10)).isoformat()
    backwards = _sales().get(REPORT, {"since": today.isoformat(), "until": earlier})
    assert (backwards.context["since"], backwards.context["until"]) == (
        today - timedelta(days=10), today,
    )  # fmt: skip
    bad = _sales().get(REPORT, {"since": "not-a-date"})
    assert bad.status_code == 200 and bad.context["invalid_dates"]
    assert bad.context["since"] == today - timedelta(days=29)


def test_the_csv_holds_the_same_numbers(leads):
    response = _sales().get(REPORT, {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {
        (r["dimension"], r["value"]): (int(r["leads"]), int(r["qualified_or_won"]), int(r["won"]))
        for r in csv.DictReader(io.StringIO(text))
    }
    assert rows[("By story", "Tangier cathode plant")] == (3, 2, 1)
    assert rows[("By country", "Germany (DE)")] == (2, 0, 0)


def test_editors_see_the_counts_per_story_and_per_event_only(leads, client):
    client.force_login(user_in_group("Editors", "eddie"))
    response = client.get(REPORT)
    assert response.status_code == 200
    assert list(_sections(response)) == ["article", "event"]
    text = response.content.decode()
    assert "Tangier cathode plant" in text
    assert not any(lead.email in text or lead.name in text for lead in leads["made"])


def test_writers_and_anonymous_readers_are_refused(leads, client):
    assert client.get(REPORT).status_code == 302  # to the admin's sign-in
    client.force_login(user_in_group("Writers", "wanda"))
    assert client.get(REPORT).status_code == 403


def test_the_report_runs_the_same_queries_for_6_and_60_leads(leads):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sales = _sales()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            sales.get(REPORT)
        return len(captured)

    queries()  # the first request of a session reads more (the session itself)
    with_few = queries()
    LeadFactory.create_batch(54, article=leads["anode"], utm_campaign="autumn")
    assert queries() == with_few


def test_the_report_breaks_leads_down_by_edition(leads):
    Lead.objects.filter(pk=leads["made"][0].pk).update(language="zh-hans")
    sections = _sections(_sales().get(REPORT))
    assert sections["language"] == {"English": (4, 1, 0), "简体中文": (1, 1, 1)}


def test_the_sales_desk_filters_leads_by_edition(leads):
    Lead.objects.filter(pk=leads["made"][0].pk).update(language="zh-hans")
    response = _sales().get(reverse("admin:leads_lead_changelist"), {"language": "zh-hans"})
    assert [lead.pk for lead in response.context["cl"].result_list] == [leads["made"][0].pk]
