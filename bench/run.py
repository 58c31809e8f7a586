"""Benchmark the portal's key pages under gunicorn with production settings.

    python bench/run.py --articles 1000        (or: make bench SCALE=1000)

Seeds a PostgreSQL database at the given scale, starts gunicorn three times with
production settings (page cache on; page cache off; no cache at all) and measures
requests per second and latency percentiles of each page with wrk (or a built-in Python
load generator when wrk is missing). Pages run interleaved over several rounds; the
tables show medians and each page's ratio to a minimal Django view served by the same
gunicorn. `--save` keeps the medians and `--compare` sets another scale's beside them.
"""

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# The three ways the pages are served: what anonymous readers get; every request running
# its view (fragments and remembered data from Redis, as between two publications); and
# every request starting from nothing (no cache at all: the cost of a cold render).
MODES = [
    ("page cache on", {"PAGE_CACHE_SECONDS": "60"}),
    ("page cache off", {"PAGE_CACHE_SECONDS": "0"}),
    ("no cache at all", {"PAGE_CACHE_SECONDS": "0", "DJANGO_CACHE_OFF": "1"}),
]
PAGES = [
    ("minimal view", "/bench/minimal/"),
    ("/", "/"),
    ("/news/", "/news/"),
    ("article", "/articles/btr-signs-297m-cathode-plant-morocco/"),
    # A query and a filter that fill a first page at every scale, so that the pages
    # compared across scales show as many rows.
    ("search", "/search/?q=cathode+plant"),
    ("deals filtered", "/deals/?status=agreement_signed"),
    ("company", "/companies/btr-new-material-group/"),
    ("deals map", "/deals/map/"),
    ("API deals filtered", "/api/v1/deals/?status=agreement_signed"),
]
SEARCH = dict(PAGES)["search"]
ONE_CLIENT_SEARCH = "search, one client"
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("JSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"errors\\": %d, "
    .. "\\"p50\\": %d, \\"p95\\": %d, \\"p99\\": %d}\\n",
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command, env, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)


def recreate_database(url):
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    server.close()


def base_env(args, workdir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        PORTAL_VAR_DIR=str(workdir),
        PORTAL_BENCH="1",
        GUNICORN_ACCESS_LOG="/dev/null",
        GUNICORN_LOG_LEVEL="warning",
        GUNICORN_WORKERS=str(args.workers),
        GUNICORN_MAX_REQUESTS="0",
        DJANGO_LOG_LEVEL="WARNING",
        API_RATE="100000000/min",  # one load generator is one client: no 429 in the bench
    )
    return env


def seed(args, env):
    recreate_database(args.database_url)
    run([PYTHON, "manage.py", "migrate", "-v0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "load_demo"], env, stdout=subprocess.DEVNULL)
    started = time.monotonic()
    run(
        [PYTHON, "manage.py", "seed_bulk", f"--articles={args.articles}",
         f"--companies={max(10, args.articles // 10)}", f"--deals={max(10, args.articles // 10)}",
         f"--leads={args.articles}"],
        env,
    )  # fmt: skip
    analyze = "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')"
    run([PYTHON, "manage.py", "shell", "-c", analyze], env)
    return time.monotonic() - started


class Server:
    def __init__(self, env, settings):
        self.port = free_port()
        env = {**env, **settings, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "python:portal.gunicorn", "portal.wsgi"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=5).read()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError(self.process.stderr.read().decode()) from None
                time.sleep(0.3)

    def worker_rss_mb(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = children.read_text().split() if children.exists() else []
        sizes = []
        for pid in pids:
            status = Path(f"/proc/{pid}/status").read_text()
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                sizes.append(int(match.group(1)) / 1024)
        return sizes

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def measure_wrk(url, args, script):
    output = subprocess.run(
        ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
         "-s", script, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    data = json.loads(output.split("JSON ", 1)[1].splitlines()[0])
    return {
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50": data["p50"] / 1000, "p95": data["p95"] / 1000, "p99": data["p99"] / 1000,
        "errors": data["errors"],
    }  # fmt: skip


def measure_python(url, args, _script):
    """A keep-alive load generator in threads, for machines without wrk."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    stop_at = time.monotonic() + args.duration
    latencies, errors, lock = [], [0], threading.Lock()

    def worker():
        connection = HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine = []
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                connection = HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] if latencies else 0

    return {"rps": len(latencies) / elapsed, "p50": pct(50), "p95": pct(95), "p99": pct(99),
            "errors": errors[0]}  # fmt: skip


def query_counts(env):
    """SQL queries per page: with an empty cache, and again with the fragments cached."""
    code = (
        "import json\n"
        "from django.core.cache import cache\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        f"pages = {[path for _, path in PAGES]!r}\n"
        "client = Client(HTTP_HOST='127.0.0.1')\n"
        "counts = {}\n"
        "for path in pages:\n"
        "    cache.clear()\n"
        "    counts[path] = []\n"
        "    for _ in range(2):\n"
        "        with CaptureQueriesContext(connection) as q:\n"
        "            client.get(path)\n"
        "        counts[path].append(len(q))\n"
        "print('COUNTS ' + json.dumps(counts))\n"
    )
    output = run([PYTHON, "manage.py", "shell", "-c", code], {**env, "PAGE_CACHE_SECONDS": "0"},
                 capture_output=True, text=True).stdout  # fmt: skip
    return json.loads(output.split("COUNTS ", 1)[1])


def bench(server, args, measure, script):
    results = {name: [] for name, _ in PAGES}
    results[ONE_CLIENT_SEARCH] = []
    for _, path in PAGES:  # warm up every page once (and fill the page cache)
        urllib.request.urlopen(server.base + path, timeout=30).read()  # noqa: S310
    one_client = argparse.Namespace(**{**vars(args), "connections": 1, "threads": 1})
    for _ in range(args.rounds):
        for name, path in PAGES:
            results[name].append(measure(server.base + path, args, script))
        # Latency of a search with nobody queueing in front of it (service time).
        results[ONE_CLIENT_SEARCH].append(measure(server.base + SEARCH, one_client, script))
    return {
        name: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        for name, runs in results.items()
    }


def table(title, medians, queries):
    baseline = medians["minimal view"]["rps"]
    lines = [
        f"### {title}",
        "",
        "| page | req/s | ratio to minimal | p50 ms | p95 ms | p99 ms | SQL queries | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, path in PAGES:
        m = medians[name]
        lines.append(
            f"| {name} | {m['rps']:,.0f} | {m['rps'] / baseline:.3f} | {m['p50']:.1f} | "
            f"{m['p95']:.1f} | {m['p99']:.1f} | {queries(path)} | {m['errors']:.0f} |"
        )
    return "\n".join(lines)


def scale_table(results, baseline, articles):
    """Each page's time per request at this scale over its time at the baseline's scale.

    Both times are taken relative to the minimal view of their own run, so that a
    machine busier or quieter during one of the runs does not count as a change.
    """
    lines = [
        f"### Time per request at {articles:,} articles / at {baseline['articles']:,}",
        "",
        "Each time is relative to the minimal view of the same run (its ratio to minimal).",
        "",
        "| page | " + " | ".join(title for title, _ in MODES) + " |",
        "| --- |" + " ---: |" * len(MODES),
    ]
    for name in [*(name for name, _ in PAGES), ONE_CLIENT_SEARCH]:
        cells = []
        for title, _ in MODES:
            then = baseline["results"].get(title, {})
            now = results.get(title, {})
            if name in then and name in now:
                ratio_then = then[name]["rps"] / then["minimal view"]["rps"]
                ratio_now = now[name]["rps"] / now["minimal view"]["rps"]
                cells.append(f"{ratio_then / ratio_now:.2f}x")
            else:
                cells.append("–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine():
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = match.group(1) if match else ""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{os.cpu_count()} cores ({cpu}), {memory} RAM, {platform.platform()}, "
            f"Python {platform.python_version()}, {pg}")  # fmt: skip


def add_service_arguments(parser):
    """--database-url and --redis-url: where the bench database and cache are."""
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per page per round")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    add_service_arguments(parser)
    parser.add_argument("--skip-seed", action="store_true", help="reuse the bench database")
    parser.add_argument("--output", help="also write the report (Markdown) to this file")
    parser.add_argument("--save", help="save the medians (JSON), to compare another scale with")
    parser.add_argument("--compare", help="medians saved by --save at another scale")
    args = parser.parse_args()

    measure = measure_wrk if shutil.which("wrk") else measure_python
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    env = base_env(args, workdir)
    script = workdir / "report.lua"
    script.write_text(WRK_SCRIPT)
    header = [
        f"Machine: {machine()}",
        f"Load generator: {'wrk' if measure is measure_wrk else 'built-in Python'}, "
        f"{args.connections} connections, {args.duration}s x {args.rounds} rounds, "
        f"gunicorn {args.workers} sync workers",
    ]
    print("\n".join(header), flush=True)
    if not args.skip_seed:
        seconds = seed(args, env)
        header.append(
            f"Seeded {args.articles:,} articles (+ companies, deals, leads) in {seconds:.0f} s"
        )
    else:
        run([PYTHON, "manage.py", "migrate", "-v0"], env)
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    counts = query_counts(env)
    results, reports, rss = {}, [], {}
    for title, settings in MODES:
        clear = "from django.core.cache import cache; cache.clear()"
        run([PYTHON, "manage.py", "shell", "-c", clear], env)
        server = Server(env, settings)
        try:
            results[title] = bench(server, args, measure, str(script))
            rss[title] = server.worker_rss_mb()
        finally:
            server.stop()
        cold = settings.get("DJANGO_CACHE_OFF") == "1"
        reports.append(
            table(
                f"{title}, {args.articles:,} articles",
                results[title],
                lambda path, cold=cold: (
                    counts[path][0] if cold else "{} cold, {} warm".format(*counts[path])
                ),
            )
        )
    lines = [*header, "", "\n\n".join(reports), ""]
    for title, sizes in rss.items():
        listed = ", ".join(f"{size:.0f} MB" for size in sizes)
        lines.append(f"- Worker RSS after the run ({title}): {listed}")
    for title, medians in results.items():
        one = medians[ONE_CLIENT_SEARCH]
        lines.append(
            f"- Search with one client ({title}): {one['rps']:,.0f} req/s, p50 {one['p50']:.1f} ms,"
            f" p95 {one['p95']:.1f} ms, p99 {one['p99']:.1f} ms"
        )
    if args.compare:
        baseline = json.loads(Path(args.compare).read_text())
        lines += ["", scale_table(results, baseline, args.articles)]
    report = "\n".join(lines)
    print()
    print(report)
    if args.output:
        Path(args.output).write_text(report + "\n")
    if args.save:
        Path(args.save).write_text(json.dumps({"articles": args.articles, "results": results}))


if __name__ == "__main__":
    main()
