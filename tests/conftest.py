import contextlib
import io

import pytest
from django.core.management import call_command

from portal.catalogues import compile_catalogues

# CI runs the whole suite on PostgreSQL, and on SQLite (what `make run` uses) only the
# modules whose code differs between the two: search (full text vs word matching), the
# sales desk's pagination (the planner's estimate vs a count), the tracker's and the
# attribution report's date arithmetic, case-insensitive matching of other scripts
# (贝特瑞), the outbox's row locks (none on SQLite), query budgets, the demo content and
# `make run` itself. Mark a module here when its code takes a database-specific path.
BOTH_DATABASES = {
    "tests/articles/test_search.py",
    "tests/articles/test_admin.py",
    "tests/companies/test_models.py",
    "tests/companies/test_views.py",
    "tests/leads/test_sales_desk.py",
    "tests/leads/test_attribution.py",
    "tests/leads/test_attribution_rollups.py",
    "tests/leads/test_notifications.py",
    "tests/leads/test_form.py",
    "tests/perf/test_query_budgets.py",
    "tests/portal/test_demo.py",
    "tests/portal/test_settings.py",
    "tests/portal/test_api.py",
}


def pytest_configure(config):
    """The translation catalogues, compiled as `make install` compiles them (so a bare
    `pytest` works too); once, by the process that starts the workers."""
    if not hasattr(config, "workerinput"):
        compile_catalogues()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.split("::")[0] in BOTH_DATABASES:
            item.add_marker(pytest.mark.both_databases)


@pytest.fixture(scope="session")
def _reference_data(django_db_setup, django_db_blocker):
    """What the migrations put in the database (the roles with their permissions, the
    segments), as made before any test ran."""
    from django.contrib.auth.models import Group
    from django.core import serializers

    from companies.models import Segment

    with django_db_blocker.unblock():
        rows = [*Group.objects.prefetch_related("permissions"), *Segment.objects.all()]
        return serializers.serialize("json", rows, use_natural_foreign_keys=True)


@pytest.fixture(autouse=True)
def _reference_data_after_a_flush(request, django_db_blocker):
    """Mark a test that empties the database, for the hook below to refill it."""
    marker = request.node.get_closest_marker("django_db")
    flushes = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if flushes:
        request.node.refill = (request.getfixturevalue("_reference_data"), django_db_blocker)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put the migrations' data back after a test that emptied the database.

    A transactional test (the browser tests, a live server) ends with every table
    emptied, after all its fixtures; the tests that follow in the same process (tests
    run in parallel, in any order) expect the roles and segments the migrations made.
    """
    yield
    refill = getattr(item, "refill", None)
    if refill is None or nextitem is None:
        return
    from django.core import serializers

    reference, blocker = refill
    with blocker.unblock():
        for row in serializers.deserialize("json", reference, handle_forward_references=True):
            row.save()


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Give each test its own media folder and an empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    settings.DEMO_IMAGE_WIDTH = 640
    # Most tests change data between requests with .update(); the page cache has its own.
    settings.PAGE_CACHE_SECONDS = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Article readings are stored when a test says so (tests/articles/test_reads.py).
    settings.READS_FLUSH_SECONDS = 24 * 60 * 60
    from django.core.cache import cache

    from articles import reads

    reads._pending.clear()

    cache.clear()
    yield
    # A test may have pointed the cache at a dead server.
    with contextlib.suppress(Exception):
        cache.clear()


@pytest.fixture
def demo_content(db):
    """Load the demo content the way `make run` does."""
    call_command("load_demo", stdout=io.StringIO())


class _MailSink:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted"


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_port(settings):
    """Point Django's SMTP backend at a local port (nothing listens there yet)."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.SALES_NOTIFY_EMAILS = ["sales@example.com"]
    return port


@pytest.fixture
def start_smtp_server(smtp_port):
    """Return a function that starts a real SMTP server (aiosmtpd) on the mail port."""
    from aiosmtpd.controller import Controller

    controllers = []

    def start():
        sink = _MailSink()
        controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        controllers.append(controller)
        return sink

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def smtp_server(start_smtp_server):
    """A running local SMTP server that collects what the portal sends."""
    return start_smtp_server()


@pytest.fixture(scope="session")
def production_server(tmp_path_factory):
    """gunicorn with production settings on a fresh SQLite database with demo data.

    Shared by the tests that only read from it; returns the base URL.
    """
    from tests.servers import Gunicorn, clean_env, manage

    folder = tmp_path_factory.mktemp("production")
    env = clean_env(
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        STATIC_ROOT=folder / "static",
        MEDIA_ROOT=folder / "media",
        PORTAL_VAR_DIR=folder,
    )
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo"]):
        manage(env, *command)
    server = Gunicorn(env)
    yield server.base
    server.stop()


@pytest.fixture
def editor_client(client):
    """A test client signed in as a member of the Editors role."""
    from tests.factories import user_in_group

    client.force_login(user_in_group("Editors", "eddie"))
    return client
