"""Events: what happens, when (in its own time zone), where or online, who speaks."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from companies.models import Company, Deal
from portal.publishing.models import Publishable, PublishableQuerySet
from portal.urlutils import slug_url

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime"})


class EventQuerySet(PublishableQuerySet):
    def upcoming(self, now=None):
        """Not over yet (running or to come), soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        """Over, most recent first."""
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def of_company(self, company):
        """Those a company speaks at, sponsors or is linked to."""
        return self.filter(
            models.Q(companies=company) | models.Q(sponsors=company)
            | models.Q(speakers__company=company)
        ).distinct()  # fmt: skip


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
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Places; registrations beyond go on a waiting list. "
        "Empty: no limit.",
    )  # fmt: skip
    registration_opens_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: as soon as the event is published."
    )
    registration_closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: when the event starts."
    )
    join_url = models.URLField(
        "joining link", blank=True, max_length=500,
        help_text="The platform's link for attendees (online). Never shown on the page: each "
        "registrant gets a personal link to it.",
    )  # fmt: skip
    recording_url = models.URLField(
        "recording link", blank=True, max_length=500,
        help_text="Once added, registrants are e-mailed a personal link to it, and readers "
        "of the past event's page get it through the registration form.",
    )  # fmt: skip
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

    sequence = models.PositiveIntegerField(
        default=0, editable=False,
        help_text="Times its time, place or status changed (its calendar files' SEQUENCE).",
    )  # fmt: skip

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[sponsors, companies, deals, articles])
    TRANSLATED_FIELDS = ("title", "summary", "agenda", "status_reason")
    # One set of facts for every edition: the source's, copied to its versions on save.
    FACTS = ("kind", "starts_at", "ends_at", "time_zone", "online", "capacity",
             "registration_opens_at", "registration_closes_at", "join_url", "recording_url",
             "event_status")  # fmt: skip
    # A change of one of them is announced to registrants, with a new calendar file.
    ANNOUNCED = ("starts_at", "ends_at", "time_zone", "online", "platform", "venue", "address",
                 "event_status")  # fmt: skip

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
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = "Registration must close after it opens."
        if closes and self.ends_at and closes > self.ends_at:
            errors["registration_closes_at"] = "Registration must close before the event ends."
        if self.event_status != self.EventStatus.SCHEDULED and not self.status_reason:
            errors["status_reason"] = "Tell readers why."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        source = self.source() if self.pk else None
        if source is not None:  # a version: the source's facts, whatever the form said
            for name in self.FACTS:
                setattr(self, name, getattr(source, name))
        elif self.pk is not None and self._announced_facts_change():
            self.sequence += 1
        super().save(*args, **kwargs)
        if source is None and self.language == settings.LANGUAGE_CODE:
            facts = {name: getattr(self, name) for name in self.FACTS}
            self.translations().update(**facts, sequence=self.sequence)

    def _announced_facts_change(self):
        stored = type(self).objects.filter(pk=self.pk).values(*self.ANNOUNCED).first()
        return stored is not None and any(
            stored[name] != getattr(self, name) for name in self.ANNOUNCED
        )

    def get_absolute_url(self):
        return slug_url("leads:event", self.slug, self.language)

    def get_preview_url(self):
        return reverse("leads:event_preview", args=[self.pk])

    def canonical(self):
        """The event registrations are for: the source (English) version where it has
        one, so both editions fill the same places."""
        return self.source() or self

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_over(self):
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self):
        return self.event_status == self.EventStatus.CANCELLED

    @property
    def is_postponed(self):
        return self.event_status == self.EventStatus.POSTPONED

    def shown_status(self, now=None):
        """Its status as readers see it: 'ended' once over (unless cancelled)."""
        if not self.is_cancelled and self.ends_at < (now or timezone.now()):
            return "ended"
        return self.event_status

    def get_shown_status_display(self):
        if self.shown_status() == "ended":
            return _("Ended")
        return self.get_event_status_display()

    def registration_state(self, now=None):
        """'open', 'not yet' (opens later), 'closed' (after closing, or it started),
        'off' (cancelled or postponed) or 'over'."""
        now = now or timezone.now()
        if self.is_cancelled or self.is_postponed:
            return "off"
        if self.ends_at < now:
            return "over"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not yet"
        if now >= (self.registration_closes_at or self.starts_at):
            return "closed"
        return "open"

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


def next_event_change():
    """When an event's page or list next changes by itself (or None): a scheduled one
    going live, or a published one opening or closing registration, starting or ending."""
    now = timezone.now()
    events = Event.objects.published()
    times = [Event.objects.next_publication_time()]
    for field in ("registration_opens_at", "registration_closes_at", "starts_at", "ends_at"):
        later = events.filter(**{f"{field}__gt": now}).order_by(field)
        times.append(later.values_list(field, flat=True).first())
    return min((t for t in times if t is not None), default=None)
