"""A lead saved or deleted changes the counts of the day it was received on: that day is
counted from the leads again until the periodic roll-up has caught up (leads.rollups).
Status changes in bulk (LeadQuerySet.set_status) mark their days themselves."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import Lead, LeadDay


@receiver([post_save, post_delete], sender=Lead, dispatch_uid="lead-day-changed")
def lead_changed(instance, **kwargs):
    day = timezone.localdate(instance.created_at)
    if day < timezone.localdate():  # today is always counted from the leads
        LeadDay.mark_dirty([day])
