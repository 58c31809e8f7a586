"""What each cache mechanism buys: the key pages rendered with each one turned off.

    python bench/mechanisms.py        (after `make bench` has seeded the bench database)

Runs in one process with Django's test client against the bench database and Redis,
the page cache off (as for every request the page cache does not answer). For each page
it reports the median time of a request (modes interleaved over five rounds) and its
SQL queries with every mechanism on,
with memos missing, with fragments missing, and with both missing. A mechanism is
turned off by letting its lookups miss (the content state stays as it is), so nothing
else changes.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import add_service_arguments  # noqa: E402

PAGES = {
    "/": "/",
    "/news/": "/news/",
    "article": "/articles/btr-signs-297m-cathode-plant-morocco/",
    "search": "/search/?q=cathode+plant",
    "deals filtered": "/deals/?status=agreement_signed",
    "company": "/companies/btr-new-material-group/",
}


ROUNDS = 5


class MissingEntries:
    """A cache that finds nothing but the content state, and keeps nothing."""

    def __init__(self, real, state_key):
        self.real, self.state_key = real, state_key

    def get_many(self, keys):
        return {self.state_key: self.real.get(self.state_key)} if self.state_key in keys else {}

    def set_many(self, *args, **kwargs):
        return []


def measure(client, url, requests):
    """Return the times (s) of `requests` requests and the queries of the last one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # fill what is kept
    times = []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return times, len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60)
    add_service_arguments(parser)
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings", DJANGO_DEBUG="1", PAGE_CACHE_SECONDS="0",
        DATABASE_URL=args.database_url, REDIS_URL=args.redis_url,
    )  # fmt: skip
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from portal.cache import content, fragments, memo

    settings.DEBUG = False  # no query log kept between requests
    settings.ALLOWED_HOSTS = ["testserver"]
    missing = MissingEntries(cache, content.STATE_KEY)
    modes = {
        "all on": {},
        "memos off": {memo: missing},
        "fragments off": {fragments: missing},
        "both off": {memo: missing, fragments: missing},
    }
    client = Client()
    print(f"| page | {' | '.join(modes)} |")
    print(f"| --- |{' ---: |' * len(modes)}")
    for name, url in PAGES.items():
        times, queries = {mode: [] for mode in modes}, {}
        for _ in range(ROUNDS):  # the modes interleaved, so that drift hits them alike
            for mode, patches in modes.items():
                for module, stand_in in patches.items():
                    module.cache = stand_in
                try:
                    found, queries[mode] = measure(client, url, args.requests // ROUNDS)
                finally:
                    for module in patches:
                        module.cache = cache
                times[mode] += found
        cells = [f"{statistics.median(times[m]) * 1000:.1f} ms, {queries[m]} q" for m in modes]
        print(f"| {name} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
