"""Subscribing (double opt-in), confirming and leaving; the confirmation e-mail."""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction

from portal import editions
from portal.outbox import enqueue_on_commit

from . import links
from .models import ConfirmationEmail, Follow, Subscriber, Suppression, normalise
from .tasks import send_confirmation

# One confirmation e-mail per address in this time, however often a form is sent.
CONFIRM_INTERVAL = timedelta(minutes=10)


def subscribe(*, email, daily, weekly, source, language=None, follow=None):
    """Ask `email` to confirm a subscription (double opt-in): nothing is recorded as
    consent and nothing else is sent until its owner follows the link. `language` is the
    e-mails' (the form's edition by default); the consent text is the form's. Return
    whether a confirmation e-mail was queued (not for an address that complained, nor
    twice in CONFIRM_INTERVAL)."""
    email = normalise(email)
    text_language = editions.current().language
    language = language if language in editions.EDITIONS else text_language
    if Suppression.objects.filter(email=email, reason=Suppression.Reason.COMPLAINED).exists():
        return False
    if not cache.add(f"newsletter:confirm:{email}", 1, CONFIRM_INTERVAL.total_seconds()):
        return False
    token = links.confirm_token(
        email=email, daily=daily, weekly=weekly, source=source[:200], follow=follow,
        language=language, text_language=text_language,
    )  # fmt: skip
    with transaction.atomic():
        confirmation = ConfirmationEmail.waiting(email=email, token=token)
        enqueue_on_commit(send_confirmation, confirmation.pk)
    return True


@transaction.atomic
def confirm(token):
    """Record a confirmation from a link; return the subscriber, or None if the link
    does not hold."""
    data = links.read_confirm_token(token)
    if data is None:
        return None
    language = data.get("l") if data.get("l") in editions.EDITIONS else settings.LANGUAGE_CODE
    subscriber, created = Subscriber.objects.get_or_create(
        email=normalise(data["e"]),
        defaults={"source": data.get("src", ""), "daily": False, "weekly": False,
                  "language": language},
    )  # fmt: skip
    if data.get("f"):  # a follow: keeps what an existing subscriber already receives
        kind, object_id = data["f"]
        model = apps.get_model(*Follow.KINDS[kind])
        Follow.objects.get_or_create(
            subscriber=subscriber, object_id=object_id,
            content_type=ContentType.objects.get_for_model(model),
        )  # fmt: skip
    else:  # a subscription: what and in which language, as chosen on the form
        subscriber.daily, subscriber.weekly = bool(data.get("d")), bool(data.get("w"))
        subscriber.language = language
        subscriber.save(update_fields=["daily", "weekly", "language"])
    subscriber.confirm(source=data.get("src", ""), text_language=data.get("t", language))
    return subscriber


def suppress(*, email, reason, note=""):
    """Put `email` on the suppression list (a bounce or complaint fed in): its
    subscription, if any, stops."""
    email = normalise(email)
    subscriber = Subscriber.objects.for_email(email).first()
    if subscriber is not None:
        subscriber.unsubscribe(reason=reason, note=note)
    else:
        Suppression.objects.update_or_create(
            email=email, defaults={"reason": reason, "note": note[:200]}
        )
