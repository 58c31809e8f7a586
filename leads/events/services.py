"""Registrations with side effects: every write here happens in one transaction with
the e-mails it causes (outbox rows, sent by the task queue once it has committed).

Places are counted under a lock on the event's row, so two readers sending the form at
once never both take the last place, and a cancellation moves exactly one reader up.
"""

import csv
import io
import logging
import re
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation

from articles.models import Event

from .. import consent, spam
from ..models import Consent, Lead, LeadEmail, Registration, SponsorExport, SponsorShare
from ..newsletter import services as newsletter
from ..services import lead_emails_queue
from ..tasks import send_lead_emails

logger = logging.getLogger(__name__)
State = Registration.State
REMINDERS = ((LeadEmail.Kind.REMINDER_DAY, timedelta(hours=24)),
             (LeadEmail.Kind.REMINDER_HOUR, timedelta(hours=1)))  # fmt: skip
ENQUEUE_CHUNK = 200  # e-mails per batch task when a reminder goes to many registrants


def register(*, form, request, event) -> Lead:
    """Store the registration of a valid form once: a lead (kind: event registration)
    with its consents, a place or, when the event is full, a place on the waiting list
    (after the event: a request for its recording), and the reader's e-mail.

    The same form sent twice stores one lead (as the report form). An address already
    registered (or waiting) gets no second place: its lead is returned, marked
    `already_registered` (whoever typed the address must not get its personal links).
    """
    key = spam.FormGuard.submission_key(form)
    stored = Lead.objects.filter(submission=key).first()
    if stored is not None:
        return stored
    event = event.canonical()
    email = form.cleaned_data["email"]
    try:
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event.pk)
            already = event.registrations.active().filter(email=email).first()
            if already is not None:
                already.lead.already_registered = True
                return already.lead
            lead = form.save(commit=False)
            lead.submission, lead.kind, lead.event = key, Lead.Kind.EVENT, event
            lead.topic = form.cleaned_data["topic"]
            lead.client_hash = spam.client_hash(request)
            lead.language = translation.get_language()
            lead.save()
            state = _state_for_new(event)
            Registration.objects.create(
                lead=lead, event=event, email=email, state=state,
                announced_sequence=event.sequence, created_at=lead.created_at,
            )  # fmt: skip
            _record_consents(lead, form, request)
            kind = {State.REGISTERED: LeadEmail.Kind.REGISTERED, State.WAITING:
                    LeadEmail.Kind.WAITING}.get(state)  # fmt: skip
            if kind is not None:
                lead_emails_queue(lead, [kind])
            elif event.recording_url:  # after the event: the recording, when there is one
                lead_emails_queue(lead, [LeadEmail.Kind.RECORDING])
    except IntegrityError:
        stored = Lead.objects.filter(submission=key).first()
        if stored is None:
            raise
        return stored  # the same form, sent twice at once
    return lead


def _state_for_new(event):
    if event.registration_state() == "over":
        return State.RECORDING
    if event.capacity is not None and event.registrations.registered().count() >= event.capacity:
        return State.WAITING
    return State.REGISTERED


def _record_consents(lead, form, request):
    page = (form.cleaned_data.get("page_url") or request.path)[:200]
    rows = []
    for purpose in form.consented_purposes():
        text = consent.current(purpose)
        parties = form.sponsor_names[:500] if purpose == consent.SPONSOR else ""
        rows.append(Consent(lead=lead, purpose=purpose, version=text.version,
                            language=text.language, given_at=lead.created_at, form=page,
                            parties=parties))  # fmt: skip
    Consent.objects.bulk_create(rows)
    if consent.NEWSLETTER in form.consented_purposes():
        newsletter.subscribe(email=lead.email, daily=True, weekly=False, source=page)


def cancel(registration) -> bool:
    """Cancel a place (or a place on the waiting list) and confirm it by e-mail; a
    place freed goes to the first on the waiting list. Return whether it was cancelled
    now (False: it was not active)."""
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.state not in (State.REGISTERED, State.WAITING):
            return False
        registration.state, registration.cancelled_at = State.CANCELLED, timezone.now()
        registration.save(update_fields=["state", "cancelled_at"])
        lead_emails_queue(registration.lead, [LeadEmail.Kind.CANCELLED])
        fill_places(registration.event)
    return True


def fill_places(event):
    """Give the free places of `event` to the waiting list, first come first (after a
    cancellation, or more places); each reader moved up is e-mailed. Return how many."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.registration_state() in ("over", "off"):
            return 0
        waiting = event.registrations.waiting()
        if event.capacity is not None:
            free = event.capacity - event.registrations.registered().count()
            waiting = waiting[: max(free, 0)]
        moving = list(waiting.select_related("lead"))
        now = timezone.now()
        for registration in moving:
            registration.state, registration.moved_up_at = State.REGISTERED, now
            registration.save(update_fields=["state", "moved_up_at"])
            lead_emails_queue(registration.lead, [LeadEmail.Kind.MOVED_UP])
    return len(moving)


def queue_reminders(now=None):
    """Write the reminders that are due (24 hours and 1 hour before each event's start)
    for everyone holding a place since before then, once per registrant and start time
    (a moved event is reminded of again), and queue their sending. None goes out for a
    cancelled or postponed event, after the start, or (the day's reminder) within the
    last hour, which has its own. Return how many were written."""
    now = now or timezone.now()
    written = 0
    for kind, before in REMINDERS:
        events = Event.objects.filter(
            starts_at__gt=now, starts_at__lte=now + before,
            event_status__in=[Event.EventStatus.SCHEDULED, Event.EventStatus.MOVED_ONLINE],
            registrations__state=State.REGISTERED,
        ).distinct()  # fmt: skip
        if kind == LeadEmail.Kind.REMINDER_DAY:
            events = events.filter(starts_at__gt=now + timedelta(hours=1))
        for event in events:
            written += _queue_for(
                event.registrations.registered().filter(created_at__lt=event.starts_at - before),
                kind, event.starts_at.isoformat(), now,
            )  # fmt: skip
    return written


def announce_changes(now=None):
    """Tell every registrant (and everyone waiting) of a change of time, place or status
    of their event, once per change, with a new calendar file. Return how many."""
    now = now or timezone.now()
    written = 0
    events = Event.objects.filter(ends_at__gt=now, registrations__state__in=[
        State.REGISTERED, State.WAITING]).distinct()  # fmt: skip
    for event in events:
        behind = event.registrations.active().filter(announced_sequence__lt=event.sequence)
        with transaction.atomic():
            written += _queue_for(behind, LeadEmail.Kind.CHANGED, str(event.sequence), now)
            behind.update(announced_sequence=event.sequence)
    return written


def offer_recordings(now=None):
    """Once an event is over and has a recording, e-mail its link to everyone who
    registered (attendees, no-shows and those who waited) or asked for it. Return how
    many e-mails were written."""
    now = now or timezone.now()
    written = 0
    events = Event.objects.filter(ends_at__lt=now).exclude(recording_url="")
    events = events.filter(Exists(Registration.objects.filter(
        event=OuterRef("pk"), state__in=[State.REGISTERED, State.WAITING, State.RECORDING]
    ).exclude(lead__emails__kind=LeadEmail.Kind.RECORDING)))  # fmt: skip
    for event in events:
        told = event.registrations.exclude(state=State.CANCELLED)
        written += _queue_for(told, LeadEmail.Kind.RECORDING, "", now)
    return written


def _queue_for(registrations, kind, key, now):
    """Write the e-mails of `kind` and `key` for these registrations' leads (those not
    written already) and queue their sending in batches; return how many were new."""
    lead_ids = registrations.values_list("lead_id", flat=True)
    rows = [LeadEmail(lead_id=lead_id, kind=kind, key=key, created_at=now,
                      next_attempt_at=now + timedelta(seconds=LeadEmail.grace()))
            for lead_id in lead_ids.iterator(chunk_size=5000)]  # fmt: skip
    LeadEmail.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    new = list(
        LeadEmail.objects.filter(lead_id__in=lead_ids, kind=kind, key=key, created_at=now,
                                 state=LeadEmail.State.PENDING)
        .order_by("pk").values_list("pk", flat=True)
    )  # fmt: skip
    for start in range(0, len(new), ENQUEUE_CHUNK):
        chunk = new[start : start + ENQUEUE_CHUNK]
        transaction.on_commit(lambda chunk=chunk: _enqueue(chunk))
    return len(new)


def _enqueue(ids):
    try:
        send_lead_emails.delay(ids)
    except Exception:  # the broker down: the periodic task sends them after their grace
        logger.warning("Could not enqueue %d e-mails; the periodic task will", len(ids))


class AttendanceProblem(ValueError):
    """An attendance file that cannot be read: the reason, for the person importing."""


EMAIL_HEADERS = re.compile(r"e-?mail|邮箱|邮件", re.IGNORECASE)
MINUTES_HEADERS = re.compile(r"minute|duration|time in session|时长|分钟", re.IGNORECASE)
MAX_ATTENDANCE_BYTES = 5 * 1024 * 1024


def import_attendance(event, upload):
    """Read a webinar platform's attendance CSV (a column of e-mail addresses and one of
    minutes attended; a person who joined twice is added up) into `event`'s
    registrations: those in it attended for their minutes, the registered ones not in
    it did not attend. All or nothing; importing again replaces the figures. Return
    {"attended", "no_shows", "unknown": [addresses in the file not registered]}."""
    minutes = _read_attendance(upload)
    event = event.canonical()
    now = timezone.now()
    with transaction.atomic():
        registrations = event.registrations.exclude(state=State.CANCELLED)
        known = {r.email: r for r in registrations.select_for_update()}
        attended = [r for email, r in known.items() if minutes.get(email, 0) > 0]
        for registration in known.values():
            registration.attended_minutes = minutes.get(registration.email, 0)
            registration.attendance_imported_at = now
        Registration.objects.bulk_update(
            known.values(), ["attended_minutes", "attendance_imported_at"], batch_size=2000
        )
    return {"attended": len(attended), "no_shows": len(known) - len(attended),
            "unknown": sorted(set(minutes) - set(known))}  # fmt: skip


def _read_attendance(upload):
    if upload.size > MAX_ATTENDANCE_BYTES:
        raise AttendanceProblem("The file is larger than 5 MB: is it the attendance report?")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AttendanceProblem("The file is not UTF-8 text: export it as CSV (UTF-8).") from None
    rows = list(csv.reader(io.StringIO(text)))
    index, email_col, minutes_col = _header(rows)
    minutes, problems = {}, []
    for number, row in enumerate(rows[index + 1 :], start=index + 2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            email = row[email_col].strip().lower()
            value = float(row[minutes_col].strip() or 0)
        except (IndexError, ValueError):
            problems.append(number)
            continue
        if "@" not in email or value < 0:
            problems.append(number)
            continue
        minutes[email] = minutes.get(email, 0) + round(value)
    if problems:
        lines = ", ".join(map(str, problems[:10])) + (" …" if len(problems) > 10 else "")
        raise AttendanceProblem(f"Line(s) {lines}: an e-mail address and minutes are expected.")
    return minutes


def _header(rows):
    """(line index, e-mail column, minutes column) of the header row: platforms put a
    few lines of summary above it."""
    for index, row in enumerate(rows[:30]):
        email_col = next((i for i, cell in enumerate(row) if EMAIL_HEADERS.search(cell)), None)
        minutes_col = next((i for i, c in enumerate(row) if MINUTES_HEADERS.search(c)), None)
        if email_col is not None and minutes_col is not None:
            return index, email_col, minutes_col
    raise AttendanceProblem(
        "No header row with an e-mail column and a minutes (or duration) column was found."
    )


def sponsor_export(event, *, user, format):
    """The registrants of `event` who agreed to be contacted by its sponsors (and only
    they), as rows; the export is recorded, and on each lead in it. Return (export,
    header, rows)."""
    event = event.canonical()
    sponsors = ", ".join(company.name for company in event.sponsors.all())
    agreed = Consent.objects.filter(lead=OuterRef("lead"), purpose=consent.SPONSOR)
    registrations = (
        event.registrations.exclude(state=State.CANCELLED).filter(Exists(agreed))
        .select_related("lead").order_by("created_at", "pk")
    )  # fmt: skip
    with transaction.atomic():
        export = SponsorExport.objects.create(event=event, sponsors=sponsors[:500], made_by=user,
                                              format=format)  # fmt: skip
        chosen = list(registrations)
        SponsorShare.objects.bulk_create(
            (SponsorShare(export=export, lead_id=r.lead_id) for r in chosen), batch_size=5000
        )
        export.rows = len(chosen)
        export.save(update_fields=["rows"])
    rows = [[r.lead.name, r.lead.email, r.lead.company, r.lead.job_title, r.lead.country.name,
             r.get_state_display(), "" if r.attended_minutes is None else r.attended_minutes,
             timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M")]
            for r in chosen]  # fmt: skip
    header = ["name", "email", "company", "job_title", "country", "registration",
              "minutes_attended", "registered_at"]  # fmt: skip
    return export, header, rows
