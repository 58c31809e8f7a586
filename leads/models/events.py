"""Registrations for events: a lead's place (or place in the queue) at one event, what
became of it (cancelled, moved up, attended), and the records of its personal links."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from articles.models import Event


class RegistrationQuerySet(models.QuerySet):
    def registered(self):
        """Holding a place."""
        return self.filter(state=Registration.State.REGISTERED)

    def waiting(self):
        """On the waiting list, first come first."""
        return self.filter(state=Registration.State.WAITING).order_by("created_at", "pk")

    def active(self):
        """Registered or waiting (not cancelled, not a request for the recording only)."""
        return self.filter(state__in=[Registration.State.REGISTERED, Registration.State.WAITING])

    def counts(self):
        """{state: count} of these registrations (every state, zero included)."""
        rows = dict(self.order_by().values_list("state").annotate(n=Count("pk")))
        return {state: rows.get(state, 0) for state in Registration.State.values}


class Registration(models.Model):
    """A reader's registration for an event: one per lead, one active per address and
    event. Registrations are for the event's source version, so both editions fill the
    same places."""

    class State(models.TextChoices):
        REGISTERED = "registered", "Registered"
        WAITING = "waiting", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        RECORDING = "recording", "Asked for the recording (after the event)"

    lead = models.OneToOneField("leads.Lead", on_delete=models.CASCADE, related_name="registration")
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    email = models.EmailField(max_length=254, help_text="The lead's, lower-cased.")
    state = models.CharField(max_length=10, choices=State.choices)
    created_at = models.DateTimeField(default=timezone.now)
    moved_up_at = models.DateTimeField(
        null=True, blank=True, help_text="When a cancellation gave them a place."
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    announced_sequence = models.PositiveIntegerField(
        default=0, help_text="The event's sequence they were last told of (its changes)."
    )
    attended_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="From the platform's attendance file; 0: did not attend."
    )
    attendance_imported_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(state__in=["registered", "waiting"]),
                name="registration_once_per_address",
            ),  # fmt: skip
        ]
        indexes = [
            models.Index(fields=["event", "state", "created_at"], name="registration_event_idx"),
        ]

    def __str__(self):
        return f"{self.email} at {self.event} ({self.get_state_display()})"

    @property
    def attended(self):
        """True, False (a no-show), or None before the attendance is known."""
        return None if self.attended_minutes is None else self.attended_minutes > 0

    def attendance_display(self):
        if self.attended_minutes is None:
            return "not imported yet" if self.event.is_over else "–"
        if self.attended_minutes == 0:
            return "did not attend"
        return f"attended {self.attended_minutes} min"


class LinkUse(models.Model):
    """A use of a registrant's personal link (to join, or to watch the recording): the
    lead's timeline shows it, and a link opened from more connections than
    EVENT_LINK_CLIENTS is recorded as shared."""

    class Kind(models.TextChoices):
        JOIN = "join", "Joined the event"
        RECORDING = "recording", "Watched the recording"

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="uses")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    used_at = models.DateTimeField(default=timezone.now)
    client_hash = models.CharField(max_length=64, blank=True, editable=False)
    shared = models.BooleanField(
        default=False, help_text="Opened from one more connection than a personal link serves."
    )

    class Meta:
        ordering = ["-used_at", "-pk"]
        indexes = [models.Index(fields=["registration", "kind"], name="link_use_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.used_at:%Y-%m-%d %H:%M}"

    def describe(self):
        shared = " (from one more connection: a shared link)" if self.shared else ""
        return f"{self.get_kind_display()}: “{self.registration.event.title}”{shared}"


class SponsorExport(models.Model):
    """An export of an event's registrants for its sponsors: only those who agreed to
    the sponsors' contact; each lead in it is recorded (SponsorShare)."""

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel (XLSX)"
        CSV = "csv", "CSV"

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="sponsor_exports")
    sponsors = models.CharField(max_length=500, help_text="The sponsors it was made for.")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)
    format = models.CharField(max_length=4, choices=Format.choices)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self):
        return f"Registrants of “{self.event}” for {self.sponsors} ({self.made_at:%Y-%m-%d})"


class SponsorShare(models.Model):
    """A lead's details handed to an event's sponsors in an export."""

    export = models.ForeignKey(SponsorExport, on_delete=models.CASCADE, related_name="shares")
    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="sponsor_shares")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["export", "lead"], name="sponsor_share_once")
        ]

    def __str__(self):
        return f"Lead {self.lead_id} in {self.export}"
