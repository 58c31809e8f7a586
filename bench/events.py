"""An event with 1,000 and 10,000 registrants (issue 31, item 6): the sales desk's list
of its registrants, and the day-before reminders written and sent through a local SMTP
sink, timed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_events_bench \\
        .venv/bin/python bench/events.py            # or: make bench-events

For each size, on a fresh database: one webinar tomorrow and its registrants (leads
with their registrations, among 100,000 other leads so the desk's list is not alone in
its table); then
- the sales desk's list of the event's registrants (`/admin/leads/lead/?event=<pk>`,
  50 a page), asked `--rounds` times signed in as a sales person: median and worst ms;
- `events_tick()` at the reminder's time writes one reminder per registrant (the outbox
  rows) and `send_lead_emails` sends them in batches of 200 (what a worker runs, in
  `--workers` processes) to an aiosmtpd sink in its own process: seconds to write, to
  send, and the ratio of time per registrant at the largest size to the smallest
  (1.0: linear). Every registrant gets one reminder (checked in the database).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.admin import ensure_database  # noqa: E402
from bench.newsletter import setup  # noqa: E402
from bench.processes import forked, smtp_sink  # noqa: E402
from tests.servers import recreate_database  # noqa: E402

OTHER_LEADS = 100_000


def make_site(registrants):
    """A fresh database with one webinar tomorrow and `registrants` registrations, among
    OTHER_LEADS leads of other kinds; return the event and a signed-in sales client."""
    from datetime import timedelta

    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from articles.models import Event
    from leads.models import Lead, Registration

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest DEBUG-off needs
    now = timezone.now()
    event = Event.objects.create(
        title="Anode plants outside China", slug="anode-plants", summary="Anodes.",
        starts_at=now + timedelta(hours=23, minutes=30), ends_at=now + timedelta(hours=25),
        platform="Zoom", join_url="https://zoom.example.com/j/1", status="published",
        published_at=now - timedelta(days=7),
    )  # fmt: skip
    for start in range(0, OTHER_LEADS, 10_000):
        Lead.objects.bulk_create(
            Lead(name=f"Other {n}", email=f"other{n}@bench.example.com", company="C",
                 job_title="Buyer", country="MA", topic="Report", kind="report")
            for n in range(start, start + 10_000)
        )  # fmt: skip
    earlier = now - timedelta(days=2)
    for start in range(0, registrants, 5000):
        leads = Lead.objects.bulk_create(
            Lead(name=f"Registrant {n}", email=f"reg{n}@bench.example.com", company="C",
                 job_title="Engineer", country="DE", topic="Event: Anode plants",
                 kind="event", event=event, created_at=earlier)
            for n in range(start, min(start + 5000, registrants))
        )  # fmt: skip
        Registration.objects.bulk_create(
            Registration(lead=lead, event=event, email=lead.email, state="registered",
                         created_at=earlier)
            for lead in leads
        )  # fmt: skip
    _analyze()
    sales = User.objects.create_user("sam", password="x", is_staff=True)  # noqa: S106
    sales.groups.add(Group.objects.get(name="Sales"))
    client = Client()
    client.force_login(sales)
    return event, client


def _analyze():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def time_list(client, event, rounds):
    url = f"/admin/leads/lead/?event={event.pk}"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return statistics.median(times), max(times)


def _worker(ids, results):
    from django.db import connections

    from leads.tasks import send_lead_emails

    connections.close_all()  # never share the parent's connection
    results.put(sum(send_lead_emails(ids[i : i + 200]) for i in range(0, len(ids), 200)))


def time_reminders(event, workers):
    from unittest import mock

    from django.db import connections
    from django.utils import timezone

    from leads.events import services
    from leads.models import LeadEmail

    started = time.perf_counter()
    with mock.patch("leads.events.services._enqueue"):  # the workers below send them
        written = services.queue_reminders(timezone.now())
    write_seconds = time.perf_counter() - started
    ids = list(LeadEmail.objects.filter(kind="event-24h", state="pending")
               .order_by("pk").values_list("pk", flat=True))  # fmt: skip
    connections.close_all()
    started = time.perf_counter()
    sent = forked(_worker, [(ids[n::workers],) for n in range(workers)])
    send_seconds = time.perf_counter() - started
    reminded = LeadEmail.objects.filter(kind="event-24h", state="sent")
    assert written == sent == reminded.count() == reminded.values("lead").distinct().count()
    assert not LeadEmail.objects.filter(kind="event-24h").exclude(state="sent").exists()
    return write_seconds, send_seconds, sent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_events_bench")
    os.environ["DATABASE_URL"] = url
    sink, mail_port = smtp_sink()
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"  # the test client speaks plain HTTP
    setup(mail_port)
    from django.db import connection

    rows = []
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            connection.close()
            ensure_database(url)
            recreate_database(url)
            event, client = make_site(size)
            median, worst = time_list(client, event, args.rounds)
            write_s, send_s, sent = time_reminders(event, args.workers)
            rows.append({"size": size, "median": median, "worst": worst, "write": write_s,
                         "send": send_s, "sent": sent})  # fmt: skip
            print(
                f"{size:>7,} registrants: desk list {median:.0f} ms (worst {worst:.0f}); "
                f"reminders written in {write_s:.2f} s, sent in {send_s:.1f} s",
                flush=True,
            )
    finally:
        sink.terminate()
    print("\n| registrants | desk list median ms | worst ms | reminders written s | sent s | "
          "ms per registrant |")  # fmt: skip
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        per = (r["write"] + r["send"]) / r["size"] * 1000
        print(f"| {r['size']:,} | {r['median']:.0f} | {r['worst']:.0f} | {r['write']:.2f} | "
              f"{r['send']:.1f} | {per:.2f} |")  # fmt: skip
    first, last = rows[0], rows[-1]
    ratio = ((last["write"] + last["send"]) / last["size"]) / (
        (first["write"] + first["send"]) / first["size"]
    )
    print(
        f"\ntime per registrant at {last['size']:,} / at {first['size']:,}: {ratio:.2f} "
        "(1.0 = linear)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
