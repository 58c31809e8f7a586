"""What brings leads: leads, qualified and won per story, source, campaign and country."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.text import Truncator

from articles.models import Article
from portal.charts import bar_chart
from portal.exports import csv_response

from ..forms import AttributionPeriodForm
from ..models import ATTRIBUTION, Lead

CHART_LABEL = 44  # characters of a label in an attribution chart (fits a phone; the table has all)


def attribution_view(model_admin, request):
    """What brings leads, for a period: Sales see every dimension; Editors the
    counts per story and per event only (never a lead's personal data, which this page
    has none of)."""
    if model_admin.has_view_permission(request):
        dimensions = list(ATTRIBUTION)
    elif request.user.has_perm(Article.publish_permission()):
        dimensions = ["article", "event"]
    else:
        raise PermissionDenied
    asked = AttributionPeriodForm(request.GET or None)
    since, until = asked.period()
    form = AttributionPeriodForm(initial={"since": since, "until": until})
    tables = [
        (key, ATTRIBUTION[key][1], Lead.objects.attribution(key, since, until))
        for key in dimensions
    ]
    if request.GET.get("format") == "csv":
        rows = ([title, row["label"], row["leads"], row["qualified"], row["won"]]
                    for _, title, table in tables for row in table)  # fmt: skip
        return csv_response(
                f"leads-attribution-{since}-{until}.csv",
                ["dimension", "value", "leads", "qualified_or_won", "won"], rows,
            )  # fmt: skip
    sections = [
            {"key": key, "title": title, "rows": rows,
             "chart": bar_chart((Truncator(r["label"]).chars(CHART_LABEL), r["leads"], r["leads"])
                                for r in rows[:10])}
            for key, title, rows in tables
        ]  # fmt: skip
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "What brings leads",
        "opts": model_admin.model._meta,
        "form": form,
        "invalid_dates": asked.is_bound and bool(asked.errors),
        "since": since,
        "until": until,
        "sections": sections,
        "csv_query": urlencode({"since": since, "until": until, "format": "csv"}),
    }
    return TemplateResponse(request, "admin/leads/lead/attribution.html", context)
