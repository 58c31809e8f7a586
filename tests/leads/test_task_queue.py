"""The task queue with real parts: gunicorn on PostgreSQL, Celery workers and the beat
scheduler as their own processes on Redis, and a real SMTP server (aiosmtpd) that can
be down, slow, or receiving. Every lead's e-mails arrive exactly once.

Needs PostgreSQL and Redis (CI has both): fails in CI when they are missing, skips with
a reason on a developer machine without them.
"""

import asyncio
import contextlib
import os
import re
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest

from tests.servers import (
    Browser,
    CeleryProcess,
    Gunicorn,
    clean_env,
    drop_database,
    free_port,
    manage,
    recreate_database,
    service_available,
    wait_for,
)

# A database and a queue of this run's own: runs side by side never meet.
PG_URL = os.environ.get(
    "QUEUE_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/portal_queue_{os.getpid()}"
)
REDIS_DB = "12"
pytestmark = pytest.mark.skipif(
    not (service_available("127.0.0.1", 5432) and service_available("127.0.0.1", 6379))
    and not os.environ.get("CI"),
    reason="needs PostgreSQL on 5432 and Redis on 6379 (CI has both)",
)
REPORT = "lithium-outlook"
SETUP = f"""
from django.core.files.base import ContentFile
from django.utils import timezone
from articles.models import Report
from portal.demo_pdf import text_pdf
report = Report(title="Lithium outlook", slug="{REPORT}", summary="Supply and demand.",
                status="published", published_at=timezone.now(), page_count=1)
report.file.save("r.pdf", ContentFile(text_pdf([[(12, "Lithium")]])), save=False)
report.save()
"""
NEWSLETTER = """
from datetime import timedelta
from django.utils import timezone
from articles.models import Article, Author, Section
from leads.newsletter.models import Edition, EditionItem, Subscriber
section = Section.objects.create(name="Materials", slug="materials")
story = Article.objects.create(title="Anode prices fall", slug="anode-prices-fall", dek="Dek.",
                               body="Body.", section=section, status="published",
                               published_at=timezone.now() - timedelta(hours=2))
for n in range(60):
    Subscriber.objects.create(email=f"sub{n}@example.com", daily=True).confirm(source="/")
now = timezone.now()
edition = Edition.objects.create(kind="daily", period_start=now - timedelta(days=1),
                                 period_end=now, send_at=now, subject="Daily briefing")
EditionItem.objects.create(edition=edition, article=story, position=1)
"""
TICK = "from leads.newsletter.tasks import newsletter_tick; newsletter_tick.delay()"


class MailServer:
    """aiosmtpd on a fixed port: started and stopped by the test, and able to hold
    each delivery at RCPT for `hold` seconds (a slow server a worker can die on)."""

    def __init__(self, port):
        self.port, self.messages, self.held, self.hold = port, [], 0, 0
        self.hold_after = None  # start holding once this many messages arrived
        self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            self.hold = 6
        if self.hold:
            self.held += 1
            await asyncio.sleep(self.hold)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos[0], envelope.content.decode(errors="replace")))
        return "250 Message accepted"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """gunicorn on a fresh PostgreSQL database, a private Redis queue, a report."""
    folder = tmp_path_factory.mktemp("queue")
    recreate_database(PG_URL)
    mail_port = free_port()
    env = clean_env(
        DATABASE_URL=PG_URL, CELERY_BROKER_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        CELERY_QUEUE=f"test-{uuid.uuid4().hex[:8]}", CELERY_VISIBILITY_TIMEOUT=5,
        EMAIL_RETRY_SECONDS=1, EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1", EMAIL_PORT=mail_port, EMAIL_TIMEOUT=15,
        SALES_NOTIFY_EMAILS="sales@example.com", LEADS_MIN_FILL_SECONDS=0,
        LEADS_RATE_LIMIT_COUNT=100000, DJANGO_SECURE_SSL_REDIRECT=0, PAGE_CACHE_SECONDS=0,
        NEWSLETTER_RATE=20, NEWSLETTER_WORKERS=1,
        STATIC_ROOT=folder / "static", MEDIA_ROOT=folder / "media",
        PRIVATE_ROOT=folder / "private", PORTAL_VAR_DIR=folder,
    )  # fmt: skip
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "shell", "-c", SETUP)
    web = Gunicorn({**env, "GUNICORN_THREADS": "8"}, workers=3)
    beat = CeleryProcess.beat(env, folder / "beat-schedule")
    yield {"env": env, "web": web, "mail_port": mail_port}
    beat.stop()
    web.stop()
    drop_database(PG_URL)


@pytest.fixture
def mail(site):
    server = MailServer(site["mail_port"])
    yield server
    server.stop()


@pytest.fixture
def workers(site):
    """Start workers with start(name); all are stopped after the test."""
    started = []

    def start(name):
        worker = CeleryProcess.worker(site["env"], site["env"]["CELERY_QUEUE"], name)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def _query(sql, *params):
    with contextlib.closing(psycopg2.connect(PG_URL)) as connection, connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _submit(web, email):
    browser = Browser()
    path = f"/reports/{REPORT}/"
    _, _, page = browser.get(web, path)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    status, headers, _ = browser.post(web, path, {
        "kind": "report", "report_slug": REPORT, "name": "Reader", "email": email,
        "company": "Cells Ltd", "job_title": "Buyer", "country": "MA",
        "topic": "Lithium outlook", "consent": "on", "website": "", "form_token": token,
    })  # fmt: skip
    assert status == 302 and "/contact/thanks/" in headers["Location"], status
    return email


def _assert_each_once(mail, readers):
    """Every reader got one link, and sales one notification per lead; nothing more."""
    to_readers = Counter(to for to, _ in mail.messages if to != "sales@example.com")
    assert to_readers == Counter(readers)
    leads = {int(pk) for (pk,) in _query(
        "SELECT id FROM leads_lead WHERE email = ANY(%s)", list(readers))}  # fmt: skip
    told = Counter(
        int(re.search(r"/leads/lead/(\d+)/change/", body).group(1))
        for to, body in mail.messages if to == "sales@example.com"
    )  # fmt: skip
    assert {pk: told[pk] for pk in leads} == dict.fromkeys(leads, 1)
    assert sum(told.values()) == len(leads)


def _emails_of(readers):
    return len(readers) * 2  # the link to the reader, the notification to sales


def test_mail_server_down_for_a_while_then_back_every_email_arrives_once(site, mail, workers):
    workers("down")
    readers = [_submit(site["web"], f"down{n}@example.com") for n in range(8)]
    # Every e-mail is tried and fails while the server is down.
    wait_for(
        lambda: _query(
            "SELECT count(*) FROM leads_leademail e JOIN leads_lead l ON l.id = e.lead_id "
            "WHERE l.email = ANY(%s) AND e.attempts >= 2 AND e.state = 'pending'", readers,
        )[0][0] == _emails_of(readers),
        300, "failed attempts",
    )  # fmt: skip
    mail.start()
    wait_for(lambda: len(mail.messages) >= _emails_of(readers), 300, "the e-mails")
    time.sleep(4)  # any double would arrive by now (retries run every second)
    _assert_each_once(mail, readers)


def test_worker_killed_mid_send_loses_and_doubles_nothing(site, mail, workers):
    mail.hold = 6
    mail.start()
    doomed = workers("doomed")
    readers = [_submit(site["web"], f"killed{n}@example.com") for n in range(4)]
    wait_for(lambda: mail.held >= 2, 120, "sends in progress")
    doomed.kill()  # both pool processes were half-way through a conversation
    # With no worker, what the scheduler queues shows as pending in the admin's results.
    wait_for(lambda: _query(
        "SELECT count(*) FROM django_celery_results_taskresult "
        "WHERE status = 'PENDING' AND task_name = 'leads.tasks.send_due_emails'")[0][0] > 0,
        120, "a pending task",
    )  # fmt: skip
    mail.hold = 0
    # Past the broker's visibility timeout, a new worker takes back the killed worker's
    # unfinished tasks as it starts (while the periodic task queues them again too).
    time.sleep(6)
    workers("survivor")
    wait_for(lambda: len(mail.messages) >= _emails_of(readers), 300, "the e-mails")
    time.sleep(4)
    _assert_each_once(mail, readers)
    done = _query(
        "SELECT count(*) FROM django_celery_results_taskresult "
        "WHERE status = 'SUCCESS' AND task_name = 'leads.tasks.send_lead_email'"
    )[0][0]
    assert done >= _emails_of(readers)


def test_two_hundred_simultaneous_requests_make_200_leads_and_200_links(site, mail, workers):
    mail.start()
    workers("first")
    workers("second")  # any number of workers share the queue
    emails = [f"crowd{n}@example.com" for n in range(200)]
    with ThreadPoolExecutor(max_workers=50) as pool:
        readers = list(pool.map(lambda email: _submit(site["web"], email), emails))
    assert _query("SELECT count(*) FROM leads_lead WHERE email LIKE 'crowd%%'")[0][0] == 200
    wait_for(lambda: len(mail.messages) >= _emails_of(readers), 600, "the e-mails")
    time.sleep(3)
    _assert_each_once(mail, readers)


def test_a_newsletter_send_interrupted_by_a_killed_worker_resumes_without_doubles(
    site, mail, workers
):
    manage(site["env"], "shell", "-c", NEWSLETTER)
    mail.hold_after = 20  # the 21st message is held at RCPT: the worker is mid-send
    mail.start()
    doomed = workers("newsletter-doomed")
    manage(site["env"], "shell", "-c", TICK)
    wait_for(lambda: mail.held >= 1, 300, "the send to be half-way")
    doomed.kill()
    mail.hold_after, mail.hold = None, 0
    time.sleep(6)  # past the visibility timeout: the batch task comes back to a worker
    workers("newsletter-survivor")
    manage(site["env"], "shell", "-c", TICK)
    subscribers = [f"sub{n}@example.com" for n in range(60)]
    received = lambda: [to for to, _ in mail.messages if to.startswith("sub")]  # noqa: E731
    wait_for(lambda: len(received()) >= 60, 300, "the edition")
    time.sleep(4)
    assert Counter(received()) == Counter(subscribers)
    state = _query("SELECT state FROM newsletter_edition")[0][0]
    assert state == "sent"


EVENT_REGISTRANTS = """
from datetime import timedelta
from django.utils import timezone
from articles.models import Event
from leads.models import Lead, Registration
now = timezone.now()
event = Event.objects.create(title="Anode webinar", slug="anode-webinar", summary="Anodes.",
                             starts_at=now + timedelta(hours=23), platform="Zoom",
                             ends_at=now + timedelta(hours=24), status="published",
                             published_at=now - timedelta(days=2))
for n in range(60):
    lead = Lead.objects.create(name=f"R{n}", email=f"reg{n}@example.com", company="C",
                               job_title="J", country="MA", topic="Event", kind="event",
                               event=event)
    Registration.objects.create(lead=lead, event=event, email=lead.email, state="registered",
                                created_at=now - timedelta(hours=2))
"""
EVENTS_TICK = "from leads.events.tasks import events_tick; events_tick.delay()"


def test_event_reminders_interrupted_by_a_killed_worker_go_to_each_registrant_once(
    site, mail, workers
):
    manage(site["env"], "shell", "-c", EVENT_REGISTRANTS)
    mail.hold_after = 20  # the 21st reminder is held at RCPT: the worker is mid-batch
    mail.start()
    doomed = workers("events-doomed")
    manage(site["env"], "shell", "-c", EVENTS_TICK)
    wait_for(lambda: mail.held >= 1, 300, "the reminders to be half-way")
    doomed.kill()
    mail.hold_after, mail.hold = None, 0
    time.sleep(6)  # past the visibility timeout; the outbox's periodic task finds the rest
    workers("events-survivor")
    manage(site["env"], "shell", "-c", EVENTS_TICK)  # a second tick writes nothing new
    registrants = [f"reg{n}@example.com" for n in range(60)]
    received = lambda: [to for to, _ in mail.messages if to.startswith("reg")]  # noqa: E731
    wait_for(lambda: len(received()) >= 60, 300, "the reminders")
    time.sleep(4)
    assert Counter(received()) == Counter(registrants)
    counts = _query("SELECT state, count(*) FROM leads_leademail WHERE kind = 'event-24h' "
                    "GROUP BY state")  # fmt: skip
    assert counts == [("sent", 60)]
