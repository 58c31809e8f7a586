"""Spam defences without third-party services: honeypot, fill time, rate limit.

Each check is cheap and server-side. The rate limit lives in Django's cache, so it
holds across app servers that share Redis. If the cache fails, the limit fails open:
a genuine lead is never dropped because a cache is down.
"""

import logging
import math
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from portal.clients import client_address

logger = logging.getLogger(__name__)

SIGNING_NAMESPACE = "leads.form-started"


def client_hash(request):
    """Return a keyed hash of the client address: stable per client, not reversible."""
    return salted_hmac("leads.client", client_address(request)).hexdigest()[:32]


def issue_form_token(shown_at=None):
    """Return a signed token holding the time the form was shown (now, by default)."""
    return signing.dumps(
        {"t": time.time() if shown_at is None else shown_at}, salt=SIGNING_NAMESPACE
    )


class TokenProblem(Exception):
    """The fill-time token is missing, forged, too fresh, stale or already used."""


def check_form_token(token):
    """Return the seconds since the form was shown, or raise TokenProblem."""
    if not token:
        raise TokenProblem("missing")
    try:
        payload = signing.loads(token, salt=SIGNING_NAMESPACE, max_age=settings.LEADS_MAX_FORM_AGE)
    except signing.SignatureExpired as error:
        raise TokenProblem("stale") from error
    except signing.BadSignature as error:
        raise TokenProblem("forged") from error
    try:
        elapsed = time.time() - float(payload["t"])
    except (KeyError, TypeError, ValueError) as error:
        raise TokenProblem("forged") from error
    if elapsed > settings.LEADS_MAX_FORM_AGE:
        raise TokenProblem("stale")
    if elapsed < settings.LEADS_MIN_FILL_SECONDS:
        raise TokenProblem("too fast")
    return elapsed


def submission_key(token):
    """Return the key a form's token gives its lead (unique: one lead per form sent)."""
    return salted_hmac("leads.token", token).hexdigest()


def rate_limited(request):
    """Count a submission for this client; return True when over the limit in the window."""
    limit, window = settings.LEADS_RATE_LIMIT
    key = f"leads:rate:{client_hash(request)}"
    try:
        if cache.add(key, 0, timeout=window):
            cache.set(f"{key}:start", time.time(), timeout=window)
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(): this is the first hit of a new window.
        cache.set(key, 1, timeout=window)
        cache.set(f"{key}:start", time.time(), timeout=window)
        count = 1
    except Exception:
        logger.exception("Lead rate limit skipped: cache unavailable")
        return False
    return count > limit


def retry_after(request):
    """Whole seconds until this client's rate-limit window ends (for Retry-After)."""
    window = settings.LEADS_RATE_LIMIT[1]
    try:
        start = cache.get(f"leads:rate:{client_hash(request)}:start")
    except Exception:
        start = None
    if start is None:
        return window
    return max(1, min(window, math.ceil(start + window - time.time())))
