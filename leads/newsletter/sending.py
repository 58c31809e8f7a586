"""Sending editions and alerts: one `Delivery` row per subscriber and message, written
in bulk, then sent in batches by any number of workers.

Each row is locked (`SKIP LOCKED`) while its message goes to the mail server and marked
sent in the same transaction, one row per transaction over one SMTP connection per
batch: two workers never send the same row, a worker killed half-way leaves its current
row queued, and a send stopped by a crash or a deploy goes on from where it was.
"""

import logging
import time

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone, translation

from articles.models import Article

from . import mail
from .alerts import followed_for
from .editions import latest_deals, upcoming_events
from .models import Delivery, Edition, Subscriber, Suppression

logger = logging.getLogger(__name__)
BULK = 5000  # rows written per INSERT when queueing an edition


def queue_edition(edition):
    """Write a delivery for every subscriber receiving `edition`'s kind (again: rows
    already there are kept, none doubled), and mark it sending. Return how many
    deliveries the edition has."""
    receiving = Subscriber.objects.receiving().filter(
        **{edition.kind: True}, language=edition.language
    )
    ids = receiving.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=BULK)
    batch = []
    for subscriber_id in ids:
        batch.append(Delivery(subscriber_id=subscriber_id, edition=edition))
        if len(batch) == BULK:
            Delivery.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Delivery.objects.bulk_create(batch, ignore_conflicts=True)
    Edition.objects.filter(pk=edition.pk).update(state=Edition.State.SENDING)
    return edition.deliveries.count()


def send_batch(limit=None):
    """Send up to `limit` queued deliveries (NEWSLETTER_BATCH), at most NEWSLETTER_RATE
    a second from this worker; return how many were sent. Stops at a mail-server
    failure (the row is tried again in a later batch, up to Delivery.MAX_ATTEMPTS)."""
    limit = limit or settings.NEWSLETTER_BATCH
    interval = 1 / settings.NEWSLETTER_RATE if settings.NEWSLETTER_RATE else 0
    rendered, sent = {}, 0
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
        for _ in range(limit):
            started = time.monotonic()
            outcome = _send_next(connection, rendered)
            if outcome in ("none", "failed"):
                break
            sent += outcome == "sent"
            if interval:
                time.sleep(max(0.0, interval - (time.monotonic() - started)))
    finally:
        connection.close()
    finish_editions()
    return sent


def _send_next(connection, rendered):
    with transaction.atomic():
        # One query: the next queued row (locked), its subscriber, and whether the
        # address is suppressed; the message itself is rendered once per batch.
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscriber")
            .annotate(
                suppressed=Exists(Suppression.objects.filter(email=OuterRef("subscriber__email")))
            )
            .filter(state=Delivery.State.QUEUED)
            .order_by("pk")
            .first()
        )
        if delivery is None:
            return "none"
        subscriber = delivery.subscriber
        if delivery.suppressed or not subscriber.is_receiving:
            Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SKIPPED)
            return "skipped"
        try:
            with translation.override(subscriber.language):  # their links' edition
                message = mail.message_for(_rendered(delivery, rendered), subscriber, connection)
            message.send(fail_silently=False)
        except Exception as error:  # the mail server or the network
            failure = error
        else:
            Delivery.objects.filter(pk=delivery.pk).update(
                state=Delivery.State.SENT, sent_at=timezone.now(), attempts=delivery.attempts + 1
            )
            return "sent"
    attempts = delivery.attempts + 1
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts, last_error=f"{type(failure).__name__}: {failure}"[:300],
        state=Delivery.State.FAILED if attempts >= Delivery.MAX_ATTEMPTS else Delivery.State.QUEUED,
    )  # fmt: skip
    logger.warning("Newsletter delivery %s failed: %s", delivery.pk, failure)
    return "failed"


def _rendered(delivery, cache):
    """The message of a delivery's edition or alert, rendered once per batch."""
    if delivery.edition_id:
        key = ("edition", delivery.edition_id)
        if key not in cache:
            edition = Edition.objects.get(pk=delivery.edition_id)
            cache[key] = mail.render_edition(
                edition, latest_deals(edition), upcoming_events(edition)
            )
        return cache[key]
    article = Article.objects.select_related("section", "hero").get(pk=delivery.article_id)
    followed = followed_for(article, delivery.subscriber)
    language = delivery.subscriber.language
    key = ("alert", delivery.article_id, followed._meta.label, followed.pk, language)
    if key not in cache:
        cache[key] = mail.render_alert(article, followed, language)
    return cache[key]


def finish_editions():
    """Mark editions with nothing left to send as sent."""
    for edition in Edition.objects.filter(state=Edition.State.SENDING):
        if not edition.deliveries.filter(state=Delivery.State.QUEUED).exists():
            Edition.objects.filter(pk=edition.pk, state=Edition.State.SENDING).update(
                state=Edition.State.SENT, sent_at=timezone.now()
            )


def progress(edition):
    """{state: count} of an edition's deliveries (its progress in the admin)."""
    counts = dict(edition.deliveries.order_by().values_list("state").annotate(n=Count("pk")))
    return {state: counts.get(state, 0) for state in Delivery.State.values}
