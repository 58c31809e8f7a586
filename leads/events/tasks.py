"""The events' periodic work on the task queue (portal/celery.py, every minute): each
step writes outbox rows once (the database's unique keys say what is done), so a tick
run twice, or killed half-way, neither loses nor doubles an e-mail."""

from celery import shared_task
from django.db.models import Exists, OuterRef

from articles.models import Event

from ..models import Registration
from . import services


@shared_task
def events_tick():
    """Reminders due, changes to announce, recordings to offer, places to fill."""
    waiting = Registration.objects.filter(event=OuterRef("pk"), state=Registration.State.WAITING)
    filled = sum(services.fill_places(event) for event in Event.objects.filter(Exists(waiting)))
    return {
        "places filled": filled,
        "reminders": services.queue_reminders(),
        "changes announced": services.announce_changes(),
        "recordings offered": services.offer_recordings(),
    }
