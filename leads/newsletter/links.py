"""Signed links in newsletter e-mails: no account or password, the link is the key.

A confirmation link carries the address, the choices and the form's page, and works
for NEWSLETTER_CONFIRM_DAYS; a management link (preferences, unsubscribe) carries the
subscriber and does not expire, so the link in an old issue still unsubscribes.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Subscriber

CONFIRM_SALT = "newsletter.confirm"
MANAGE_SALT = "newsletter.manage"


def confirm_token(*, email, daily, weekly, source, language, text_language, follow=None):
    """`follow` is (kind, object id) when the link also confirms following something;
    `language` is the e-mails' language chosen, `text_language` the consent text's (the
    form's edition)."""
    data = {"e": email, "d": daily, "w": weekly, "src": source, "l": language,
            "t": text_language}  # fmt: skip
    if follow is not None:
        data["f"] = list(follow)
    return signing.dumps(data, salt=CONFIRM_SALT)


def read_confirm_token(token):
    """The confirmation's data, or None when the link is forged or too old."""
    try:
        return signing.loads(
            token, salt=CONFIRM_SALT, max_age=settings.NEWSLETTER_CONFIRM_DAYS * 24 * 60 * 60
        )
    except signing.BadSignature:
        return None


def manage_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=MANAGE_SALT)


def read_manage_token(token):
    """The subscriber a management link was made for, or None."""
    try:
        data = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature:
        return None
    return Subscriber.objects.filter(pk=data.get("s"), email=data.get("e")).first()


def preferences_url(subscriber):
    return reverse("newsletter:preferences", args=[manage_token(subscriber)])


def unsubscribe_url(subscriber):
    return reverse("newsletter:unsubscribe", args=[manage_token(subscriber)])
