"""Requests in flight in the live server (test settings only): a browser test's
teardown waits for them, so the database is never emptied under a request a closing
page sent (an autosave, a beacon), which SQLite answers with "table is locked"."""

import threading
import time

_lock = threading.Lock()
_active = 0


class InFlightMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _active
        with _lock:
            _active += 1
        try:
            return self.get_response(request)
        finally:
            with _lock:
                _active -= 1


def wait_until_idle(timeout=10.0):
    """Wait (up to `timeout` seconds) until no request is being handled."""
    deadline = time.monotonic() + timeout
    while _active and time.monotonic() < deadline:
        time.sleep(0.05)
