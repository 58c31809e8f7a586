"""Real-browser tests: Playwright driving the system Chromium against a live server.

The browser is Debian's `chromium` (or CHROMIUM_PATH); no browser is ever downloaded.
Without it these tests are skipped on a developer machine and fail in CI (CI=true).
"""

import io
import os
import shutil
import time
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
BROWSER_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

# How long a step may wait for the page: generous, so that a busy machine is slow, never
# wrong (Playwright's own defaults are 30 s for actions and 5 s for expect()).
TIMEOUT_MS = 90_000

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
# in between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _flush_retries_a_deadlock():
    """Empty the database again when PostgreSQL picks the flush as a deadlock's victim.

    After a browser test the database is emptied while the live server may still be
    finishing a late request of a closing page (once in CI: the flush's TRUNCATE against
    a foreign-key check); the other statement completes, and the flush then succeeds.
    """
    from django.core.management.base import CommandError
    from django.core.management.commands import flush
    from django.db import OperationalError

    handle = flush.Command.handle

    def patient_handle(self, **options):
        for attempt in range(3):
            try:
                return handle(self, **options)
            except CommandError as error:
                if attempt == 2 or not isinstance(error.__cause__, OperationalError):
                    raise
                time.sleep(0.5)

    flush.Command.handle = patient_handle
    yield
    flush.Command.handle = handle


MISSING_BROWSER = (
    f"Chromium not found at {CHROMIUM} (install Debian's chromium or set CHROMIUM_PATH)"
)


def pytest_collection_modifyitems(config, items):
    """Without Chromium, skip the browser tests on a developer machine (never in CI)."""
    if Path(CHROMIUM).exists() or os.environ.get("CI"):
        return
    folder = Path(__file__).resolve().parent
    missing = pytest.mark.skipif(True, reason=MISSING_BROWSER)
    for item in items:
        if folder in Path(str(item.fspath)).resolve().parents:
            item.add_marker(missing)


def _require_browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(MISSING_BROWSER)


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=BROWSER_ARGS,
            headless=not os.environ.get("HEADED"),
            slow_mo=int(os.environ.get("SLOW_MO", "0")),
        )
        yield chromium
        chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def new_page(browser, request):
    """Return a function that opens a page in a fresh browser context (own cookies)."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(accept_downloads=True, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        return page

    yield open_page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for number, context in enumerate(contexts):
            for index, page in enumerate(context.pages):
                page.screenshot(
                    path=str(ARTIFACTS / f"{request.node.name}-{number}-{index}.png"),
                    full_page=True,
                )
    for context in contexts:
        # Pages still open may send requests as they close (the article form's autosave
        # beacon); none may reach the server while the database is emptied after the test.
        context.route("**/*", lambda route: route.abort())
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def site(live_server, settings, transactional_db):
    """The live portal with the demo content, ready for readers and staff."""
    settings.LEADS_MIN_FILL_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("load_demo", stdout=io.StringIO())
    yield live_server.url
    from tests.inflight import wait_until_idle

    wait_until_idle()  # before the database is emptied: a closing page's last request


def staff_user(username, group, password="correct horse battery"):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return username, password


def admin_login(page, base, username, password):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
