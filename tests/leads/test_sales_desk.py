"""Working leads: the queue and follow-ups, contact links, the timeline, the same person's
other leads, and exports a CRM takes (XLSX and CSV)."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from leads.models import Lead, LeadNote, LeadStatusChange
from tests.factories import LeadFactory, PublishedArticleFactory, user_in_group

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:leads_lead_changelist")


def _listed(client, query):
    return list(client.get(CHANGELIST + query).context["cl"].result_list)


def _change(client, lead, **fields):
    data = {"status": lead.status, "assignee": lead.assignee_id or "", "follow_up_on": "",
            "next_step": "", "new_note": "", **fields}  # fmt: skip
    return client.post(reverse("admin:leads_lead_change", args=[lead.pk]), data)


# The list


def test_my_queue_holds_my_open_leads_follow_ups_first_then_the_oldest(sales_client, sales_user):
    today = timezone.localdate()
    old = LeadFactory(assignee=sales_user)
    Lead.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=9))
    newer = LeadFactory(assignee=sales_user)
    due = LeadFactory(assignee=sales_user, follow_up_on=today)
    LeadFactory(assignee=sales_user, status=Lead.Status.WON)
    LeadFactory()  # nobody's
    LeadFactory(assignee=user_in_group("Sales", "other"))
    assert _listed(sales_client, "?queue=mine") == [due, old, newer]


def test_follow_ups_due_today_and_overdue_are_filters(sales_client):
    today = timezone.localdate()
    due = LeadFactory(follow_up_on=today)
    late = LeadFactory(follow_up_on=today - timedelta(days=2))
    LeadFactory(follow_up_on=today - timedelta(days=2), status=Lead.Status.LOST)
    LeadFactory(follow_up_on=today + timedelta(days=1))
    assert _listed(sales_client, "?queue=due") == [due]
    assert _listed(sales_client, "?queue=overdue") == [late]


def test_the_list_shows_status_as_a_badge_and_an_overdue_follow_up(sales_client):
    LeadFactory(status=Lead.Status.QUALIFIED, follow_up_on=timezone.localdate() - timedelta(1))
    text = sales_client.get(CHANGELIST).content.decode()
    assert '<span class="lead-status lead-status--qualified">Qualified</span>' in text
    assert "lead-follow-up--overdue" in text


def test_the_list_no_longer_lists_every_article_with_a_lead_as_a_filter(sales_client):
    for number in range(3):
        LeadFactory(article=PublishedArticleFactory(title=f"Story with a lead {number}"))
    text = sales_client.get(CHANGELIST).content.decode()
    assert text.count("Story with a lead") == 3  # in the rows, not again in a filter


# A lead's page


def test_a_lead_offers_mail_call_and_whatsapp_links(sales_client):
    lead = LeadFactory(email="amina@example.com", phone="+212 600-123 456")
    text = sales_client.get(reverse("admin:leads_lead_change", args=[lead.pk])).content.decode()
    assert 'href="mailto:amina@example.com"' in text
    assert 'href="tel:+212600123456"' in text
    assert 'href="https://wa.me/212600123456"' in text


def test_a_status_change_and_a_note_join_the_timeline_signed_and_timed(sales_client, sales_user):
    lead = LeadFactory()
    today = timezone.localdate().isoformat()
    response = _change(sales_client, lead, status="contacted", new_note="Left a voicemail.",
                       follow_up_on=today, next_step="Call again")  # fmt: skip
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.status, lead.next_step) == (Lead.Status.CONTACTED, "Call again")
    change = LeadStatusChange.objects.get(lead=lead)
    assert (change.old_status, change.new_status, change.changed_by) == (
        "new",
        "contacted",
        sales_user,
    )
    assert LeadNote.objects.get(lead=lead).author == sales_user
    page = sales_client.get(reverse("admin:leads_lead_change", args=[lead.pk])).content.decode()
    assert "Status: New → Contacted" in page and "Left a voicemail." in page


def test_the_timeline_is_newest_first(sales_client, sales_user):
    lead = LeadFactory()
    first = LeadNote.objects.create(lead=lead, author=sales_user, text="First call")
    LeadNote.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=2))
    Lead.objects.filter(pk=lead.pk).set_status(Lead.Status.QUALIFIED, by=sales_user)
    assert [entry.kind for entry in lead.timeline()] == ["status", "note"]


def test_saving_without_a_note_adds_no_empty_note(sales_client):
    lead = LeadFactory()
    _change(sales_client, lead, new_note="   ")
    assert not LeadNote.objects.exists()
    assert not LeadStatusChange.objects.exists()  # the status did not change either


def test_bulk_status_actions_are_kept_in_the_timeline(sales_client, sales_user):
    leads = LeadFactory.create_batch(2)
    sales_client.post(CHANGELIST, {"action": "mark_spam",
                                   "_selected_action": [lead.pk for lead in leads]})  # fmt: skip
    assert LeadStatusChange.objects.filter(new_status="spam", changed_by=sales_user).count() == 2


def test_a_lead_lists_the_same_persons_other_leads(sales_client):
    earlier = LeadFactory(email="amina@example.com", topic="Anode plant report")
    lead = LeadFactory(email="amina@example.com")
    LeadFactory(email="someone@example.com", topic="Not hers")
    page = sales_client.get(reverse("admin:leads_lead_change", args=[lead.pk])).content.decode()
    assert earlier.get_admin_url() in page and "Anode plant report" in page
    assert "Not hers" not in page


# Exports


def test_the_xlsx_export_keeps_phones_and_formulas_as_plain_text(sales_client, sales_user):
    lead = LeadFactory(phone="+212 600 123 456", name='=HYPERLINK("http://evil")', country="MA")
    LeadNote.objects.create(lead=lead, author=sales_user, text="Wants pricing")
    response = sales_client.post(CHANGELIST, {"action": "export_xlsx",
                                              "_selected_action": [lead.pk]})  # fmt: skip
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["phone"].value == "+212 600 123 456" and row["phone"].data_type == "s"
    assert row["name"].value == '=HYPERLINK("http://evil")' and row["name"].data_type == "s"
    assert (row["country"].value, row["country_code"].value) == ("Morocco", "MA")
    assert "sam.sales: Wants pricing" in row["notes"].value


def test_the_csv_export_has_country_names_and_notes(sales_client, sales_user):
    lead = LeadFactory(country="MA")
    LeadNote.objects.create(lead=lead, author=sales_user, text="Wants pricing")
    response = sales_client.post(CHANGELIST, {"action": "export_csv",
                                              "_selected_action": [lead.pk]})  # fmt: skip
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert (row["country"], row["country_code"]) == ("Morocco", "MA")
    assert "Wants pricing" in row["notes"]


def test_exports_read_the_same_number_of_queries_for_3_and_30_leads(sales_client, sales_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(leads):
        for lead in leads:
            LeadNote.objects.create(lead=lead, author=sales_user, text="Note")
        chosen = list(Lead.objects.values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as captured:
            response = sales_client.post(
                CHANGELIST, {"action": "export_xlsx", "_selected_action": chosen}
            )
            b"".join(response.streaming_content)
        return len(captured)

    with_3 = queries(LeadFactory.create_batch(3))
    assert queries(LeadFactory.create_batch(27)) == with_3


# The article filter


def test_the_article_filter_finds_stories_with_leads_by_their_words(sales_client):
    with_leads = PublishedArticleFactory(title="Cathode plant in Tangier")
    LeadFactory(article=with_leads)
    PublishedArticleFactory(title="Cathode prices slide")  # no lead: not offered
    found = sales_client.get(reverse("admin:leads_lead_article_choices"), {"q": "cathode"})
    assert found.json()["results"] == [{"id": with_leads.pk, "title": with_leads.title}]


def test_the_article_filter_narrows_the_list_and_keeps_other_filters(sales_client):
    story = PublishedArticleFactory(title="Cathode plant in Tangier")
    chosen = LeadFactory(article=story)
    LeadFactory(article=story, status=Lead.Status.WON)
    LeadFactory(article=PublishedArticleFactory())
    response = sales_client.get(CHANGELIST, {"article": story.pk, "status__exact": "new"})
    assert list(response.context["cl"].result_list) == [chosen]
    spec = next(s for s in response.context["cl"].filter_specs if s.title == "article")
    assert "status__exact=new" in spec.pick_url and "article=" not in spec.pick_url


def test_the_article_choices_are_closed_to_editors(client):
    client.force_login(user_in_group("Editors", "eddie"))
    assert client.get(reverse("admin:leads_lead_article_choices")).status_code == 403


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the planner's estimate is PostgreSQL's; CI runs this on PostgreSQL",
)
def test_a_long_list_is_counted_by_estimate_and_says_so(sales_client, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    from portal.pagination import LargeTablePaginator

    monkeypatch.setattr(LargeTablePaginator, "ESTIMATE_FROM", 20)
    LeadFactory.create_batch(60)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE leads_lead")
    with CaptureQueriesContext(connection) as captured:
        response = sales_client.get(CHANGELIST)
    assert not [q for q in captured if "COUNT(*)" in q["sql"] and "leads_lead" in q["sql"]]
    assert response.context["cl"].paginator.count_is_estimate
    assert "about " in response.content.decode()
    assert len(response.context["cl"].result_list) == 50


def test_a_short_list_is_counted_exactly(sales_client):
    LeadFactory.create_batch(3)
    response = sales_client.get(CHANGELIST)
    assert not response.context["cl"].paginator.count_is_estimate
    assert response.context["cl"].result_count == 3


# Merging


def _merge(client, leads):
    return client.post(
        CHANGELIST, {"action": "merge", "_selected_action": [lead.pk for lead in leads]},
        follow=True,
    )  # fmt: skip


def test_merging_keeps_the_first_lead_with_everyones_notes_and_history(sales_client, sales_user):
    first = LeadFactory(email="amina@example.com", topic="Cathode report")
    Lead.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=5))
    second = LeadFactory(email="amina@example.com", topic="Anode report", assignee=sales_user,
                         follow_up_on=timezone.localdate(), utm_source="newsletter")  # fmt: skip
    LeadNote.objects.create(lead=second, author=sales_user, text="Called about the anode plant")
    Lead.objects.filter(pk=second.pk).set_status(Lead.Status.QUALIFIED, by=sales_user)
    response = _merge(sales_client, [first, second])
    assert "Merged into" in response.content.decode()
    kept = Lead.objects.get()
    assert kept.pk == first.pk
    assert (kept.assignee, kept.follow_up_on) == (sales_user, timezone.localdate())
    texts = list(kept.notes.values_list("text", flat=True))
    assert "Called about the anode plant" in texts
    assert any("Anode report" in t and "newsletter" in t for t in texts)
    assert kept.status_changes.filter(new_status="qualified").exists()


def test_leads_of_different_people_are_not_merged(sales_client):
    leads = [LeadFactory(email="a@example.com"), LeadFactory(email="b@example.com")]
    response = _merge(sales_client, leads)
    assert "same e-mail address" in response.content.decode()
    assert Lead.objects.count() == 2


def test_one_lead_alone_is_not_merged(sales_client):
    response = _merge(sales_client, [LeadFactory()])
    assert "two or more" in response.content.decode()
    assert Lead.objects.count() == 1


def test_the_whole_list_does_not_look_filtered(sales_client):
    LeadFactory.create_batch(2)
    whole = sales_client.get(CHANGELIST).content.decode()
    assert "Show all" not in whole
    filtered = sales_client.get(CHANGELIST, {"status__exact": "won"}).content.decode()
    assert "Show all" in filtered
