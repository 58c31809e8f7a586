"""Requests in flight in the live server (test settings only): a browser test's
teardown waits for them, so the database is never emptied under a request a closing
page sent (an autosave, a beacon), which SQLite answers with "table is locked"."""

import threading
import time

_lock = threading.Lock()
_active = 0
_last_change = 0.0
# A request the server has accepted reaches this middleware within milliseconds: quiet
# for this long means none is on its way either (one was, in a PostgreSQL deadlock).
SETTLE_SECONDS = 0.3


class InFlightMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _active, _last_change
        with _lock:
            _active += 1
            _last_change = time.monotonic()
        try:
            return self.get_response(request)
        finally:
            with _lock:
                _active -= 1
                _last_change = time.monotonic()


def wait_until_idle(timeout=60.0):
    """Wait (up to `timeout` seconds) until no request has been handled for SETTLE_SECONDS."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            quiet = not _active and time.monotonic() - _last_change >= SETTLE_SECONDS
        if quiet:
            return
        time.sleep(0.05)
