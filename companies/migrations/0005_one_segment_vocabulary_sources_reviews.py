"""One segment vocabulary for companies and deals, dated and linked sources, reviews.

- Deals' segment becomes a reference to the Segment table (by slug, same column), so
  companies and deals share one list; "Mining and refining" splits into its two parts,
  and "energy_storage" is spelled like the table's slug.
- A USD amount needs no exchange rate: its rate date is cleared.
- `completion_until`, the last day of the expected completion period, is filled in.
"""

import calendar
from datetime import date

import companies.models
import django.db.models.deletion
from django.db import migrations, models


SEGMENTS = [
    ("mining", "Mining"), ("refining", "Refining"), ("precursor", "Precursor"),
    ("cathode", "Cathode"), ("anode", "Anode"), ("electrolyte", "Electrolyte"),
    ("separator", "Separator"), ("cells", "Cells"), ("packs", "Packs"), ("evs", "EVs"),
    ("recycling", "Recycling"), ("energy-storage", "Energy storage"), ("solar", "Solar"),
]
MONTHS = {"year": 12, "quarter": 3, "month": 1}


def _period_end(value, precision):
    if value is None or precision not in MONTHS:
        return value
    month = value.month - 1 + MONTHS[precision] - 1
    year = value.year + month // 12
    month = month % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def forwards(apps, schema_editor):
    Segment = apps.get_model("companies", "Segment")
    Deal = apps.get_model("companies", "Deal")
    for position, (slug, name) in enumerate(SEGMENTS):
        Segment.objects.update_or_create(slug=slug, defaults={"name": name, "position": position})
    combined = Segment.objects.filter(slug="mining-refining").first()
    if combined is not None:
        parts = list(Segment.objects.filter(slug__in=["mining", "refining"]))
        for company in combined.companies.all():
            company.segments.add(*parts)
        combined.delete()
    Deal.objects.filter(segment="energy_storage").update(segment="energy-storage")
    for slug in Deal.objects.values_list("segment", flat=True).distinct():
        Segment.objects.get_or_create(slug=slug, defaults={"name": slug.title(), "position": 99})
    Deal.objects.filter(currency="USD").update(usd_rate_date=None)
    for deal in Deal.objects.exclude(completion_on=None).only("completion_on", "completion_precision"):
        Deal.objects.filter(pk=deal.pk).update(
            completion_until=_period_end(deal.completion_on, deal.completion_precision)
        )


def backwards(apps, schema_editor):
    Deal = apps.get_model("companies", "Deal")
    Deal.objects.filter(segment="energy-storage").update(segment="energy_storage")


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0004_checked_image_fields'),
    ]

    operations = [
        migrations.AddField(
            model_name='companyfact',
            name='source_published_on',
            field=models.DateField(blank=True, null=True, verbose_name='source date'),
        ),
        migrations.AddField(
            model_name='companyfact',
            name='source_publisher',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='deal',
            name='completion_until',
            field=models.DateField(editable=False, help_text='Last day of the expected completion period.', null=True),
        ),
        migrations.AddField(
            model_name='deal',
            name='reviewed_on',
            field=models.DateField(blank=True, help_text='When an editor last checked the record against its sources.', null=True, verbose_name='last reviewed'),
        ),
        migrations.AddField(
            model_name='dealsource',
            name='figures',
            field=models.JSONField(blank=True, default=list, help_text="Which of the deal's figures this source gives.", verbose_name='figures it reports'),
        ),
        migrations.AddField(
            model_name='dealstatuschange',
            name='source',
            field=models.ForeignKey(blank=True, help_text="The source that reports this step (one of the deal's sources).", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='companies.dealsource'),
        ),
        migrations.AlterField(
            model_name='companyfact',
            name='source_url',
            field=models.CharField(blank=True, help_text='An https:// address, or a path of one of our stories (/articles/...).', max_length=500, validators=[companies.models.validate_source_url], verbose_name='source URL'),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name='dealsource',
            name='url',
            field=models.CharField(blank=True, help_text='An https:// address, or a path of one of our stories (/articles/...).', max_length=500, validators=[companies.models.validate_source_url], verbose_name='URL'),
        ),
    ]
