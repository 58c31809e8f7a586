"""Reading at the edge (issue 32): nginx → Varnish → gunicorn, measured in one run.

    python bench/edge.py             (or: make bench-edge; SCALE=articles, default 1000)

Needs PostgreSQL, Redis, nginx, varnishd with varnish-modules (xkey) and wrk. Seeds the
bench database (bench/run.py's seed: the demo content and SCALE more stories), starts
gunicorn (2 workers, production settings, Redis), Varnish with portal/varnish.vcl in
front of it, nginx with portal/nginx.conf in front of Varnish, and a Celery worker that
sends the purges. Then:

1. Throughput (wrk, 32 connections, interleaved rounds, medians): the minimal Django view
   served by gunicorn directly (the baseline), the front page and a story through the
   whole chain, and nginx answering by itself (the ceiling), as ratios to the baseline.
2. A correction's way to readers: a published story's title changes (a model save, as
   the admin's), and its page is asked through the chain every 20 ms until the new title
   shows: the time from the save's commit, each time.
3. Publishing under load: 60 s of wrk (64 connections over the front page, the news
   list, sections and 50 stories), once quiet and once with a story published or
   corrected every 10 s (each correction timed as in 2): errors, requests/s, p50, p99.
4. The origin's precision (`--precision`, in this process with Django's test client,
   Varnish not involved): every story page (or `--sample` of them) stored in the page
   cache, one story edited, then how many of the stored pages miss.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import WRK_SCRIPT, Server, add_service_arguments, base_env, seed  # noqa: E402
from tests.servers import CeleryProcess, Nginx, Varnish  # noqa: E402

ROUNDS = 3
POLL_SECONDS = 0.02
STORY = "/articles/btr-signs-297m-cathode-plant-morocco/"
NGINX_SELF = "location = /bench/nginx/ { return 200 'nginx answering by itself'; }\n"


def wrk(url, connections, seconds, script_text, threads=2):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(script_text)
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", script.name, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    os.unlink(script.name)
    data = json.loads(output.split("JSON ", 1)[1].splitlines()[0])
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6), "errors": data["errors"],
        "p50": data["p50"] / 1000, "p99": data["p99"] / 1000,
    }  # fmt: skip


def paths_script(paths):
    """A wrk script going round `paths` (each thread from its own place)."""
    listed = ", ".join(json.dumps(path) for path in paths)
    return (
        f"local paths = {{{listed}}}\nlocal n = math.random(#paths)\n"
        "request = function()\n  n = n % #paths + 1\n"
        "  return wrk.format('GET', paths[n])\nend\n" + WRK_SCRIPT
    )


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (local)
        return answer.read().decode()


def correct(article, title):
    """Change a published story's title as the admin would (the signals purge), and return
    the time its transaction committed."""
    from django.db import transaction

    with transaction.atomic():
        article.title = title
        article.save()
    return time.monotonic()


def time_to_readers(base, article, title):
    """Seconds from a correction's commit until the edge serves its new title."""
    committed = correct(article, title)
    deadline = committed + 30
    while time.monotonic() < deadline:
        if title in fetch(base + article.get_absolute_url()):
            return time.monotonic() - committed
        time.sleep(POLL_SECONDS)
    return float("inf")


def publish(section, number):
    from django.utils import timezone

    from articles.models import Article

    return Article.objects.create(
        title=f"Bench story {number}", slug=f"bench-story-{number}-{time.time_ns()}",
        dek="A story published under load.", body="Published by bench/edge.py.",
        section=section, status="published", published_at=timezone.now(),
    )  # fmt: skip


def throughput(chain, origin, nginx, seconds):
    """Medians over interleaved rounds: {name: wrk result}."""
    targets = [("minimal view (gunicorn directly)", origin.base + "/bench/minimal/"),
               ("front page (nginx → Varnish → gunicorn)", chain + "/"),
               ("story (nginx → Varnish → gunicorn)", chain + STORY),
               ("nginx answering by itself", nginx.base + "/bench/nginx/")]  # fmt: skip
    runs = {name: [] for name, _ in targets}
    for _ in range(ROUNDS):
        for name, url in targets:
            runs[name].append(wrk(url, 32, seconds, WRK_SCRIPT))
    return {
        name: {field: statistics.median(r[field] for r in results) for field in results[0]}
        for name, results in runs.items()
    }


def under_load(chain, paths, seconds, publishing, section):
    """wrk for `seconds`; with `publishing`, a publication or a correction every 10 s."""
    from articles.models import Article

    visible, stop = [], threading.Event()

    def newsroom():
        stories = list(Article.objects.published().order_by("-published_at")[10:60])
        number = 0
        while not stop.wait(10):
            number += 1
            if number % 2:
                publish(section, number)
            else:
                story = stories[number % len(stories)]
                visible.append(time_to_readers(chain, story, f"Corrected under load {number}"))

    for path in paths:  # both runs start with every page stored at the edge
        fetch(chain + path)
    thread = threading.Thread(target=newsroom)
    if publishing:
        thread.start()
    result = wrk(chain + "/", 64, seconds, paths_script(paths))
    stop.set()
    if publishing:
        thread.join()
    return result, visible


def load_paths():
    from articles.models import Article, Section

    stories = Article.objects.published().in_edition().order_by("-published_at")[:50]
    sections = Section.objects.all()[:5]
    return ["/", "/news/", *(s.get_absolute_url() for s in sections),
            *(a.get_absolute_url() for a in stories)]  # fmt: skip


def precision(sample):
    """After one edit, how many stored story pages miss (in this process: the test
    client, the page cache on, Redis as the cache)."""
    from django.core.cache import cache
    from django.test import Client

    from articles.models import Article
    from articles.reads import most_read

    cache.clear()
    client = Client()
    stories = list(Article.objects.published().in_edition().only("slug", "language"))
    if sample and sample < len(stories):
        stories = random.Random(32).sample(stories, sample)  # noqa: S311 (not a secret)
    urls = [story.get_absolute_url() for story in stories]
    started = time.monotonic()
    for url in urls:
        assert client.get(url).status_code == 200, url
    filled = time.monotonic() - started
    hot = {story["pk"] for story in most_read()}
    edited = next(story for story in stories if story.pk not in hot)  # its page is stored
    edited.refresh_from_db()
    correct(edited, edited.title + " (corrected)")
    misses = [url for url in urls if client.get(url)["X-Cache"] == "MISS"]
    return {"stored": len(urls), "filled_s": filled, "missed": len(misses),
            "edited_missed": edited.get_absolute_url() in misses or None}  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10, help="each throughput round")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--corrections", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--precision", action="store_true", help="only item 4's count")
    parser.add_argument("--sample", type=int, default=0, help="story pages to store")
    parser.add_argument("--no-seed", action="store_true")
    parser.add_argument("--broker-url", default="redis://127.0.0.1:6379/13")
    add_service_arguments(parser)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-edge-"))
    env = base_env(args, workdir)
    env.update(PAGE_CACHE_SECONDS="60", CELERY_BROKER_URL=args.broker_url)
    if args.no_seed:
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                       cwd=ROOT, env=env, check=True)  # fmt: skip
    else:
        print(f"Seeded {args.articles:,} articles in {seed(args, env):.0f} s", flush=True)
    import redis

    redis.Redis.from_url(args.broker_url).flushdb()

    origin = Server(env, {})
    varnish = Varnish(origin.port, workdir / "varnish")
    nginx = Nginx(varnish.port, workdir / "nginx", locations=NGINX_SELF)
    env["EDGE_PURGE_URLS"] = varnish.base
    worker = CeleryProcess.worker(env, "portal", "edge-bench")
    # This process saves the corrections and, for item 4, is an origin itself (the test
    # client; its stored pages live long enough to be filled).
    os.environ.update({**env, "DJANGO_SETTINGS_MODULE": "portal.settings",
                       "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
                       "PAGE_CACHE_SECONDS": "3600"})  # fmt: skip
    import django

    django.setup()
    try:
        report(args, origin, varnish, nginx)
    finally:
        for server in (worker, nginx, varnish, origin):
            server.stop()


def report(args, origin, varnish, nginx):
    from articles.models import Article, Section

    chain = nginx.base
    if args.precision:
        found = precision(args.sample)
        print(f"\nOne edit at {args.articles:,} articles: {found}")
        return
    for path in ("/", STORY):
        fetch(chain + path)
    results = throughput(chain, origin, nginx, args.seconds)
    baseline = results["minimal view (gunicorn directly)"]["rps"]
    print(f"\n### Throughput through the chain ({args.articles:,} articles, wrk 32 connections, "
          f"median of {ROUNDS} rounds of {args.seconds} s)\n")  # fmt: skip
    print("| served | requests/s | p50 ms | p99 ms | × minimal view | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, r in results.items():
        print(f"| {name} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
              f"{r['rps'] / baseline:.1f}x | {r['errors']:.0f} |")  # fmt: skip

    stories = list(Article.objects.published().in_edition().order_by("-published_at")[:50])
    times = []
    for number in range(args.corrections):
        story = stories[number % len(stories)]
        fetch(chain + story.get_absolute_url())  # stored at the edge before the correction
        times.append(time_to_readers(chain, story, f"Corrected headline {number}"))
    print(f"\n### A correction through the edge ({args.corrections} corrections, polled every "
          f"{POLL_SECONDS * 1000:.0f} ms)\n\nseconds from commit to readers: median "
          f"{statistics.median(times):.2f}, worst {max(times):.2f}")  # fmt: skip

    paths = load_paths()
    section = Section.objects.first()
    quiet, _ = under_load(chain, paths, args.load_seconds, False, section)
    busy, visible = under_load(chain, paths, args.load_seconds, True, section)
    print(f"\n### {args.load_seconds} s of load, 64 connections over {len(paths)} pages\n")
    print("| | requests/s | p50 ms | p99 ms | errors |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, r in (("no publications", quiet), ("a publication or correction every 10 s", busy)):
        print(f"| {name} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} |")
    print(f"\np99 with publications / without: {busy['p99'] / quiet['p99']:.2f}; corrections "
          f"under load reached readers in {', '.join(f'{t:.2f}' for t in visible)} s")  # fmt: skip


if __name__ == "__main__":
    main()
