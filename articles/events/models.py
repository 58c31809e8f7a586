"""Events: what happens, when (in its own time zone), where or online, who speaks."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from companies.models import Company, Deal
from portal.publishing.models import Publishable, PublishableQuerySet

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime"})


class EventQuerySet(PublishableQuerySet):
    def upcoming(self, now=None):
        """Not over yet (running or to come), soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        """Over, most recent first."""
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")


class Event(Publishable):
    """A webinar, conference, roundtable or site visit readers may attend."""

    class Kind(models.TextChoices):
        WEBINAR = "webinar", _("Webinar")
        CONFERENCE = "conference", _("Conference")
        ROUNDTABLE = "roundtable", _("Roundtable")
        SITE_VISIT = "site_visit", _("Site visit")

    class EventStatus(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        MOVED_ONLINE = "moved_online", _("Moved online")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.WEBINAR)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(max_length=1200, help_text="What it is about, for its page.")
    agenda = models.TextField(blank=True, help_text="One item per line: “10:00 Welcome”.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(
        max_length=64, choices=[(zone, zone) for zone in TIME_ZONES], default="Europe/London",
        help_text="Where it happens (or, online, its organiser's zone): its times are "
        "written in this zone first.",
    )  # fmt: skip
    online = models.BooleanField(default=True)
    platform = models.CharField(max_length=100, blank=True, help_text="Online: Zoom, Teams...")
    venue = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True, max_length=500)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: no limit.")
    event_status = models.CharField(
        "status of the event", max_length=12, choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
    )  # fmt: skip
    status_reason = models.CharField(
        max_length=300, blank=True, help_text="Why it moved online, was postponed or cancelled."
    )
    cover = models.ForeignKey(
        "articles.Image", null=True, blank=True, on_delete=models.PROTECT,
        related_name="cover_of_events", help_text="From the image library.",
    )  # fmt: skip
    sponsors = models.ManyToManyField(Company, blank=True, related_name="sponsored_events")
    companies = models.ManyToManyField(Company, blank=True, related_name="events")
    deals = models.ManyToManyField(Deal, blank=True, related_name="events")
    articles = models.ManyToManyField("articles.Article", blank=True, related_name="events")

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[sponsors, companies, deals, articles])
    TRANSLATED_FIELDS = ("title", "summary", "agenda")

    class Meta(Publishable.Meta):
        permissions = [("publish_event", "Can publish, schedule and unpublish events")]
        indexes = [
            models.Index(fields=["status", "ends_at"], name="event_status_ends_idx"),
            models.Index(
                fields=["language", "source_changed_at"],
                name="event_to_update_idx",
                condition=models.Q(source_changed_at__isnull=False),
            ),  # fmt: skip
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "It must end after it starts."
        if self.online and not self.platform:
            errors["platform"] = "Name the platform of an online event."
        if not self.online and not self.venue:
            errors["venue"] = "Name the venue of an event held in person."
        if errors:
            raise ValidationError(errors)

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_over(self):
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self):
        return self.event_status == self.EventStatus.CANCELLED

    def agenda_items(self):
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    def start_version(self, language, user=None):
        """Its version in `language`, with its speakers (their roles to translate)."""
        version = super().start_version(language, user)
        if version is not None:
            Speaker.objects.bulk_create(
                Speaker(event=version, name=s.name, role=s.role, company_id=s.company_id,
                        photo_id=s.photo_id, position=s.position)
                for s in self.speakers.all()
            )  # fmt: skip
        return version


class Speaker(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=160, blank=True, help_text="Their job title.")
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="speakers"
    )
    photo = models.ForeignKey(
        "articles.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name
