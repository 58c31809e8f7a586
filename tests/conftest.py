import contextlib
import io

import pytest
from django.core.management import call_command


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
