"""Gunicorn configuration: `gunicorn -c python:portal.gunicorn portal.wsgi`.

Every value can be overridden from the environment. Sync workers are the safe default
behind a buffering reverse proxy or load balancer; the timeouts below stop a slow or
stuck client from holding a worker for ever.
"""

import multiprocessing
import os


def _int(name, default):
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two workers per core, plus one: the usual starting point for sync workers.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
# A request that takes longer than this (including reading a slow client's request)
# gets its worker killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so that memory cannot creep up for ever. Each worker
# draws its own limit between max_requests and twice that, so under even load they
# restart at spread-out times, never all at once (a synchronised dip in throughput).
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max_requests)
# Bounds on the request line and headers (the request body limit is Django's).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# The application is loaded once in the master, and warmed (when_ready) before it forks;
# GUNICORN_WARM_UP=0 only for bench/recycling.py's comparison.
preload_app = True
_WARM_UP = os.environ.get("GUNICORN_WARM_UP", "1") != "0"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client, time, request, status, bytes, referrer, user agent, duration in microseconds.
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(B)s "%(f)s" "%(a)s" %(D)sus'


def when_ready(server):
    """Before the first fork: load the URLconf and templates once (portal.warmup), so a
    fresh or recycled worker answers its first request as fast as any other."""
    if not _WARM_UP:
        return
    from portal.warmup import warm_up  # this file is read before Django is set up

    server.log.info("Warmed up: URLconf and %d templates loaded", warm_up())


def worker_exit(server, worker):
    """Store the article readings the worker still holds in memory (articles.reads)."""
    from articles.reads import flush  # read before Django is set up, as above

    flush()
