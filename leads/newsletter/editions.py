"""Editions: the daily briefing (weekday mornings) and the weekly digest (Saturdays),
assembled from the stories published in their period a few hours before they go, so an
editor can reorder, drop or add stories and write an introduction; or let them go as
they are at their time.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from articles.models import Article, Event
from companies.models import Deal

from .models import Edition, EditionItem

PER_SECTION = 3  # stories of one section in an edition, after the lead story
MAX_STORIES = 12


def next_send_time(kind, now=None):
    """The next time an edition of `kind` goes out (local time, settings)."""
    now = timezone.localtime(now)
    day = now.date()
    while not (_goes_on(kind, day) and _send_moment(kind, day) > now):
        day += timedelta(days=1)
    return _send_moment(kind, day)


def previous_send_time(kind, send_at):
    """The send time before `send_at` in the schedule (Friday's, before a Monday's)."""
    day = timezone.localtime(send_at).date() - timedelta(days=1)
    while not _goes_on(kind, day):
        day -= timedelta(days=1)
    return _send_moment(kind, day)


def _goes_on(kind, day):
    if kind == Edition.Kind.DAILY:
        return day.weekday() < 5
    return day.weekday() == settings.NEWSLETTER_WEEKLY_WEEKDAY


def _send_moment(kind, day):
    hour = (
        settings.NEWSLETTER_DAILY_HOUR
        if kind == Edition.Kind.DAILY
        else settings.NEWSLETTER_WEEKLY_HOUR
    )
    return timezone.make_aware(datetime.combine(day, time(hour)))


def candidates(start, end, language=settings.LANGUAGE_CODE, kind=None):
    """The stories published in [start, end) for an edition of `kind` in `language`: its
    own, and in another edition's language, the English stories with no version published
    in it (they go under their English headline, marked as English). A story whose
    version was in an earlier edition of that kind and language is not sent twice."""
    published = Article.objects.published().filter(published_at__gte=start, published_at__lt=end)
    if language == settings.LANGUAGE_CODE:
        published = published.in_edition(language)
    else:
        untranslated = Q(language=settings.LANGUAGE_CODE) & ~Q(
            translation_key__in=Article.objects.published()
            .in_edition(language)
            .values("translation_key")
        )
        published = published.filter(Q(language=language) | untranslated).exclude(
            translation_key__in=EditionItem.objects.filter(
                edition__language=language, edition__kind=kind
            ).values("article__translation_key")
        )
    return published.select_related("section").order_by("-is_featured", "-published_at", "-pk")


def pick_stories(start, end, language=settings.LANGUAGE_CODE, kind=None):
    """The stories of the period [start, end) for an edition of `kind` in `language`: the
    lead story (featured first, else the newest), then up to PER_SECTION of each section,
    newest first."""
    published = list(candidates(start, end, language, kind)[:200])
    if not published:
        return []
    lead, rest = published[0], sorted(published[1:], key=lambda a: a.published_at, reverse=True)
    chosen, per_section = [lead], {}
    for story in rest:
        if per_section.get(story.section_id, 0) < PER_SECTION and len(chosen) < MAX_STORIES:
            chosen.append(story)
            per_section[story.section_id] = per_section.get(story.section_id, 0) + 1
    return chosen


def latest_deals(edition, limit=5):
    """Deals added or changed in the edition's period, newest first."""
    return list(
        Deal.objects.filter(updated_at__gte=edition.period_start, updated_at__lt=edition.period_end)
        .only("title", "slug", "status")
        .order_by("-updated_at")[:limit]
    )


def upcoming_events(edition, limit=3):
    """The events of the edition's language still to come when it goes out, soonest
    first (none cancelled)."""
    events = Event.objects.published().filter(language=edition.language)
    events = events.upcoming(now=edition.send_at).exclude(event_status="cancelled")
    return list(events[:limit])


def prepare(kind, now=None, language=settings.LANGUAGE_CODE):
    """Assemble the next edition of `kind` in `language` once its send time is within
    NEWSLETTER_PREPARE_HOURS; return it, or None (too early, already there, or no
    stories in its period)."""
    now = now or timezone.now()
    send_at = next_send_time(kind, now)
    if send_at - now > timedelta(hours=settings.NEWSLETTER_PREPARE_HOURS):
        return None
    own = Edition.objects.filter(kind=kind, language=language)
    if own.filter(period_end=send_at).exists():
        return None
    # Since the last edition; the first covers the time since the schedule's previous
    # send (a first Monday briefing holds Friday's and the weekend's stories).
    previous = own.order_by("-period_end").first()
    start = previous.period_end if previous else previous_send_time(kind, send_at)
    stories = pick_stories(start, send_at, language, kind)
    if not stories:
        return None
    with translation.override(language):
        subject = f"{Edition.Kind(kind).label}{_(': ')}{stories[0].title}"[:150]
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                kind=kind, language=language, period_start=start, period_end=send_at,
                send_at=send_at, subject=subject,
            )  # fmt: skip
            EditionItem.objects.bulk_create(
                EditionItem(edition=edition, article=story, position=n)
                for n, story in enumerate(stories, start=1)
            )
    except IntegrityError:  # another worker prepared it at the same moment
        return None
    return edition


def due_editions(now=None):
    """Scheduled editions whose time has come."""
    return Edition.objects.filter(state=Edition.State.SCHEDULED, send_at__lte=now or timezone.now())
