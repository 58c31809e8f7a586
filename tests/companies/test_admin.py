import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from companies.models import Company, Deal, DealStatusChange
from tests.factories import CompanyFactory, DealFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def _company_form(company, **overrides):
    data = {
        "name": company.name,
        "slug": company.slug,
        "legal_name": "",
        "aliases": "",
        "kind": company.kind,
        "parent": company.parent_id or "",
        "summary": "",
        "description": "",
        "founded_on": "",
        "founded_precision": "day",
        "country": company.country.code,
        "city": "",
        "stock_exchange": "",
        "ticker": "",
        "website": "",
        "logo_alt": "",
        "facts-TOTAL_FORMS": "0",
        "facts-INITIAL_FORMS": "0",
        "facts-MIN_NUM_FORMS": "0",
        "facts-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def _inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _deal_form(**overrides):
    data = {
        "title": "Tangier cathode plant",
        "slug": "tangier-cathode-plant",
        "kind": "investment_agreement",
        "status": "agreement_signed",
        "segment": "cathode",
        "chemistry": "",
        "summary": "",
        "editor_note": "",
        "country": "MA",
        "region": "",
        "site_name": "",
        "site_aliases": "",
        "amount": "297000000",
        "currency": "USD",
        "amount_qualifier": "reported",
        "amount_usd": "297000000",
        "capacity": "50000",
        "capacity_unit": "t/yr",
        "announced_precision": "day",
        "signed_on": "2024-03-29",
        "signed_precision": "day",
        "completion_precision": "month",
        **_inline_management("parties"),
        **_inline_management("phases"),
        **_inline_management("status_history"),
        **_inline_management("sources"),
    }
    data.update(overrides)
    return data


def test_admin_refuses_a_parent_that_would_make_a_cycle(editor_client):
    group = CompanyFactory(name="China Baoan Group")
    btr = CompanyFactory(name="BTR New Material Group", parent=group)
    response = editor_client.post(
        reverse("admin:companies_company_change", args=[group.pk]),
        _company_form(group, parent=btr.pk),
    )
    assert response.status_code == 200
    assert "its own ancestor" in response.content.decode()
    group.refresh_from_db()
    assert group.parent is None


def test_editor_adds_a_deal_with_phases_and_a_party(editor_client):
    company = CompanyFactory()
    data = _deal_form(
        **_inline_management("parties", 1),
        **{"parties-0-company": company.pk, "parties-0-role": "investor"},
        **_inline_management("phases", 2),
        **{"phases-0-number": "1", "phases-0-capacity": "25000",
           "phases-0-completion_precision": "month",
           "phases-1-number": "2", "phases-1-capacity": "25000",
           "phases-1-completion_precision": "month"},
    )  # fmt: skip
    response = editor_client.post(reverse("admin:companies_deal_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    deal = Deal.objects.get(slug="tangier-cathode-plant")
    assert deal.phases.count() == 2
    assert deal.parties.get().company == company


def test_admin_refuses_phases_larger_than_the_total_capacity(editor_client):
    data = _deal_form(
        **_inline_management("phases", 2),
        **{"phases-0-number": "1", "phases-0-capacity": "40000",
           "phases-0-completion_precision": "month",
           "phases-1-number": "2", "phases-1-capacity": "20000",
           "phases-1-completion_precision": "month"},
    )  # fmt: skip
    response = editor_client.post(reverse("admin:companies_deal_add"), data)
    assert response.status_code == 200
    assert "more than the deal&#x27;s total capacity" in response.content.decode()
    assert not Deal.objects.exists()


def test_admin_refuses_capacity_without_unit_and_negative_amounts(editor_client):
    data = _deal_form(capacity_unit="", amount="-5")
    response = editor_client.post(reverse("admin:companies_deal_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "capacity_unit" in errors
    assert "amount" in errors
    assert not Deal.objects.exists()


def test_changing_status_in_the_admin_records_a_dated_history_entry(editor_client):
    deal = DealFactory(slug="tangier-cathode-plant", status="agreement_signed")
    data = _deal_form(status="under_construction")
    response = editor_client.post(reverse("admin:companies_deal_change", args=[deal.pk]), data)
    assert response.status_code == 302
    assert DealStatusChange.objects.filter(deal=deal, status="under_construction").exists()


def test_article_admin_autocompletes_companies(editor_client):
    CompanyFactory(name="BTR New Material Group", aliases="贝特瑞")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "贝特瑞", "app_label": "articles", "model_name": "article",
         "field_name": "companies"},
    )  # fmt: skip
    assert [r["text"] for r in response.json()["results"]] == ["BTR New Material Group"]


def test_article_page_links_the_companies_and_deals_it_mentions(client):
    article = PublishedArticleFactory()
    company = CompanyFactory(name="BTR New Material Group")
    deal = DealFactory(title="Tangier cathode plant")
    article.companies.add(company)
    article.deals.add(deal)
    text = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{company.get_absolute_url()}"' in text
    assert f'href="{deal.get_absolute_url()}"' in text


def test_company_admin_search_finds_aliases(editor_client):
    CompanyFactory(name="BTR", aliases="贝特瑞")
    response = editor_client.get(reverse("admin:companies_company_changelist"), {"q": "贝特瑞"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert Company.objects.count() == 1


def _png(size, mode="1"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("logo.png", b"not a picture", content_type="image/png"),
         "not an image we can read"),
        (_png((10_000, 6_000)), "too many pixels"),
        (_png((12_000, 10_000)), "too many pixels"),
        (_png((300, 300), mode="RGB"), None),
        (_png((60, 60), mode="RGB"), "at least 100 pixels wide"),
    ],
    ids=["not-an-image", "bomb-60mp", "bomb-120mp", "fine", "thumbnail"],
)  # fmt: skip
def test_company_logos_get_the_image_checks_of_hero_images(editor_client, upload, message):
    company = CompanyFactory()
    response = editor_client.post(
        reverse("admin:companies_company_change", args=[company.pk]),
        _company_form(company, logo=upload, logo_alt="Logo"),
    )
    if message is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["logo"])
    company.refresh_from_db()
    assert not company.logo


def test_a_gif_logo_is_refused(editor_client):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300)).save(buffer, format="GIF")
    company = CompanyFactory()
    response = editor_client.post(
        reverse("admin:companies_company_change", args=[company.pk]),
        _company_form(company, logo=SimpleUploadedFile("l.gif", buffer.getvalue()), logo_alt="L"),
    )
    assert "GIF images are not accepted" in " ".join(
        response.context["adminform"].form.errors["logo"]
    )


def test_a_logo_assigned_outside_a_form_is_checked_by_full_clean():
    company = CompanyFactory()
    company.logo = _png((12_000, 10_000))
    with pytest.raises(ValidationError, match="too many pixels"):
        company.full_clean()


def test_a_deals_saved_sources_open_from_the_admin(editor_client):
    deal = DealFactory()
    deal.sources.create(title="BTR press release", url="https://www.btrchina.com/news/1")
    page = editor_client.get(reverse("admin:companies_deal_change", args=[deal.pk]))
    assert (
        '<a class="source-link" href="https://www.btrchina.com/news/1" target="_blank" '
        'rel="noopener noreferrer">Open ↗</a>'
    ) in page.content.decode()


def test_a_company_facts_sources_open_from_the_admin(editor_client):
    company = CompanyFactory()
    company.facts.create(
        label="Listing", value="Beijing Stock Exchange", source_url="https://www.bse.cn/"
    )
    page = editor_client.get(reverse("admin:companies_company_change", args=[company.pk]))
    assert 'class="source-link" href="https://www.bse.cn/"' in page.content.decode()


def test_every_long_choice_in_the_deal_and_company_forms_is_an_autocomplete(editor_client):
    from django.contrib.admin.widgets import AutocompleteMixin

    for url in ["admin:companies_deal_add", "admin:companies_company_add"]:
        response = editor_client.get(reverse(url))
        forms = [response.context["adminform"].form]
        forms += [f for formset in response.context["inline_admin_formsets"]
                  for f in formset.formset.forms]  # fmt: skip
        for form in forms:
            for name, field in form.fields.items():
                queryset = getattr(field, "queryset", None)
                if queryset is None or queryset.model._meta.model_name == "segment":
                    continue  # a handful of segments: a plain list is quicker
                widget = getattr(field.widget, "widget", field.widget)
                if widget.is_hidden:
                    continue  # an inline row's own key and its parent
                assert isinstance(widget, AutocompleteMixin), f"{url}: {name}"


def test_editor_marks_a_stale_deal_reviewed_and_its_page_says_so_at_once(editor_client, client):
    from datetime import date

    from django.utils import timezone

    deal = DealFactory(completion_on=date(2020, 1, 1), completion_precision="year")
    assert "Possibly out of date" in client.get(deal.get_absolute_url()).content.decode()
    response = editor_client.post(
        reverse("admin:companies_deal_changelist"),
        {"action": "mark_reviewed_today", "_selected_action": [deal.pk]},
        follow=True,
    )
    assert "1 deal marked as reviewed today." in response.content.decode()
    deal.refresh_from_db()
    assert deal.reviewed_on == timezone.localdate()
    assert "Possibly out of date" not in client.get(deal.get_absolute_url()).content.decode()


def test_a_status_change_can_cite_only_its_own_deals_sources(editor_client):
    deal, other = DealFactory(), DealFactory()
    own = deal.sources.create(title="Own source", url="https://example.com/own")
    other.sources.create(title="Someone else's source", url="https://example.com/other")
    text = editor_client.get(reverse("admin:companies_deal_change", args=[deal.pk])).content
    assert own.title.encode() in text
    assert b"Someone else&#x27;s source" not in text
