"""Keep cached navigation, pages and fragments in step with what editors change."""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag

from companies.models import Company, Deal
from portal.cache import bump_content_generation

from .fragments import bump_card_generation, bump_story_generation
from .models import Article, ArticleSlugRedirect, Author, Section, TaggedArticle

NAV_SECTIONS_CACHE_KEY = "articles:nav-sections"


@receiver([post_save, post_delete], sender=Section)
def forget_nav_sections(**kwargs):
    cache.delete(NAV_SECTIONS_CACHE_KEY)


for model in (Article, Section, Author, TaggedArticle, Tag, ArticleSlugRedirect):
    post_save.connect(bump_content_generation, sender=model, dispatch_uid=f"bump-save-{model}")
    post_delete.connect(bump_content_generation, sender=model, dispatch_uid=f"bump-del-{model}")
for relation in (Article.authors.through, Article.companies.through, Article.deals.through):
    m2m_changed.connect(bump_content_generation, sender=relation, dispatch_uid=f"bump-{relation}")

# Cards show section and author names; stories also tags, companies and deals.
for model in (Section, Author):
    post_save.connect(bump_card_generation, sender=model, dispatch_uid=f"cards-save-{model}")
    post_delete.connect(bump_card_generation, sender=model, dispatch_uid=f"cards-del-{model}")
m2m_changed.connect(bump_card_generation, sender=Article.authors.through, dispatch_uid="bylines")
for model in (Tag, TaggedArticle, Company, Deal):
    post_save.connect(bump_story_generation, sender=model, dispatch_uid=f"story-save-{model}")
    post_delete.connect(bump_story_generation, sender=model, dispatch_uid=f"story-del-{model}")
for relation in (Article.companies.through, Article.deals.through):
    m2m_changed.connect(bump_story_generation, sender=relation, dispatch_uid=f"story-{relation}")
