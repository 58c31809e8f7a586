"""What the deals tracker shows about a set of deals: totals, tables, charts and the map.

Every money total keeps reported amounts, caps ("up to") and estimates apart; every
capacity total is per unit (tonnes, GWh and MW never add up). The tracker, its map page,
company profiles and the API all take their figures from here.
"""

from itertools import groupby

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncQuarter
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from portal.cache.memo import memo
from portal.charts import stacked_chart
from portal.pagination import query_digest

from . import worldmap
from .dates import DatePrecision, format_partial_date
from .models import Deal, DealStatusChange, usd_split
from .templatetags.money import describe_usd, quantity

MONEY_KEYS = [("reported_usd", _("Reported")), ("up_to_usd", _("Up to (caps)")),
              ("estimate_usd", _("Estimates"))]  # fmt: skip
TIMELINE_KEYS = [*MONEY_KEYS, ("cancelled_usd", _("Cancelled"))]
CANCELLED_SPLIT = [("reported_usd", Deal.AmountQualifier.REPORTED),
                   ("up_to_usd", Deal.AmountQualifier.UP_TO),
                   ("estimate_usd", Deal.AmountQualifier.ESTIMATE)]  # fmt: skip
CHARTS_TEMPLATE = "companies/includes/deal_charts.html"
STATUS_NAMES = dict(Deal.Status.choices)


def summary(deals):
    """Return {totals, by_country, by_year, timeline, capacity, charts} of the `deals`.

    Worked out once per filter and content generation (a memo), since only a change to
    the deals can change it.
    """
    deals = deals.order_by()
    digest = query_digest(deals)
    if digest is None:  # a filter that can match nothing
        return _summary(deals)
    return memo(f"deals:summary:{digest}", lambda: _summary(deals))


def _summary(deals):
    by_country = [
        {**row, "country_name": countries.name(row["country"]) or row["country"]}
        for row in deals.usd_by_country()
    ]
    timeline = quarterly_timeline(deals)
    # Every deal has a country, and a year only with a key date: the totals add up the
    # country rows and the years their quarters (two queries fewer than asking again).
    totals = _added_up(by_country)
    by_year = [
        {"year": year, **_added_up(rows)}
        for year, rows in groupby(
            (row for row in timeline if row["count"]), key=lambda row: row["quarter"].year
        )
    ]
    capacity = capacity_by_status(deals)
    charts = render_to_string(
        CHARTS_TEMPLATE,
        {
            "by_country": by_country, "by_year": by_year, "timeline": timeline,
            "capacity": capacity,
            "country_chart": _money_chart((r["country_name"], r) for r in by_country),
            "year_chart": _money_chart((str(r["year"]), r) for r in by_year),
            "timeline_chart": stacked_chart(
                ((r["label"], r) for r in timeline), TIMELINE_KEYS, _describe_quarter,
                side_by_side=("cancelled_usd",),
            ),
        },
    )  # fmt: skip
    return {
        "totals": totals, "by_country": by_country, "by_year": by_year,
        "timeline": timeline, "capacity": capacity, "charts": mark_safe(charts),  # noqa: S308
    }  # fmt: skip


def _added_up(rows):
    """Return count and USD totals (each kind apart) of summary rows, like `totals()`."""
    totals = {"count": 0, "undisclosed": 0, "reported_usd": None, "up_to_usd": None,
              "estimate_usd": None}  # fmt: skip
    for row in rows:
        for key, value in row.items():
            if key in totals and value is not None:
                totals[key] = (totals[key] or 0) + value
    return totals


def _money_chart(rows):
    return stacked_chart(rows, MONEY_KEYS, describe_usd)


def _describe_quarter(values):
    text = gettext("Announced: %(amounts)s") % {"amounts": describe_usd(values)}
    if values.get("cancelled_usd"):
        cancelled = describe_usd(values["cancelled_split"])
        text += gettext("; cancelled: %(amounts)s") % {"amounts": cancelled}
    return text


def quarterly_timeline(deals):
    """Return rows of quarter, announced USD (reported, caps, estimates apart), cancelled USD.

    A deal counts as announced in the quarter of its key date (signed, else announced),
    and as cancelled in the quarter its status history records the cancellation.
    """
    announced = (
        deals.exclude(key_date__isnull=True)
        .annotate(quarter=TruncQuarter("key_date"))
        .values("quarter")
        .annotate(**usd_split())
    )
    cancelled = (
        DealStatusChange.objects.filter(deal__in=deals, status=Deal.Status.CANCELLED)
        .annotate(quarter=TruncQuarter("changed_on"))
        .values("quarter")
        .annotate(
            cancelled=Count("deal"),
            cancelled_usd=Sum("deal__amount_usd"),  # the bar's length only, never printed
            **{
                f"cancelled_{name}": Sum("deal__amount_usd", filter=Q(deal__amount_qualifier=kind))
                for name, kind in CANCELLED_SPLIT
            },
        )
        .order_by()
    )
    rows = {}
    for row in announced:
        rows[row["quarter"]] = {**row, "cancelled_usd": None, "cancelled": 0}
    for row in cancelled:
        rows.setdefault(row["quarter"], {"quarter": row["quarter"], "count": 0}).update(row)
    for row in rows.values():
        row["cancelled_split"] = {name: row.get(f"cancelled_{name}") for name, _ in CANCELLED_SPLIT}
    return [
        {**row, "label": format_partial_date(quarter, DatePrecision.QUARTER)}
        for quarter, row in sorted(rows.items())
    ]


def capacity_by_status(deals):
    """Return [{unit, rows: [{status, status_name, count, capacity_total}], total}] per unit."""
    units = {}
    for row in deals.capacity_by_status():
        unit = units.setdefault(row["capacity_unit"], {
            "unit": row["capacity_unit"], "rows": [],
            "label": Deal.CapacityUnit(row["capacity_unit"]).label if row["capacity_unit"] else "",
        })  # fmt: skip
        unit["rows"].append({**row, "status_name": STATUS_NAMES.get(row["status"], row["status"])})
    for unit in units.values():
        unit["total"] = sum(row["capacity_total"] for row in unit["rows"])
        largest = max(row["capacity_total"] for row in unit["rows"]) or 1
        for row in unit["rows"]:
            row["percent"] = round(float(row["capacity_total"] / largest * 100), 1)
    return list(units.values())


MAP_MEASURES = [("investment", _("Investment (USD)"))] + [
    (value.replace("/", "-").lower(), format_lazy(_("Capacity ({unit})"), unit=label))
    for value, label in Deal.CapacityUnit.choices
]
UNITS_BY_MEASURE = {unit.replace("/", "-").lower(): unit for unit in Deal.CapacityUnit.values}


def world_map(deals, measure):
    """Return the map page's map of one measure: investment, or capacity in one unit.

    One map at a time (each is some 80 kB of country shapes), chosen by `measure`.
    """
    if measure not in dict(MAP_MEASURES):
        measure = "investment"
    digest = query_digest(deals.order_by())
    if digest is None:
        return _world_map(deals, measure)
    return memo(f"deals:map:{measure}:{digest}", lambda: _world_map(deals, measure))


def _world_map(deals, measure):
    if measure == "investment":
        money = {row["country"]: row for row in deals.usd_by_country() if row["usd_all"]}
        return worldmap.choropleth(
            key=measure,
            title=gettext("Investment by country (US dollars)"),
            values={code: row["usd_all"] for code, row in money.items()},
            describe=lambda code: describe_usd(money[code]),
            shade_note=gettext(
                "The shading adds reported amounts, caps and estimates; the words and the "
                "table keep them apart."
            ),
        )
    unit = UNITS_BY_MEASURE[measure]
    label = Deal.CapacityUnit(unit).label
    values = {
        row["country"]: row["capacity_total"]
        for row in deals.filter(capacity_unit=unit).capacity_by_country()
    }
    return worldmap.choropleth(
        key=measure,
        title=gettext("Capacity by country (%(unit)s)") % {"unit": label},
        values=values,
        describe=lambda code: quantity(values[code], label),
    )
