"""Whatever an editor or a reader types comes out escaped everywhere it is shown."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from companies.models import CompanyFact
from tests.factories import (
    AuthorFactory,
    CompanyFactory,
    DealFactory,
    ImageFactory,
    LeadFactory,
    PublishedArticleFactory,
    ScheduledArticleFactory,
    SectionFactory,
    StaffUserFactory,
)

pytestmark = pytest.mark.django_db
PAYLOAD = '</script><script>alert("x")</script>"\'><img src=x onerror=alert(1)>'
DANGEROUS = [re.compile(r"<script>alert"), re.compile(r"<img src=x onerror")]


SHOWN_ESCAPED = re.compile(r"&lt;/script&gt;&lt;script&gt;alert")


def _assert_inert(text, where):
    assert SHOWN_ESCAPED.search(text), f"{where}: the payload is not shown (escaped) at all"
    for pattern in DANGEROUS:
        assert not pattern.search(text), f"{where}: {pattern.pattern}"


@pytest.fixture
def poisoned():
    section = SectionFactory(name=f"Section {PAYLOAD}", description=PAYLOAD)
    author = AuthorFactory(name=f"Author {PAYLOAD}", bio=PAYLOAD)
    article = PublishedArticleFactory(
        title=f"Title {PAYLOAD}", dek=f"Dek {PAYLOAD}", body=f"Body {PAYLOAD}",
        meta_description=PAYLOAD, section=section,
        hero=ImageFactory(alt_text=f"Alt {PAYLOAD}", caption=f"Caption {PAYLOAD}",
                          credit=PAYLOAD),
        authors=[author], tags=[f"tag {PAYLOAD}"[:90]],
    )  # fmt: skip
    ScheduledArticleFactory(title=f"Scheduled {PAYLOAD}", section=section)  # the schedule page
    company = CompanyFactory(
        name=f"Company {PAYLOAD}", legal_name=PAYLOAD, aliases=PAYLOAD, summary=PAYLOAD,
        description=PAYLOAD, city=PAYLOAD,
    )  # fmt: skip
    CompanyFact.objects.create(
        company=company, label=PAYLOAD, value=PAYLOAD, source_title=PAYLOAD,
        source_url="https://example.com/?q=%3Cscript%3E",
    )  # fmt: skip
    deal = DealFactory(
        title=f"Deal {PAYLOAD}", summary=PAYLOAD, editor_note=PAYLOAD, site_name=PAYLOAD,
        site_aliases=PAYLOAD, region=PAYLOAD, chemistry=PAYLOAD[:80],
    )  # fmt: skip
    article.companies.add(company)
    article.deals.add(deal)
    lead = LeadFactory(
        name=f"Lead {PAYLOAD}"[:120], company=PAYLOAD[:160], message=PAYLOAD, topic=PAYLOAD[:200],
        article=article,
    )  # fmt: skip
    return article, company, deal, lead


def test_public_pages_escape_every_field(client, poisoned):
    article, company, deal, _ = poisoned
    for url in ["/", "/news/", article.get_absolute_url(), article.section.get_absolute_url(),
                article.authors.first().get_absolute_url(), company.get_absolute_url(),
                "/companies/", deal.get_absolute_url(), "/deals/", "/search/?q=title",
                f"/contact/?article={article.slug}"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_inert(response.content.decode(), url)


def test_json_ld_cannot_be_broken_out_of(client, poisoned):
    article, company, _, _ = poisoned
    for url in [article.get_absolute_url(), company.get_absolute_url()]:
        html = client.get(url).content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert blocks
        for block in blocks:
            json.loads(block)
            assert "</script" not in block.lower()


def test_feeds_escape_every_field(client, poisoned):
    for url in ["/feeds/latest/", "/feeds/atom/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_inert(response.content.decode(), url)


def test_admin_pages_escape_every_field(client, poisoned):
    article, company, deal, lead = poisoned
    client.force_login(StaffUserFactory(is_superuser=True))
    for url in [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:companies_company_change", args=[company.pk]),
        reverse("admin:companies_deal_change", args=[deal.pk]),
        reverse("admin:leads_lead_changelist"),
        reverse("admin:leads_lead_change", args=[lead.pk]),
        reverse("admin:articles_article_schedule"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_inert(response.content.decode(), url)


def test_csv_exports_quote_the_payload(client, poisoned):
    _, _, _, lead = poisoned
    text = b"".join(client.get("/deals/export.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["title"] == f"Deal {PAYLOAD}"
    client.force_login(StaffUserFactory(is_superuser=True))
    response = client.post(
        reverse("admin:leads_lead_changelist"),
        {"action": "export_csv", "_selected_action": [lead.pk]},
    )
    rows = list(csv.DictReader(io.StringIO(
        b"".join(response.streaming_content).decode("utf-8-sig")
    )))  # fmt: skip
    assert rows[0]["message"] == PAYLOAD
