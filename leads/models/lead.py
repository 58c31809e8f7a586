"""The lead: a reader's request, its queue and work states, timeline and attribution."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

from articles.models import Article, Event, Report
from portal.models import TimeStampedModel

from .counts import LeadDailyCount, LeadDay
from .records import LeadEmail

MAX_MESSAGE_LENGTH = 4000


class LeadQuerySet(models.QuerySet):
    def open(self):
        """Return leads sales staff still have to work (not won, lost or spam)."""
        return self.exclude(status__in=[Lead.Status.WON, Lead.Status.LOST, Lead.Status.SPAM])

    def with_earlier_count(self):
        """Annotate each lead with the number of earlier leads from the same e-mail."""
        earlier = (
            Lead.objects.filter(email=OuterRef("email"), created_at__lt=OuterRef("created_at"))
            .order_by()
            .values("email")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(earlier_count=Subquery(earlier, output_field=models.IntegerField()))

    def for_email(self, email):
        """Return every lead given with `email` (stored lower-cased, so any case matches)."""
        return self.filter(email=email.strip().lower())

    def unassigned(self):
        """Return the new leads nobody has taken yet."""
        return self.filter(status=Lead.Status.NEW, assignee__isnull=True)

    def queue(self, user):
        """Return the open leads assigned to `user`, the follow-ups due first, then the
        oldest (a sales person's work queue)."""
        return self.open().filter(assignee=user).order_by(*Lead.QUEUE_ORDER)

    def due_on(self, day):
        """Return the open leads whose follow-up date is `day`."""
        return self.open().filter(follow_up_on=day)

    def overdue(self, day):
        """Return the open leads whose follow-up date is before `day`."""
        return self.open().filter(follow_up_on__lt=day)

    def attribution(self, dimension, since, until, limit=20):
        """Return what brought leads received from `since` to `until` (dates, inclusive),
        by `dimension` (a key of ATTRIBUTION): rows of label, leads, qualified (now
        qualified or won) and won, most leads first; spam is left out.

        For the dimensions in ROLLED_UP, days whose roll-ups are current (LeadDay.clean)
        are added up from LeadDailyCount; the other days (today, days whose leads changed
        since) are counted from the leads themselves. Stories and topics are always counted
        from the leads: a day has about as many of them as leads, so a roll-up would save
        nothing (the covering index answers). Either way the numbers are the leads' own.
        """
        totals, clean = {}, set()
        if dimension in ROLLED_UP:
            clean_days = LeadDay.objects.filter(day__range=(since, until), clean=True)
            clean = set(clean_days.values_list("day", flat=True))
            rolled = (
                LeadDailyCount.objects.filter(dimension=dimension, day__in=clean_days.values("day"))
                .values("value")
                .annotate(leads=Sum("leads"), qualified=Sum("qualified"), won=Sum("won"))
            )
            for row in rolled:
                totals[row["value"]] = [row["leads"], row["qualified"], row["won"]]
        # Without roll-ups the period is one range, and the database keeps only the top rows.
        top_only = None if dimension in ROLLED_UP else limit
        for start, end in _ranges_without(since, until, clean):
            leads = self.filter(created_at__gte=start, created_at__lt=end)
            for row in leads.counted_by(dimension, limit=top_only):
                counts = totals.setdefault(row["value"], [0, 0, 0])
                for index, name in enumerate(("leads", "qualified", "won")):
                    counts[index] += row[name]
        top = sorted(totals.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
        titles = _event_titles if dimension == "event" else _story_titles
        label = ATTRIBUTION[dimension][2] or titles([value for value, _ in top])
        return [{"value": value, "label": label(value), "leads": leads, "qualified": qualified,
                 "won": won} for value, (leads, qualified, won) in top]  # fmt: skip

    def counted_by(self, dimension, limit=None):
        """Rows of value (as text, '' for none), leads, qualified and won of these leads
        grouped by `dimension`, spam left out (the attribution's counting); with `limit`,
        only that many, most leads first."""
        field = ATTRIBUTION[dimension][0][0]
        rows = (
            self.exclude(status=Lead.Status.SPAM)
            .values(field)
            .annotate(
                leads=Count("*"),
                # Counted on a column of the index, so the index alone answers.
                qualified=Count(
                    "status", filter=Q(status__in=[Lead.Status.QUALIFIED, Lead.Status.WON])
                ),
                won=Count("status", filter=Q(status=Lead.Status.WON)),
            )
            .order_by()
        )
        if limit is not None:
            rows = rows.order_by("-leads", field)[:limit]
        return [{**row, "value": "" if row[field] is None else str(row[field])} for row in rows]

    def set_status(self, status, *, by):
        """Move these leads to `status`, keeping each change in its timeline; return how
        many moved (those already in `status` are left alone)."""
        with transaction.atomic():
            moving = list(self.exclude(status=status).values_list("pk", "status", "created_at"))
            now = timezone.now()
            Lead.objects.filter(pk__in=[pk for pk, _, _ in moving]).update(
                status=status, updated_at=now
            )
            LeadStatusChange.objects.bulk_create(
                LeadStatusChange(lead_id=pk, old_status=old, new_status=status,
                                 changed_by=by, changed_at=now)
                for pk, old, _ in moving
            )  # fmt: skip
            LeadDay.mark_dirty(timezone.localdate(created) for _, _, created in moving)
        return len(moving)


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _ranges_without(since, until, days):
    """The (start, end) datetimes of the runs of days from `since` to `until` that are
    not in `days`, each as one range (few queries however the days fall)."""
    ranges, day, start = [], since, None
    while day <= until:
        if day not in days and start is None:
            start = day
        if day in days and start is not None:
            ranges.append((_day_start(start), _day_start(day)))
            start = None
        day += timedelta(days=1)
    if start is not None:
        ranges.append((_day_start(start), _day_start(until + timedelta(days=1))))
    return ranges


def _story_titles(values):
    """The label function of the story dimension: titles of the stories in `values`."""
    ids = [int(value) for value in values if value]
    titles = dict(Article.objects.filter(pk__in=ids).values_list("pk", "title"))
    return lambda value: (
        (titles.get(int(value)) or "(a deleted story)") if value else "(no story: the contact page)"
    )


def _event_titles(values):
    """The label function of the event dimension: titles of the events in `values`."""
    ids = [int(value) for value in values if value]
    titles = dict(Event.objects.filter(pk__in=ids).values_list("pk", "title"))
    return lambda value: (titles.get(int(value)) or "(a deleted event)") if value else "(no event)"


def _country_name(code):
    return f"{countries.name(code) or code} ({code})" if code else "(none)"


def _edition_name(code):
    return dict(settings.LANGUAGES).get(code, code or "(none)")


# What brought leads: dimension -> (field grouped by, title, label of a value).
def _or_none(value):
    return value or "(none)"


# Dimensions with few values a day: their daily roll-ups are far smaller than the leads.
# Stories and topics (a report's or a story's title) have about one value per lead.
ROLLED_UP = ("utm_source", "utm_medium", "utm_campaign", "country", "language")

ATTRIBUTION = {
    "article": (("article_id",), "By story", None),  # titles are looked up for the rows shown
    "topic": (("topic",), "By report or topic asked for", _or_none),
    "event": (("event_id",), "By event registered for", None),  # titles looked up for the rows
    "utm_source": (("utm_source",), "By campaign source (utm_source)", _or_none),
    "utm_medium": (("utm_medium",), "By campaign medium (utm_medium)", _or_none),
    "utm_campaign": (("utm_campaign",), "By campaign (utm_campaign)", _or_none),
    "country": (("country",), "By country", _country_name),
    "language": (("language",), "By edition (the form's language)", _edition_name),
}  # fmt: skip


class Lead(TimeStampedModel):
    """A reader's request for a report, a general enquiry or a registration for an event,
    worked by sales staff."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        QUALIFIED = "qualified", "Qualified"
        WON = "won", "Won"
        LOST = "lost", "Lost"
        SPAM = "spam", "Spam"

    class Kind(models.TextChoices):
        REPORT_REQUEST = "report", _("Report request")
        ENQUIRY = "enquiry", _("General enquiry")
        EVENT = "event", _("Event registration")

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REPORT_REQUEST)
    name = models.CharField(max_length=120)
    email = models.EmailField(max_length=254)
    company = models.CharField(max_length=160)
    job_title = models.CharField(max_length=120)
    phone = models.CharField("phone or WhatsApp", max_length=40, blank=True)
    country = CountryField()
    topic = models.CharField("report or topic asked for", max_length=200)
    language = models.CharField(
        "edition", max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text="The edition the reader wrote from: their e-mails are in its language.",
    )  # fmt: skip
    message = models.TextField(max_length=MAX_MESSAGE_LENGTH, blank=True)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
        help_text="The story the form was sent from.",
    )
    report = models.ForeignKey(
        Report,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
        help_text="The report asked for (its download link was e-mailed to the reader).",
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads",
        help_text="The event registered for (its registration: below).",
    )  # fmt: skip
    page_url = models.CharField("page URL", max_length=500, blank=True)
    referrer = models.CharField(max_length=500, blank=True)
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    utm_term = models.CharField(max_length=100, blank=True)
    utm_content = models.CharField(max_length=100, blank=True)
    submission = models.CharField(  # noqa: DJ001 (NULL: leads stored before it, all distinct)
        max_length=64,
        null=True,
        unique=True,
        editable=False,
        help_text="Keyed hash of the form's token: the same form sent twice stores one lead.",
    )
    client_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Keyed hash of the client address (the address itself is never stored).",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_leads",
        limit_choices_to={"groups__name": "Sales", "is_active": True},
    )
    follow_up_on = models.DateField(
        "follow up on", null=True, blank=True, help_text="When to get back to them."
    )
    next_step = models.CharField(
        max_length=200, blank=True, help_text="What to do then, e.g. 'send pricing'."
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = LeadQuerySet.as_manager()
    # A work queue's order: follow-ups by date (those without one last), then the oldest.
    QUEUE_ORDER = [F("follow_up_on").asc(nulls_last=True), "created_at", "pk"]

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at"], name="lead_created_idx"),
            # What brings leads: a period's leads read from the index alone.
            models.Index(
                fields=["created_at"],
                include=[
                    "status",
                    "article",
                    "utm_source",
                    "utm_medium",
                    "utm_campaign",
                    "country",
                    "topic",
                ],
                name="lead_attribution_idx",
            ),  # fmt: skip
            models.Index(fields=["status", "-created_at"], name="lead_status_idx"),
            models.Index(fields=["email", "created_at"], name="lead_email_idx"),
            models.Index(fields=["assignee", "status"], name="lead_assignee_idx"),
            models.Index(
                fields=["event", "-created_at"],
                name="lead_event_idx",
                condition=Q(event__isnull=False),
            ),  # fmt: skip
            models.Index(
                fields=["follow_up_on"],
                name="lead_follow_up_idx",
                condition=Q(follow_up_on__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def get_admin_url(self):
        return reverse("admin:leads_lead_change", args=[self.pk])

    def follow_up_state(self, today=None):
        """'overdue', 'due' (today) or 'later': how urgent the follow-up is (None without one)."""
        if self.follow_up_on is None:
            return None
        today = today or timezone.localdate()
        if self.follow_up_on < today:
            return "overdue"
        return "due" if self.follow_up_on == today else "later"

    def timeline(self):
        """Return the lead's notes and status changes, newest first, as TimelineEntry."""
        notes = [
            TimelineEntry(note.created_at, note.author, "note", note.text)
            for note in self.notes.select_related("author")
        ]
        changes = [
            TimelineEntry(change.changed_at, change.changed_by, "status", change.describe())
            for change in self.status_changes.select_related("changed_by")
        ]
        downloads = [
            TimelineEntry(d.downloaded_at, None, "download", f"Downloaded “{d.report.title}”")
            for d in self.downloads.select_related("report")
        ]
        emails = [
            TimelineEntry(e.sent_at, None, "email", f"E-mail sent: {e.get_kind_display()}")
            for e in self.emails.filter(state=LeadEmail.State.SENT)
        ]
        entries = [*notes, *changes, *downloads, *emails, *self._event_timeline()]
        return sorted(entries, key=lambda entry: entry.at, reverse=True)

    def _event_timeline(self):
        """Its registration's story: link uses, attendance, shares with sponsors."""
        if self.event_id is None:
            return []
        entries = [
            TimelineEntry(share.export.made_at, share.export.made_by, "sponsor",
                          f"Details given to the sponsors ({share.export.sponsors}) in an "
                          f"export of “{share.export.event.title}”")
            for share in self.sponsor_shares.select_related("export__event", "export__made_by")
        ]  # fmt: skip
        registration = getattr(self, "registration", None)
        if registration is None:
            return entries
        entries += [
            TimelineEntry(use.used_at, None, "link", use.describe())
            for use in registration.uses.select_related("registration__event")
        ]
        if registration.attendance_imported_at:
            entries.append(TimelineEntry(
                registration.attendance_imported_at, None, "attendance",
                f"Attendance at “{self.event.title}”: {registration.attendance_display()}",
            ))  # fmt: skip
        return entries

    def link_shared_beyond(self, report, client):
        """Whether `client` (a client hash) would be one more connection than a link of
        this lead may serve: a link passed around stops, and its owner asks a new one."""
        clients = set(
            self.downloads.filter(report=report).values_list("client_hash", flat=True).distinct()
        )
        return client not in clients and len(clients) >= settings.REPORT_LINK_CLIENTS

    @property
    def whatsapp_url(self):
        """A wa.me link for the phone number (digits only, as WhatsApp wants), or ''."""
        digits = "".join(c for c in self.phone if c.isdigit())
        return f"https://wa.me/{digits}" if len(digits) >= 8 else ""

    @property
    def tel_url(self):
        """A tel: link for the phone number, or ''."""
        number = "".join(c for c in self.phone if c.isdigit() or c == "+")
        return f"tel:{number}" if len(number.lstrip("+")) >= 6 else ""


class TimelineEntry:
    """One line of a lead's timeline: when, who (None: the portal), what kind ('note',
    'status', 'download', 'email', 'link', 'attendance' or 'sponsor'), text."""

    def __init__(self, at, by, kind, text):
        self.at, self.by, self.kind, self.text = at, by, kind, text


class LeadStatusChange(models.Model):
    """A change of a lead's status, with who made it and when (the lead's timeline)."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(max_length=12, choices=Lead.Status.choices)
    new_status = models.CharField(max_length=12, choices=Lead.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["lead", "-changed_at"], name="lead_status_change_idx")]

    def __str__(self):
        return self.describe()

    def describe(self):
        return f"Status: {self.get_old_status_display()} → {self.get_new_status_display()}"


class LeadNote(models.Model):
    """A note sales staff keep on a lead."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=4000)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "note"

    def __str__(self):
        return f"Note by {self.author} at {self.created_at:%Y-%m-%d %H:%M}"
