"""The newsletter's work on the task queue."""

from celery import shared_task
from django.conf import settings

from . import alerts, editions, mail, sending
from .models import Delivery, Edition


@shared_task
def send_confirmation(confirmation_id):
    """Send a waiting double opt-in confirmation e-mail (once; retried by the outbox)."""
    return mail.confirmation_send(confirmation_id=confirmation_id)


@shared_task
def newsletter_tick():
    """Every minute (settings): prepare the next editions, start those due, queue the
    alerts of new stories, and set batches going while deliveries wait."""
    for kind in Edition.Kind.values:
        for language, _name in settings.LANGUAGES:
            editions.prepare(kind, language=language)
    for edition in editions.due_editions():
        sending.queue_edition(edition)
    alerts.queue_alerts()
    waiting = Delivery.objects.filter(state=Delivery.State.QUEUED).exists()
    if waiting:
        for _ in range(settings.NEWSLETTER_WORKERS):
            send_newsletter_batch.delay()
    return waiting


@shared_task
def send_newsletter_batch():
    """Send one batch; queue the next while deliveries wait (any number run at once)."""
    sent = sending.send_batch()
    if sent and Delivery.objects.filter(state=Delivery.State.QUEUED).exists():
        send_newsletter_batch.delay()
    return sent
