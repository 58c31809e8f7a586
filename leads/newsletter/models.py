"""Newsletter subscribers, their consent, and the addresses never to write to again.

A subscriber is created unconfirmed; nothing is sent to them but the confirmation
e-mail until they confirm (double opt-in). Every confirmation is kept as a
`SubscriptionConsent` row (text version, time, the page of the form), like a lead's
consent. An address that unsubscribed, bounced or complained is on the `Suppression`
list, which every send respects; only a new confirmation by its owner lifts it.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from leads import consent
from leads.models import Lead
from portal.outbox import OutboxEmail


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


class ConfirmationEmail(OutboxEmail):
    """A double opt-in confirmation e-mail waiting to go out (portal.outbox): written in
    the sign-up's transaction, so an outage of the broker delays it, never loses it."""

    MAX_ATTEMPTS = 8

    email = models.EmailField()
    token = models.TextField(help_text="The signed confirmation link's token.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state="pending"),
                name="confirmation_due_idx",
            )
        ]

    def __str__(self):
        return f"Confirmation to {self.email} ({self.get_state_display()})"


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
    language = models.CharField(
        max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text="The edition its e-mails come in: chosen at sign-up (the page's edition "
        "by default), changed in its preferences.",
    )  # fmt: skip

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.email

    @property
    def is_receiving(self):
        """Confirmed and not unsubscribed (the suppression list is checked apart)."""
        return self.confirmed_at is not None and self.unsubscribed_at is None

    STATES = {
        "suppressed": _("suppressed"), "unsubscribed": _("unsubscribed"),
        "confirmed": _("confirmed"), "waiting for confirmation": _("waiting for confirmation"),
    }  # fmt: skip

    @property
    def state_display(self):
        return self.STATES[self.state]

    @property
    def state(self):
        if Suppression.objects.blocks(self.email):
            return "suppressed"
        if self.unsubscribed_at:
            return "unsubscribed"
        return "confirmed" if self.confirmed_at else "waiting for confirmation"

    def subscriptions(self):
        """The names of what the subscriber chose to receive."""
        chosen = (("daily briefing", self.daily), ("weekly digest", self.weekly))
        return [name for name, on in chosen if on]

    def leads(self):
        """The leads sent with this address (the sales desk's side of the person)."""
        return Lead.objects.for_email(self.email)

    @transaction.atomic
    def confirm(self, *, source, version=None, text_language=None):
        """Record the owner's confirmation: subscribed again, off the suppression list,
        and a consent row with the text (version and language) they agreed to."""
        now = timezone.now()
        self.confirmed_at, self.unsubscribed_at = now, None
        self.save(update_fields=["confirmed_at", "unsubscribed_at"])
        Suppression.objects.filter(email=self.email).delete()
        text = consent.current(consent.NEWSLETTER, text_language or self.language)
        return SubscriptionConsent.objects.create(
            subscriber=self, version=version or text.version, language=text.language,
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
    language = models.CharField(
        "text language", max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    given_at = models.DateTimeField(default=timezone.now)
    source = models.CharField("form (page)", max_length=200)

    class Meta:
        ordering = ["-given_at", "-pk"]

    def __str__(self):
        return f"Newsletter ({self.version}) {self.given_at:%Y-%m-%d}"

    @property
    def text(self):
        return consent.text_of(consent.NEWSLETTER, self.version, self.language)


class Follow(models.Model):
    """A subscriber follows a company, a deal, a section or a tag: an alert comes when
    a story about it is published."""

    KINDS = {  # the name in links -> (app label, model)
        "company": ("companies", "company"),
        "deal": ("companies", "deal"),
        "section": ("articles", "section"),
        "tag": ("articles", "tag"),
    }

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="follows")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    followed = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "content_type", "object_id"], name="follow_once"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_target_idx")]

    def __str__(self):
        return f"{self.subscriber} follows {self.followed}"

    @classmethod
    def target(cls, kind, slug):
        """The object of `kind` (a key of KINDS) with `slug`, or None."""
        if kind not in cls.KINDS:
            return None
        model = apps.get_model(*cls.KINDS[kind])
        return model.objects.filter(slug=slug).first()

    @staticmethod
    def url_of(obj):
        """The page of what is followed."""
        return obj.get_absolute_url()

    @classmethod
    def kind_of(cls, obj):
        label = (obj._meta.app_label, obj._meta.model_name)
        return next(kind for kind, value in cls.KINDS.items() if value == label)


class Edition(models.Model):
    """One issue of the daily briefing or the weekly digest: assembled from the stories
    of its period, adjusted by an editor if they wish, sent at `send_at`."""

    class Kind(models.TextChoices):
        DAILY = "daily", _("Daily briefing")
        WEEKLY = "weekly", _("Weekly digest")

    class State(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held by an editor"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    kind = models.CharField(max_length=6, choices=Kind.choices)
    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="Its subscribers' language: each edition of the site has its own.",
    )
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    send_at = models.DateTimeField(help_text="When it goes out, by itself.")
    subject = models.CharField(max_length=150)
    intro = models.TextField(
        blank=True, max_length=2000, help_text="A few sentences from the editor (plain text)."
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-send_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language", "period_end"], name="edition_once_a_period"
            )
        ]

    def __str__(self):
        day = f"{timezone.localtime(self.send_at):%d %b %Y}"
        return f"{self.get_kind_display()} of {day} ({self.get_language_display()})"

    def get_absolute_url(self):
        with translation.override(self.language):
            return reverse("newsletter:edition", args=[self.pk])

    def stories(self):
        """The edition's stories in their order."""
        return list(
            Article.objects.filter(edition_items__edition=self)
            .select_related("section", "hero")
            .order_by("edition_items__position", "edition_items__pk")
        )


class EditionItem(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="edition_items"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "article"], name="edition_item_once")
        ]

    def __str__(self):
        return f"{self.position}. {self.article}"


class Delivery(models.Model):
    """One newsletter message to one subscriber (an edition or an alert): the row that
    makes each go out at most once, in batches, resumable after a crash or a deploy."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (unsubscribed meanwhile)"

    MAX_ATTEMPTS = 5

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    edition = models.ForeignKey(
        Edition, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE,
        related_name="alert_deliveries", help_text="The story an alert is about.",
    )  # fmt: skip
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], condition=Q(edition__isnull=False),
                name="delivery_edition_once",
            ),
            models.UniqueConstraint(
                fields=["article", "subscriber"], condition=Q(article__isnull=False),
                name="delivery_alert_once",
            ),
            models.CheckConstraint(
                condition=Q(edition__isnull=True) ^ Q(article__isnull=True),
                name="delivery_edition_or_alert",
            ),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["id"], condition=Q(state="queued"), name="delivery_queued_idx")
        ]

    def __str__(self):
        return f"{self.edition or self.article} to {self.subscriber_id} ({self.state})"


class ArticleAlert(models.Model):
    """A published story whose alerts have been queued (so each goes once)."""

    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, related_name="alert"
    )
    queued_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"Alerts for {self.article_id}"
