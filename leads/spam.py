"""The spam defence of readers' forms, without third-party services, in one place.

`FormGuard` is the one object a view asks (`GuardedFormMixin` asks it once per POST):
a honeypot field, a signed fill-time token, a rate limit per client, and the key that
makes one form's submission count once. The lead form and the newsletter's forms use
it alike.

Each check is cheap and server-side. The rate limit lives in Django's cache, so it
holds across app servers that share Redis. If the cache fails, the limit fails open:
a genuine lead is never dropped because a cache is down.
"""

import logging
import math
import time
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from portal.clients import client_address

logger = logging.getLogger(__name__)

SIGNING_NAMESPACE = "leads.form-started"
BLOCKED_MESSAGE = _(
    "We could not accept this submission. If you are a person, please wait a few seconds "
    "and send the form again, or e-mail us directly."
)
STALE_MESSAGE = _("This form was open for too long. Please check your details and send it again.")
RATE_LIMITED_MESSAGE = _(
    "Too many requests from your connection in a short time. Please try again in a few minutes."
)


@dataclass(frozen=True)
class Block:
    """Why a form was refused: `reason` for the log, `message` for the reader."""

    reason: str
    message: str
    status: int = 400


class FormGuard:
    """The spam defence of one request's form: ask `check(form)` once."""

    HONEYPOT = "website"  # hidden from people by CSS and aria-hidden
    TOKEN = "form_token"  # noqa: S105 (a field name: the signed time the form was shown)

    def __init__(self, request):
        self.request = request

    def check(self, form):
        """Return a `Block`, or None to let the form through.

        The honeypot and the token are checked first, whatever else the form holds; the
        rate limit last, and only for a form otherwise valid, so that a reader
        correcting a typo uses up neither the limit nor the token.
        """
        if form.data.get(self.HONEYPOT):
            return Block("honeypot", BLOCKED_MESSAGE)
        try:
            check_form_token(form.data.get(self.TOKEN))
        except TokenProblem as problem:
            message = STALE_MESSAGE if str(problem) == "stale" else BLOCKED_MESSAGE
            return Block(f"token {problem}", message)
        if form.is_valid() and rate_limited(self.request):
            return Block("rate limit", RATE_LIMITED_MESSAGE, status=429)
        return None

    def refuse(self, form, block):
        """Say why on the form, and give it a fresh token, keeping what the reader typed."""
        logger.info("Form submission blocked: %s", block.reason)
        form.data = form.data.copy()
        form.data[form.add_prefix(self.TOKEN)] = issue_form_token()
        form.add_error(None, ValidationError(block.message, code="blocked"))

    def retry_after(self):
        return retry_after(self.request)

    @classmethod
    def submission_key(cls, form):
        """The key a valid form's token gives what it stores: one form, one submission."""
        return salted_hmac("leads.token", form.cleaned_data[cls.TOKEN]).hexdigest()


class GuardFields(forms.Form):
    """The guard's fields, on every form it guards: the honeypot and the token."""

    website = forms.CharField(required=False, max_length=200, label=_("Leave this field empty"))
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FormGuard.HONEYPOT].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1"}
        )


class GuardedFormMixin:
    """For a FormView a reader sends: a fresh token in the form, the guard asked once
    per POST, and a refusal shown on the form (400, or 429 with Retry-After)."""

    def get_initial(self):
        return {**super().get_initial(), FormGuard.TOKEN: issue_form_token()}

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        guard = FormGuard(request)
        block = guard.check(form)
        if block is not None:
            guard.refuse(form, block)
            context = self.get_context_data(form=form, blocked=True)
            response = self.render_to_response(context, status=block.status)
            if block.status == 429:
                response["Retry-After"] = str(guard.retry_after())
            return response
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)


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
