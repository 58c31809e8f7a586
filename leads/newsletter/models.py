"""Newsletter subscribers, their consent, and the addresses never to write to again.

A subscriber is created unconfirmed; nothing is sent to them but the confirmation
e-mail until they confirm (double opt-in). Every confirmation is kept as a
`SubscriptionConsent` row (text version, time, the page of the form), like a lead's
consent. An address that unsubscribed, bounced or complained is on the `Suppression`
list, which every send respects; only a new confirmation by its owner lifts it.
"""

from django.db import models, transaction
from django.utils import timezone

from leads import consent
from leads.models import Lead


def normalise(email):
    return email.strip().lower()


class SuppressionQuerySet(models.QuerySet):
    def blocks(self, email):
        return self.filter(email=normalise(email)).exists()


class Suppression(models.Model):
    """An address nothing more is sent to (unsubscribed, bounced or complained)."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Complained (marked as spam)"

    email = models.EmailField(unique=True)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    objects = SuppressionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} ({self.get_reason_display()})"


class SubscriberQuerySet(models.QuerySet):
    def receiving(self):
        """Subscribers who may be sent newsletters now: confirmed, not unsubscribed and
        not on the suppression list."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True).exclude(
            email__in=Suppression.objects.values("email")
        )

    def for_email(self, email):
        return self.filter(email=normalise(email))


class Subscriber(models.Model):
    """One address and what it wants to receive."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(
        max_length=200, blank=True, help_text="The page of the form it first came from."
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    daily = models.BooleanField("daily briefing", default=True)
    weekly = models.BooleanField("weekly digest", default=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.email

    @property
    def state(self):
        if Suppression.objects.blocks(self.email):
            return "suppressed"
        if self.unsubscribed_at:
            return "unsubscribed"
        return "confirmed" if self.confirmed_at else "waiting for confirmation"

    def leads(self):
        """The leads sent with this address (the sales desk's side of the person)."""
        return Lead.objects.for_email(self.email)

    @transaction.atomic
    def confirm(self, *, source, version=None):
        """Record the owner's confirmation: subscribed again, off the suppression list,
        and a consent row with the text version they agreed to."""
        now = timezone.now()
        self.confirmed_at, self.unsubscribed_at = now, None
        self.save(update_fields=["confirmed_at", "unsubscribed_at"])
        Suppression.objects.filter(email=self.email).delete()
        return SubscriptionConsent.objects.create(
            subscriber=self, version=version or consent.current(consent.NEWSLETTER).version,
            given_at=now, source=source[:200],
        )  # fmt: skip

    @transaction.atomic
    def unsubscribe(self, *, reason=Suppression.Reason.UNSUBSCRIBED, note=""):
        """Stop everything to this address and keep it on the suppression list."""
        if self.unsubscribed_at is None:
            self.unsubscribed_at = timezone.now()
            self.save(update_fields=["unsubscribed_at"])
        Suppression.objects.update_or_create(
            email=self.email, defaults={"reason": reason, "note": note[:200]}
        )


class SubscriptionConsent(models.Model):
    """A confirmed agreement to the newsletter: which text, when, from which form."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    version = models.CharField("text version", max_length=20)
    given_at = models.DateTimeField(default=timezone.now)
    source = models.CharField("form (page)", max_length=200)

    class Meta:
        ordering = ["-given_at", "-pk"]

    def __str__(self):
        return f"Newsletter ({self.version}) {self.given_at:%Y-%m-%d}"

    @property
    def text(self):
        return consent.text_of(consent.NEWSLETTER, self.version)
