"""The outbox: every e-mail a reader's action causes is a row written in the same
transaction as that action, and sent by the task queue once it has committed.

A row is sent by at most one worker at a time (it stays locked while its message is
handed to the mail server, and is marked sent in that same transaction): a second worker
skips it, and a worker killed half-way leaves it waiting. A failed attempt is tried
again later, each time waiting longer, up to `MAX_ATTEMPTS`. The enqueue after commit
is only a shortcut: when the broker cannot be reached it is logged and the periodic
task (`leads.tasks.send_due_emails`) finds the row once its grace has passed, so an
outage of the broker delays an e-mail, never loses it, and never fails the request.

Kinds of outbox rows: `leads.LeadEmail` (to sales and to the reader of a lead) and
`newsletter.ConfirmationEmail` (double opt-in).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class OutboxQuerySet(models.QuerySet):
    def due(self):
        """Return the e-mails waiting to go out whose (next) attempt is due now."""
        return self.filter(state=OutboxEmail.State.PENDING, next_attempt_at__lte=timezone.now())


class OutboxEmail(models.Model):
    """An e-mail waiting to be sent once (abstract): its state, attempts and next try."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to go out"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (gave up)"
        CANCELLED = "cancelled", "Not sent (spam, or the address refused)"

    MAX_ATTEMPTS = 12

    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        abstract = True

    @staticmethod
    def grace():
        """Seconds after which an e-mail queued but not sent is picked up by the periodic
        task (a lost queue message, a broker down, a worker killed mid-send): two of its
        periods."""
        return 2 * settings.EMAIL_RETRY_SECONDS

    @staticmethod
    def backoff(attempts):
        """Seconds to wait after `attempts` failed attempts: 1, 2, 4 ... periods of the
        periodic task (minutes by default), at most 6 hours."""
        return min(settings.EMAIL_RETRY_SECONDS * 2 ** max(attempts - 1, 0), 6 * 60 * 60)

    @classmethod
    def waiting(cls, **fields):
        """Create a row (inside the caller's transaction) that the periodic task will pick
        up after its grace, if the enqueue after commit does not send it first."""
        grace = timezone.now() + timedelta(seconds=cls.grace())
        return cls.objects.create(next_attempt_at=grace, **fields)


def outbox_send(model, pk, *, message, related=()):
    """Send one row of `model` if it still waits, as `message(row)` writes it (None: not
    to be sent); return what happened ('sent', 'cancelled', 'failed', 'not waiting')."""
    with transaction.atomic():
        rows = model.objects.select_for_update(skip_locked=True, of=("self",))
        if related:  # never a bare select_related(): it would follow every foreign key
            rows = rows.select_related(*related)
        email = rows.filter(pk=pk, state=OutboxEmail.State.PENDING).first()
        if email is None:
            return "not waiting"  # sent, given up, or being sent by another worker
        outgoing = message(email)
        if outgoing is None:
            _record(email, state=OutboxEmail.State.CANCELLED)
            return "cancelled"
        try:
            outgoing.send(fail_silently=False)
        except Exception as error:  # any failure of the mail server or the network
            failure = error
        else:
            _record(email, state=OutboxEmail.State.SENT, sent_at=timezone.now(), last_error="")
            return "sent"
    logger.warning("Could not send %s: %s", email, failure)
    attempts = email.attempts + 1
    _record(
        email,
        state=OutboxEmail.State.FAILED if attempts >= email.MAX_ATTEMPTS else email.state,
        next_attempt_at=timezone.now() + timedelta(seconds=email.backoff(attempts)),
        last_error=f"{timezone.now():%Y-%m-%d %H:%M} {type(failure).__name__}: {failure}"[:300],
    )
    return "failed"


def _record(email, **fields):
    fields["attempts"] = email.attempts + (0 if fields.get("state") == "cancelled" else 1)
    type(email).objects.filter(pk=email.pk).update(**fields)


def enqueue_on_commit(task, *args):
    """Put `task` on the queue once the current transaction commits. A broker that
    cannot be reached is logged, never raised: the request that wrote the outbox row has
    succeeded, and the periodic task sends the row later."""

    def enqueue():
        try:
            task.delay(*args)
        except Exception:  # the broker (Redis) down or unreachable, whatever the client raises
            logger.warning("Could not enqueue %s%r; the periodic task will", task.name, args)

    transaction.on_commit(enqueue)
