"""Settings of the test suite: the portal's, with its local-development defaults.

The portal runs with DEBUG off unless DJANGO_DEBUG says otherwise; the tests ask for the
local defaults (development key, local hosts, SQLite) the way `make run` does.
pytest-django still runs each test with DEBUG off.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from portal.settings import *  # noqa: E402, F403

# Counts the live server's requests in flight, for the browser tests' teardown.
MIDDLEWARE = ["tests.inflight.InFlightMiddleware", *MIDDLEWARE]  # noqa: F405
