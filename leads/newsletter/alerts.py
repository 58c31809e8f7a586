"""Alerts: a story published about a company, deal, section or tag that someone
follows is e-mailed to them once (a scheduled story, once it goes live), in their
language when the story exists in it."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Article

from .models import ArticleAlert, Delivery, Follow, Subscriber

LOOK_BACK = timedelta(days=2)  # stories published longer ago never alert


def _targets(article):
    """Q of the follows that `article` is about."""
    q = Q(pk__in=[])
    for related, ids in (
        ("companies.company", [c.pk for c in article.companies.all()]),
        ("companies.deal", [d.pk for d in article.deals.all()]),
        ("articles.section", [article.section_id]),
        ("articles.tag", [t.pk for t in article.tags.all()]),
    ):
        content_type = ContentType.objects.get_by_natural_key(*related.split("."))
        q |= Q(content_type=content_type, object_id__in=ids)
    return q


def _recipients(article):
    """The subscribers an alert of `article` goes to: receiving, following what it is
    about since before it went live, and who get it in this language: those whose
    language it is; for an English story, also those of a language it has no version
    in (not even a draft: a version on its way alerts them itself when published).
    Nobody gets two alerts of one story's versions."""
    languages = [article.language]
    if article.language == settings.LANGUAGE_CODE:
        versions = set(
            Article.objects.filter(translation_key=article.translation_key).values_list(
                "language", flat=True
            )
        )
        languages += [code for code, _name in settings.LANGUAGES if code not in versions]
    already = Delivery.objects.filter(article__translation_key=article.translation_key)
    return (
        Follow.objects.filter(_targets(article), created_at__lte=article.published_at)
        .filter(subscriber__in=Subscriber.objects.receiving(), subscriber__language__in=languages)
        .exclude(subscriber__in=already.values("subscriber"))
        .values_list("subscriber_id", flat=True)
        .distinct()
    )


def queue_alerts(now=None):
    """Queue the alerts of stories (of every edition) that went live since LOOK_BACK and
    have none yet; return how many deliveries were written."""
    now = now or timezone.now()
    fresh = (
        Article.objects.published()
        .filter(published_at__gte=now - LOOK_BACK, alert__isnull=True)
        .prefetch_related("companies", "deals", "tags")
        .order_by("published_at", "pk")
    )
    written = 0
    for article in fresh:
        try:
            with transaction.atomic():
                marker = ArticleAlert.objects.create(article=article)
                rows = Delivery.objects.bulk_create(
                    [Delivery(subscriber_id=pk, article=article) for pk in _recipients(article)]
                )  # a new marker: this story has no alert deliveries yet
                marker.recipients = len(rows)
                marker.save(update_fields=["recipients"])
                written += len(rows)
        except IntegrityError:  # another worker queued this story's alerts
            continue
    return written


def followed_for(article, subscriber):
    """What `subscriber` follows that `article` is about (named in the alert)."""
    follow = (
        Follow.objects.filter(_targets(article), subscriber=subscriber)
        .order_by("content_type_id", "pk")
        .first()
    )
    return follow.followed if follow else article.section
