"""The broker (Redis) down: readers are thanked, and their e-mails go once it is back.

Real parts: gunicorn with production settings on PostgreSQL, a Redis of the test's own
(stopped and started again on the same port: the outage), Celery's worker and beat, and
a real SMTP server.
"""

import os
import re
import shutil
import subprocess
import time
import uuid
from collections import Counter

import pytest

from tests.leads.test_task_queue import SETUP, MailServer, _submit
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

PG_URL = f"postgres://postgres@127.0.0.1:5432/portal_outage_{os.getpid()}"
pytestmark = pytest.mark.skipif(
    not service_available("127.0.0.1", 5432) and not os.environ.get("CI"),
    reason="needs PostgreSQL on 5432 (CI has it)",
)


class PrivateRedis:
    """A redis-server of the test's own on a fixed port, to stop and start again."""

    def __init__(self, folder):
        self.port, self.folder, self.process = free_port(), folder, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        server = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: service_available("127.0.0.1", self.port), 120, "redis to start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        wait_for(lambda: not service_available("127.0.0.1", self.port), 120, "redis to stop")


@pytest.fixture
def outage_site(tmp_path):
    """gunicorn, a worker and beat on PostgreSQL, with a Redis broker and cache of their own."""
    redis = PrivateRedis(tmp_path)
    redis.start()
    recreate_database(PG_URL)
    mail_port = free_port()
    env = clean_env(
        DATABASE_URL=PG_URL, CELERY_BROKER_URL=redis.url, REDIS_URL=redis.url,
        CELERY_QUEUE=f"test-{uuid.uuid4().hex[:8]}", CELERY_VISIBILITY_TIMEOUT=5,
        EMAIL_RETRY_SECONDS=1, EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1", EMAIL_PORT=mail_port, EMAIL_TIMEOUT=15,
        SALES_NOTIFY_EMAILS="sales@example.com", LEADS_MIN_FILL_SECONDS=0,
        LEADS_RATE_LIMIT_COUNT=100000, DJANGO_SECURE_SSL_REDIRECT=0, PAGE_CACHE_SECONDS=0,
        STATIC_ROOT=tmp_path / "static", MEDIA_ROOT=tmp_path / "media",
        PRIVATE_ROOT=tmp_path / "private", PORTAL_VAR_DIR=tmp_path,
    )  # fmt: skip
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "shell", "-c", SETUP)
    web = Gunicorn(env, workers=2)
    mail = MailServer(mail_port)
    mail.start()
    yield {"env": env, "web": web, "redis": redis, "mail": mail}
    mail.stop()
    web.stop()
    redis.process.kill()
    redis.process.wait(timeout=30)
    drop_database(PG_URL)


def _sign_up(web, email):
    browser = Browser()
    _, _, page = browser.get(web, "/newsletter/")
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    status, headers, _ = browser.post(web, "/newsletter/", {
        "email": email, "daily": "on", "consent": "on", "form_token": token, "website": "",
    })  # fmt: skip
    assert status == 302 and "/newsletter/" in headers["Location"], status


def test_a_report_request_and_a_sign_up_in_a_broker_outage_are_thanked_and_mailed_once_after(
    outage_site, tmp_path
):
    site = outage_site
    site["redis"].stop()  # the outage: no broker, no cache

    _submit(site["web"], "reader@example.com")  # asserts the redirect to the thanks page
    _sign_up(site["web"], "subscriber@example.com")
    assert "Internal Server Error" not in site["web"].error_log()

    site["redis"].start()  # back: the worker and the scheduler start only now
    env = site["env"]
    worker = CeleryProcess.worker(env, env["CELERY_QUEUE"], "outage")
    beat = CeleryProcess.beat(env, tmp_path / "beat-schedule")
    try:
        mail = site["mail"]
        wait_for(lambda: len(mail.messages) >= 3, 300, "the three e-mails")
        time.sleep(4)  # any double would arrive by now (the periodic sender runs every second)
    finally:
        beat.stop()
        worker.stop()
    received = Counter(to for to, _ in mail.messages)
    assert received == {
        "reader@example.com": 1, "sales@example.com": 1, "subscriber@example.com": 1,
    }  # fmt: skip
    [confirmation] = [body for to, body in mail.messages if to == "subscriber@example.com"]
    assert "/newsletter/confirm/" in confirmation
