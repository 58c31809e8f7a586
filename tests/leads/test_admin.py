import csv
import io

import pytest
from django.urls import reverse

from leads.models import Lead, LeadNote
from tests.factories import LeadFactory, PublishedArticleFactory, user_in_group

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:leads_lead_changelist")


@pytest.fixture
def editor_client(client):
    client.force_login(user_in_group("Editors", "eddie.editor"))
    return client


def _action(client, action, leads):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [lead.pk for lead in leads]}
    )


def test_sales_sees_new_leads_with_their_source_article(sales_client):
    article = PublishedArticleFactory(title="BTR signs cathode deal")
    LeadFactory(article=article, name="Amina El Idrissi")
    response = sales_client.get(CHANGELIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Amina El Idrissi" in text
    assert "BTR signs cathode deal" in text


@pytest.mark.parametrize(
    "query",
    ["?status__exact=new", "?assignee=me", "?assignee=none", "?q=atlas", "?created_at__year=2026",
     "?kind__exact=report", "?email=reader0%40example.com", "?article=not-a-story",
     "?queue=mine", "?queue=due", "?queue=overdue", "?queue=unassigned"],
)  # fmt: skip
def test_sales_desk_filters_and_search_answer(sales_client, query):
    LeadFactory()
    assert sales_client.get(CHANGELIST + query).status_code == 200


def test_assign_to_me_action(sales_client, sales_user):
    lead = LeadFactory()
    _action(sales_client, "assign_to_me", [lead])
    lead.refresh_from_db()
    assert lead.assignee == sales_user


def test_mark_contacted_moves_only_new_leads(sales_client):
    new, won = LeadFactory(), LeadFactory(status=Lead.Status.WON)
    _action(sales_client, "mark_contacted", [new, won])
    new.refresh_from_db()
    won.refresh_from_db()
    assert (new.status, won.status) == (Lead.Status.CONTACTED, Lead.Status.WON)


def test_mark_spam_action(sales_client):
    lead = LeadFactory()
    _action(sales_client, "mark_spam", [lead])
    lead.refresh_from_db()
    assert lead.status == Lead.Status.SPAM


def _change_data(lead, **overrides):
    data = {
        "status": lead.status,
        "assignee": lead.assignee_id or "",
        "follow_up_on": lead.follow_up_on.isoformat() if lead.follow_up_on else "",
        "next_step": lead.next_step,
        "new_note": "",
    }
    data.update(overrides)
    return data


def test_sales_changes_status_assigns_and_adds_a_note_signed_with_their_name(
    sales_client, sales_user
):
    lead = LeadFactory()
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    response = sales_client.post(
        url,
        _change_data(lead, status="qualified", assignee=sales_user.pk,
                     new_note="Called, wants pricing."),
    )  # fmt: skip
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == Lead.Status.QUALIFIED
    assert lead.assignee == sales_user
    note = LeadNote.objects.get()
    assert (note.author, note.text) == (sales_user, "Called, wants pricing.")


def test_assignee_must_be_a_member_of_sales(sales_client):
    lead = LeadFactory()
    editor = user_in_group("Editors", "not.sales")
    response = sales_client.post(
        reverse("admin:leads_lead_change", args=[lead.pk]), _change_data(lead, assignee=editor.pk)
    )
    assert response.status_code == 200
    assert "assignee" in response.context["adminform"].form.errors


def test_reader_fields_cannot_be_changed_by_staff(sales_client):
    lead = LeadFactory(name="Original")
    sales_client.post(
        reverse("admin:leads_lead_change", args=[lead.pk]), _change_data(lead, name="Changed")
    )
    lead.refresh_from_db()
    assert lead.name == "Original"


def test_lead_message_is_shown_as_text_never_as_html(sales_client):
    lead = LeadFactory(message="<script>alert(1)</script><b>bold</b>", name="<i>Name</i>")
    text = sales_client.get(reverse("admin:leads_lead_change", args=[lead.pk])).content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<i>Name</i>" not in text


def test_earlier_leads_from_the_same_email_are_counted_and_linked(sales_client):
    LeadFactory(email="amina@example.com")
    LeadFactory(email="amina@example.com")
    latest = LeadFactory(email="amina@example.com")
    response = sales_client.get(reverse("admin:leads_lead_change", args=[latest.pk]))
    text = response.content.decode()
    assert "?email=amina%40example.com" in text
    assert Lead.objects.with_earlier_count().get(pk=latest.pk).earlier_count == 2


def test_changelist_queries_do_not_grow_with_leads(sales_client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    LeadFactory.create_batch(3, article=PublishedArticleFactory())
    with CaptureQueriesContext(connection) as small:
        sales_client.get(CHANGELIST)
    LeadFactory.create_batch(30, article=PublishedArticleFactory())
    with CaptureQueriesContext(connection) as large:
        sales_client.get(CHANGELIST)
    assert len(small) == len(large)


def test_csv_export_of_selected_leads_neutralises_formulas(sales_client):
    chosen = LeadFactory(name='=HYPERLINK("http://evil")', company="@SUM(A1)")
    LeadFactory(name="Not selected")
    response = _action(sales_client, "export_csv", [chosen])
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["email"] for r in rows] == [chosen.email]
    assert rows[0]["name"].startswith("'=")
    assert rows[0]["company"] == "'@SUM(A1)"


def test_staff_cannot_type_in_leads(sales_client):
    assert sales_client.get(reverse("admin:leads_lead_add")).status_code == 403


# Roles both ways


def test_editor_is_refused_the_leads(editor_client):
    lead = LeadFactory()
    assert editor_client.get(CHANGELIST).status_code == 403
    assert editor_client.get(reverse("admin:leads_lead_change", args=[lead.pk])).status_code == 403


def test_editor_does_not_see_the_sales_desk_in_the_admin_index(editor_client):
    text = editor_client.get(reverse("admin:index")).content.decode()
    assert "Sales desk" not in text
    assert "Articles" in text


@pytest.mark.parametrize(
    "url_name",
    ["admin:articles_article_changelist", "admin:articles_article_add",
     "admin:companies_company_add", "admin:companies_deal_changelist",
     "admin:auth_user_changelist"],
)  # fmt: skip
def test_sales_is_refused_content_and_accounts(sales_client, url_name):
    assert sales_client.get(reverse(url_name)).status_code == 403


def test_sales_cannot_publish_articles_by_posting_the_action(sales_client):
    from articles.models import Article
    from tests.factories import DraftArticleFactory

    draft = DraftArticleFactory()
    response = sales_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_now", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 403
    assert not Article.objects.published().exists()


def test_sales_cannot_delete_leads(sales_client):
    lead = LeadFactory()
    response = sales_client.get(reverse("admin:leads_lead_delete", args=[lead.pk]))
    assert response.status_code == 403


def test_an_editor_refused_the_sales_desk_stays_in_the_admin_and_is_told_why(editor_client):
    response = editor_client.get(CHANGELIST)
    assert response.status_code == 403
    text = response.content.decode()
    assert "Not part of your role" in text
    assert 'id="site-name"' in text  # the admin's header, not the public site's page
