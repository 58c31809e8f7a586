"""Send the day's newsletter to 10,000, 30,000 and 100,000 subscribers through a local
SMTP sink, and time it (issue 19, item 4; split between English and Chinese, issue 30).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_newsletter_bench \\
        .venv/bin/python bench/newsletter.py            # or: make bench-newsletter

For each size, on a fresh database: the subscribers are created (confirmed, daily; half
of them, `--chinese`, reading in Chinese), one edition of five stories per language is
queued (`sending.queue_edition`: one delivery row each) and
sent by `sending.send_batch`, the code a worker runs, in `--workers` processes (2: this
machine's cores) with no rate limit, to an aiosmtpd sink in its own process (it accepts
and drops every message). Prints the
seconds and messages per second of queueing and of sending at each size, and the ratio
of time per subscriber at the largest size to the smallest (1.0: time grows linearly).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.admin import ensure_database  # noqa: E402
from bench.processes import forked, smtp_sink  # noqa: E402
from tests.servers import recreate_database  # noqa: E402


def setup(mail_port):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.update(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="testserver", STATIC_ROOT=tempfile.mkdtemp(prefix="bench-static-"),
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(mail_port), NEWSLETTER_RATE="0", NEWSLETTER_BATCH="1000000",
    )  # fmt: skip
    import django

    django.setup()


def make_site(subscribers, chinese_share):
    """A fresh database with five stories (and their Chinese versions) and `subscribers`
    confirmed daily readers, `chinese_share` of them reading in Chinese; return the
    day's editions, one per language."""
    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import Article, Section
    from leads.newsletter.models import Edition, EditionItem, Subscriber, SubscriptionConsent

    call_command("migrate", verbosity=0)
    section = Section.objects.create(name="Materials", slug="materials")
    now = timezone.now()
    stories = {"en-gb": [], "zh-hans": []}
    for n in range(5):
        english = Article.objects.create(
            title=f"Story {n}: anode prices", slug=f"story-{n}", dek="What moved the market.",
            body="Body.", section=section, status="published", published_at=now,
        )  # fmt: skip
        chinese = english.start_version("zh-hans")
        chinese.title, chinese.status, chinese.published_at = (
            f"报道{n}：负极材料价格",
            "published",
            now,
        )
        chinese.save()
        stories["en-gb"].append(english)
        stories["zh-hans"].append(chinese)
    chinese_from = subscribers - int(subscribers * chinese_share)
    for start in range(0, subscribers, 5000):
        made = Subscriber.objects.bulk_create(
            Subscriber(email=f"reader{n}@bench.example.com", confirmed_at=now,
                       language="zh-hans" if n >= chinese_from else "en-gb")
            for n in range(start, min(start + 5000, subscribers))
        )  # fmt: skip
        SubscriptionConsent.objects.bulk_create(
            SubscriptionConsent(subscriber=s, version="2026-12-02", source="/") for s in made
        )
    editions = []
    for language, chosen in stories.items():
        edition = Edition.objects.create(
            kind="daily", language=language, period_start=now, period_end=now, send_at=now,
            subject="Daily briefing",
        )  # fmt: skip
        EditionItem.objects.bulk_create(
            EditionItem(edition=edition, article=story, position=n)
            for n, story in enumerate(chosen)
        )
        editions.append(edition)
    return editions


def _worker(results):
    """One sending worker (a forked process): send until nothing is queued."""
    from django.db import connections

    from leads.newsletter import sending

    connections.close_all()  # never share the parent's connection
    results.put(sending.send_batch())


def measure(editions, workers):
    from leads.newsletter import sending

    started = time.perf_counter()
    queued = sum(sending.queue_edition(edition) for edition in editions)
    queue_seconds = time.perf_counter() - started
    started = time.perf_counter()
    sent = forked(_worker, [()] * workers)
    send_seconds = time.perf_counter() - started
    states = {type(e).objects.get(pk=e.pk).state for e in editions}
    assert sent == queued and states == {"sent"}, (sent, queued, states)
    return {"subscribers": sent, "queue_s": queue_seconds, "send_s": send_seconds}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--workers", type=int, default=2, help="sending processes (workers)")
    parser.add_argument(
        "--chinese", type=float, default=0.5, help="share of subscribers reading in Chinese"
    )
    args = parser.parse_args()
    url = os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_newsletter_bench"
    )
    os.environ["DATABASE_URL"] = url
    sink, mail_port = smtp_sink()
    setup(mail_port)
    from django.db import connection

    rows = []
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            connection.close()
            ensure_database(url)
            recreate_database(url)
            rows.append(measure(make_site(size, args.chinese), args.workers))
            r = rows[-1]
            print(f"{r['subscribers']:>8,} subscribers: queued in {r['queue_s']:.1f} s, "
                  f"sent in {r['send_s']:.1f} s ({r['subscribers'] / r['send_s']:.0f}/s)",
                  flush=True)  # fmt: skip
    finally:
        sink.terminate()
    print("\n| subscribers | queue s | send s | messages/s | ms per message |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        per = (r["queue_s"] + r["send_s"]) / r["subscribers"] * 1000
        print(f"| {r['subscribers']:,} | {r['queue_s']:.1f} | {r['send_s']:.1f} | "
              f"{r['subscribers'] / r['send_s']:.0f} | {per:.2f} |")  # fmt: skip
    first, last = rows[0], rows[-1]
    ratio = ((last["queue_s"] + last["send_s"]) / last["subscribers"]) / (
        (first["queue_s"] + first["send_s"]) / first["subscribers"]
    )
    print(f"\ntime per subscriber at {last['subscribers']:,} / at {first['subscribers']:,}: "
          f"{ratio:.2f} (1.0 = linear)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
