"""Daily roll-ups of the attribution report: for a dimension with few values a day
(campaign, medium, source, country; models.ROLLED_UP), a year of a million leads is read from a
few thousand rows instead of 330,000 leads.

`roll_up_days()` (periodic, on the task queue) counts each day before today that is not
clean, dimension by dimension, into LeadDailyCount, and marks it clean first: a lead of
that day that changes meanwhile marks it dirty again, so the next run counts it again.
`LeadQuerySet.attribution` adds up clean days and counts the others from the leads.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from .models import ROLLED_UP, Lead, LeadDailyCount, LeadDay

DAYS_PER_RUN = 400  # a first run over three years of leads takes three runs


def days_to_roll_up(limit=DAYS_PER_RUN):
    """The days before today, from the first lead's, whose counts are not current."""
    first = Lead.objects.aggregate(first=Min("created_at"))["first"]
    if first is None:
        return []
    clean = set(LeadDay.objects.filter(clean=True).values_list("day", flat=True))
    day, today, days = timezone.localdate(first), timezone.localdate(), []
    while day < today and len(days) < limit:
        if day not in clean:
            days.append(day)
        day += timedelta(days=1)
    return days


def roll_up_day(day):
    """Count the leads of `day` per value of every dimension into LeadDailyCount."""
    LeadDay.objects.update_or_create(day=day, defaults={"clean": True})
    start = timezone.make_aware(datetime.combine(day, time.min))
    leads = Lead.objects.filter(created_at__gte=start, created_at__lt=start + timedelta(days=1))
    with transaction.atomic():
        LeadDailyCount.objects.filter(day=day).delete()
        LeadDailyCount.objects.bulk_create(
            LeadDailyCount(day=day, dimension=dimension, value=row["value"],
                           leads=row["leads"], qualified=row["qualified"], won=row["won"])
            for dimension in ROLLED_UP
            for row in leads.counted_by(dimension)
        )  # fmt: skip


def roll_up_days(limit=DAYS_PER_RUN):
    """Roll up the days that need it (at most `limit`); return how many."""
    days = days_to_roll_up(limit)
    for day in days:
        roll_up_day(day)
    return len(days)
