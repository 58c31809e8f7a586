"""The newsletter's messages. The double opt-in confirmation goes through the outbox
(portal.outbox). An edition or an alert is rendered once (HTML with inline
styles for mail programs, and plain text), then each subscriber's copy only gets their
own signed links and the List-Unsubscribe headers (RFC 2369 and RFC 8058).

No tracking pixel and no rewritten links: what a reader clicks is the story's address.
"""

import zoneinfo
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import editions
from portal.outbox import outbox_send
from portal.seo import absolute_url

from . import links
from .models import ConfirmationEmail, Follow, Suppression

UNSUBSCRIBE = "%%UNSUBSCRIBE_URL%%"
PREFERENCES = "%%PREFERENCES_URL%%"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def _image(article):
    hero = article.hero
    return absolute_url(hero.card_src) if hero else ""


def _in_language(language):
    """Render in the words, dates and time zone of the edition of `language`."""
    edition = editions.EDITIONS[language]
    return (
        translation.override(language),
        timezone.override(zoneinfo.ZoneInfo(edition.time_zone or settings.TIME_ZONE)),
    )


def render_edition(edition, deals=(), events=()):
    """The edition's subject, text and HTML in its language, with placeholders for each
    reader's links."""
    stories = edition.stories()
    for story in stories:
        story.mail_link, story.mail_image = absolute_url(story.get_absolute_url()), _image(story)
    for event in events:
        event.mail_link = absolute_url(event.get_absolute_url())
    context = {
        "edition": edition, "lead": stories[0] if stories else None, "stories": stories[1:],
        "deals": deals, "events": events, "site_name": settings.SITE_NAME,
        "site_url": absolute_url("/"),
        "browser_url": absolute_url(edition.get_absolute_url()),
        "unsubscribe_url": UNSUBSCRIBE, "preferences_url": PREFERENCES,
    }  # fmt: skip
    words, zone = _in_language(edition.language)
    with words, zone:
        context["site_url"] = absolute_url(reverse("articles:front_page"))
        return Rendered(
            subject=edition.subject,
            text=render_to_string("newsletter/email/edition.txt", context),
            html=render_to_string("newsletter/email/edition.html", context),
        )


def render_alert(article, followed, language=settings.LANGUAGE_CODE):
    """An alert in `language`: a story about `followed` (what the reader follows) was
    published."""
    words, zone = _in_language(language)
    with words, zone:
        context = {
            "article": article, "followed": followed, "site_name": settings.SITE_NAME,
            "link": absolute_url(article.get_absolute_url()), "image": _image(article),
            "unsubscribe_url": UNSUBSCRIBE, "preferences_url": PREFERENCES,
        }  # fmt: skip
        return Rendered(
            subject=f"{followed}{_(': ')}{article.title}"[:150],
            text=render_to_string("newsletter/email/alert.txt", context),
            html=render_to_string("newsletter/email/alert.html", context),
        )


def message_for(rendered, subscriber, connection=None):
    """`rendered` for one subscriber: their links, and one-click unsubscribe headers."""
    unsubscribe = absolute_url(links.unsubscribe_url(subscriber))
    preferences = absolute_url(links.preferences_url(subscriber))

    def personal(body):
        return body.replace(UNSUBSCRIBE, unsubscribe).replace(PREFERENCES, preferences)

    message = EmailMultiAlternatives(
        subject=rendered.subject, body=personal(rendered.text), to=[subscriber.email],
        connection=connection,
        headers={"List-Unsubscribe": f"<{unsubscribe}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                 "List-Id": f"{settings.SITE_NAME} <newsletter.{_host()}>"},
    )  # fmt: skip
    message.attach_alternative(personal(rendered.html), "text/html")
    return message


def _host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def confirmation_send(*, confirmation_id) -> str:
    """Send a waiting confirmation e-mail once (portal.outbox); return what happened."""
    return outbox_send(ConfirmationEmail, confirmation_id, message=confirmation_message)


def confirmation_message(confirmation):
    """The confirmation e-mail with its link; none to an address that complained since."""
    email, token = confirmation.email, confirmation.token
    if Suppression.objects.filter(email=email, reason=Suppression.Reason.COMPLAINED).exists():
        return None
    data = links.read_confirm_token(token) or {}
    followed = None
    if data.get("f"):
        kind, object_id = data["f"]
        followed = apps.get_model(*Follow.KINDS[kind]).objects.filter(pk=object_id).first()
    language = data.get("l", settings.LANGUAGE_CODE)  # the language they chose
    if language not in editions.EDITIONS:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "followed": followed,
            "confirm_url": absolute_url(reverse("newsletter:confirm", args=[token])),
            "days": settings.NEWSLETTER_CONFIRM_DAYS, "site_name": settings.SITE_NAME,
            "privacy_url": absolute_url(reverse("leads:privacy")),
        }  # fmt: skip
        return EmailMessage(
            subject=_("Confirm your subscription to %(site)s") % {"site": settings.SITE_NAME},
            body=render_to_string("newsletter/email/confirm_body.txt", context),
            to=[email],
        )
