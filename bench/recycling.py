"""Do gunicorn's worker restarts show as a dip in throughput? (issue 27)

    python bench/recycling.py            (or: make bench-recycling)

Serves the demo portal with production settings under gunicorn twice, recycling workers
often (GUNICORN_MAX_REQUESTS=400) so that a minute of load sees many restarts:

- "synchronised, cold": the old configuration, every worker restarting after 400-440
  requests and loading the URLconf and templates on its first request;
- "spread, warm": today's, each worker drawing its limit in 400-800 and starting from a
  master that loaded the URLconf and templates before it forked (portal/warmup.py).

Redis is the cache, as in production. Load: CLIENTS threads with keep-alive connections
over the front page, an article and the news list (page cache off, so every request
runs its view). Each second's completed requests are counted; the table gives the
median, the worst second as a share of the median, and how many seconds fell below 60%
of it. Ratios within one run only.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import Gunicorn, clean_env, manage  # noqa: E402

PATHS = ["/", "/articles/btr-signs-297m-cathode-plant-morocco/", "/news/"]
CONFIGS = [
    ("synchronised, cold", {"GUNICORN_MAX_REQUESTS_JITTER": "40", "GUNICORN_WARM_UP": "0"}),
    ("spread, warm", {}),
]


def load(port, seconds, clients):
    """Per-second counts of completed requests, and the errors."""
    stamps, errors, stop = [], Counter(), time.monotonic() + seconds
    lock = threading.Lock()

    def client(offset):
        connection = HTTPConnection("127.0.0.1", port, timeout=30)
        n = offset
        while time.monotonic() < stop:
            try:
                connection.request("GET", PATHS[n % len(PATHS)])
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                connection.close()
                connection = HTTPConnection("127.0.0.1", port, timeout=30)
                ok = False
            with lock:
                if ok:
                    stamps.append(time.monotonic())
                else:
                    errors["error"] += 1
            n += 1

    start = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    per_second = Counter(int(stamp - start) for stamp in stamps)
    return [per_second.get(second, 0) for second in range(seconds)], sum(errors.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=45)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-recycling-"))
    env = clean_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", PORTAL_VAR_DIR=folder,
        STATIC_ROOT=folder / "static", MEDIA_ROOT=folder / "media",
        DJANGO_SECURE_SSL_REDIRECT=0, PAGE_CACHE_SECONDS=0,
        GUNICORN_MAX_REQUESTS=400, GUNICORN_ACCESS_LOG="/dev/null",
        # The shared cache production has (a fresh worker finds the fragments warm).
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10"),
    )  # fmt: skip
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo"]):
        manage(env, *command)
    rows = []
    for name, overrides in CONFIGS:
        server = Gunicorn({**env, **overrides}, workers=args.workers)
        try:
            load(server.port, 5, args.clients)  # every worker past its first requests
            counts, errors = load(server.port, args.seconds, args.clients)
            restarts = server.error_log().count("Booting worker") - args.workers
        finally:
            server.stop()
        median = statistics.median(counts)
        rows.append((name, median, min(counts) / median,
                     sum(c < 0.6 * median for c in counts), restarts, errors))  # fmt: skip
    print(f"\n{args.clients} clients, {args.workers} workers, {args.seconds} s each, "
          f"workers recycled after 400 requests ({os.cpu_count()} cores)\n")  # fmt: skip
    print("| configuration | median req/s | worst second / median | seconds < 60% | "
          "restarts | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |")  # fmt: skip
    for name, median, worst, dips, restarts, errors in rows:
        print(f"| {name} | {median:.0f} | {worst:.2f} | {dips} | {restarts} | {errors} |")


if __name__ == "__main__":
    main()
