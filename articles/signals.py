"""Invalidate cached content when editors change what readers may see.

Every change to a section, author, tag or redirect starts a new content generation; a
change to an article that is (or was) published invalidates only its keys (what shows
it, and the lists when it appears, leaves or moves: Article.content_keys). A draft's
edits change nothing a reader sees, so they leave the caches alone.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from portal.cache import invalidate_content

from .models import (
    Article,
    ArticleSlugRedirect,
    Author,
    Event,
    Image,
    Report,
    Revision,
    Section,
    Speaker,
    Tag,
    TaggedArticle,
)


def _invalidate(**kwargs):
    invalidate_content()


# A report shows on its pages and in its stories' call to action; an event on its pages,
# the front page and its companies' profiles (edited rarely, so any change counts).
for model in (Section, Author, Tag, ArticleSlugRedirect, Revision, Report, Event, Speaker):
    post_save.connect(_invalidate, sender=model, dispatch_uid=f"invalidate-save-{model}")
    post_delete.connect(_invalidate, sender=model, dispatch_uid=f"invalidate-del-{model}")


@receiver(post_save, sender=Article, dispatch_uid="invalidate-article-save")
def article_saved(instance, **kwargs):
    """A story readers see (or saw) changed: the portal's caches and the edge render
    again only the pages and memos showing it (and the lists, when it moved in them)."""
    if instance.shows_to_readers or instance.showed_to_readers:
        invalidate_content(instance.content_keys())


@receiver(post_delete, sender=Article, dispatch_uid="invalidate-article-delete")
def article_deleted(instance, **kwargs):
    if instance.shows_to_readers:
        invalidate_content()


@receiver([post_save, post_delete], sender=TaggedArticle, dispatch_uid="invalidate-tagging")
def tagging_changed(instance, **kwargs):
    if Article.objects.shown_to_readers().filter(pk=instance.content_object_id).exists():
        invalidate_content()


def links_changed(instance, action, **kwargs):
    """Bylines, companies or deals of an article changed (from either side)."""
    if action.startswith("post_") and (
        not isinstance(instance, Article) or instance.shows_to_readers
    ):
        invalidate_content()


for relation in (
    Article.authors.through,
    Article.companies.through,
    Article.deals.through,
    Report.articles.through,
    Event.sponsors.through,
    Event.companies.through,
):
    m2m_changed.connect(links_changed, sender=relation, dispatch_uid=f"invalidate-{relation}")


@receiver([post_save, post_delete], sender=Image, dispatch_uid="library-image-changed")
def image_changed(instance, **kwargs):
    """A library image shown by a published story, as its hero or in its body, changed."""
    showing = Article.objects.shown_to_readers().filter(
        Q(hero=instance) | Q(pk__in=instance.showing_articles().values("pk"))
    )
    if showing.exists():
        invalidate_content()
