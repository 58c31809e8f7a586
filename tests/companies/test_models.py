from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from companies.dates import format_partial_date
from companies.models import Company, Deal
from tests.factories import CompanyFactory, DealFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("precision", "expected"),
    [("day", "29 March 2024"), ("month", "March 2024"), ("quarter", "Q1 2024"), ("year", "2024")],
)
def test_partial_dates_print_only_what_is_known(precision, expected):
    assert format_partial_date(date(2024, 3, 29), precision) == expected


def test_founded_in_august_2000_never_prints_as_a_day():
    company = CompanyFactory(founded_on=date(2000, 8, 17), founded_precision="month")
    company.refresh_from_db()
    assert company.founded_display == "August 2000"
    assert company.founded_on == date(2000, 8, 1)


def test_company_cannot_be_its_own_parent():
    company = CompanyFactory()
    company.parent = company
    with pytest.raises(ValidationError, match="cannot be its own parent"):
        company.full_clean()


def test_company_cannot_become_its_own_ancestor():
    group = CompanyFactory(name="Group")
    child = CompanyFactory(name="Child", parent=group)
    grandchild = CompanyFactory(name="Grandchild", parent=child)
    group.parent = grandchild
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "its own ancestor" in error.value.message_dict["parent"][0]


def test_ancestors_are_listed_nearest_first():
    group = CompanyFactory(name="Group")
    child = CompanyFactory(name="Child", parent=group)
    grandchild = CompanyFactory(name="Grandchild", parent=child)
    assert grandchild.ancestors() == [child, group]


def test_search_finds_a_company_by_a_name_in_another_script():
    btr = CompanyFactory(name="BTR New Material Group", aliases="BTR\n贝特瑞")
    CompanyFactory(name="Other")
    assert list(Company.objects.search("贝特瑞")) == [btr]


def test_company_description_is_sanitised():
    company = CompanyFactory(description="Hi <script>alert(1)</script><b onclick=x>there</b>")
    assert "<script" not in company.description_html
    assert "onclick" not in company.description_html


def test_capacity_needs_a_unit():
    deal = DealFactory.build(capacity=Decimal("50000"), capacity_unit="")
    with pytest.raises(ValidationError) as error:
        deal.full_clean()
    assert "capacity_unit" in error.value.message_dict


def test_negative_amounts_are_refused_by_validation():
    deal = DealFactory.build(amount=Decimal("-1"))
    with pytest.raises(ValidationError) as error:
        deal.full_clean()
    assert "amount" in error.value.message_dict


def test_negative_amounts_are_refused_by_the_database():
    deal = DealFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Deal.objects.filter(pk=deal.pk).update(amount_usd=Decimal("-5"))


def test_amount_needs_a_currency():
    deal = DealFactory.build(currency="")
    with pytest.raises(ValidationError) as error:
        deal.full_clean()
    assert "currency" in error.value.message_dict


def test_key_date_and_year_come_from_signed_else_announced():
    signed = DealFactory(signed_on=date(2024, 3, 29), announced_on=date(2023, 1, 1))
    announced = DealFactory(signed_on=None, announced_on=date(2024, 8, 20),
                            announced_precision="month")  # fmt: skip
    assert (signed.key_date, signed.year) == (date(2024, 3, 29), 2024)
    assert (announced.key_date, announced.year) == (date(2024, 8, 1), 2024)


def test_totals_keep_reported_amounts_caps_and_estimates_apart():
    DealFactory(amount=Decimal("297000000"))
    DealFactory(amount=Decimal("366000000"), amount_qualifier=Deal.AmountQualifier.UP_TO)
    DealFactory(amount=Decimal("20000000"), amount_qualifier=Deal.AmountQualifier.ESTIMATE)
    DealFactory(amount_usd=None, amount=None)
    assert Deal.objects.totals() == {
        "count": 4, "reported_usd": Decimal("297000000"), "up_to_usd": Decimal("366000000"),
        "estimate_usd": Decimal("20000000"), "undisclosed": 1,
    }  # fmt: skip


def test_a_usd_amount_is_its_own_usd_amount_with_no_exchange_rate_date():
    deal = DealFactory(
        amount=Decimal("297000000"), amount_usd=None, usd_rate_date=date(2024, 3, 29)
    )
    deal.refresh_from_db()
    assert (deal.amount_usd, deal.usd_rate_date) == (Decimal("297000000"), None)


def test_a_converted_amount_needs_its_exchange_rate_date():
    deal = DealFactory.build(
        currency="EUR", amount=Decimal("1800000000"), amount_usd=Decimal("1950000000")
    )
    with pytest.raises(ValidationError) as error:
        deal.full_clean()
    assert "usd_rate_date" in error.value.message_dict


def test_expected_completion_passed_without_a_review_is_possibly_out_of_date():
    today = date(2026, 12, 2)
    stale = DealFactory(completion_on=date(2026, 9, 1), completion_precision="month",
                        reviewed_on=date(2024, 9, 12))  # fmt: skip
    DealFactory(
        completion_on=date(2026, 9, 1), completion_precision="month", reviewed_on=date(2026, 10, 1)
    )  # reviewed since
    DealFactory(completion_on=date(2026, 1, 1), completion_precision="year")  # until 31 Dec
    DealFactory(completion_on=date(2025, 1, 1), status=Deal.Status.OPERATING)  # done
    assert list(Deal.objects.possibly_out_of_date(today)) == [stale]
    assert stale.is_possibly_out_of_date(today)
