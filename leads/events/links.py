"""A registrant's personal links: to join, to cancel, to watch the recording.

A link is `/events/<slug>/<use>/<token>/`, the token signed with Django's signing (the
secret key and a salt of its own) over the registration's id and the use: a link made
for one use or one registrant opens nothing else. Nothing is stored per link. Opened
from more connections than EVENT_LINK_CLIENTS, a join or recording link still works
(a colleague watching along is no crime) but the use is recorded as shared.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from ..models import LinkUse, Registration

SALT = "leads.event-link"
USES = {"join": "leads:event_join", "cancel": "leads:event_cancel",
        "recording": "leads:event_recording"}  # fmt: skip


def token(registration, use):
    return signing.dumps({"r": registration.pk, "u": use}, salt=SALT)


def personal_url(registration, use, event=None):
    """The path of `registration`'s link for `use`, on the page of `event` (its version
    in the registrant's edition; the registration's event by default)."""
    event = event or registration.event
    with translation.override(event.language):
        return reverse(USES[use], args=[event.slug, token(registration, use)])


def registration_for(token, use, event):
    """The registration a token of `use` was made for, if it is for `event` (any of its
    versions); else None."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != use:
        return None
    registration = Registration.objects.select_related("lead", "event").filter(pk=data.get("r"))
    registration = registration.first()
    if registration is None or registration.event.translation_key != event.translation_key:
        return None
    return registration


def record_use(registration, kind, client):
    """Record a use of a personal link from `client` (a client hash); return it."""
    clients = set(
        registration.uses.filter(kind=kind).values_list("client_hash", flat=True).distinct()
    )
    shared = client not in clients and len(clients) >= settings.EVENT_LINK_CLIENTS
    return LinkUse.objects.create(
        registration=registration, kind=kind, client_hash=client, shared=shared
    )
