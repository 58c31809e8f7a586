import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from companies.models import Company, Deal
from portal.markdown import render_markdown
from portal.models import TimeStampedModel

WORDS_PER_MINUTE = 230


class Section(TimeStampedModel):
    """A desk of the publication (Batteries, Solar, Policy & trade, ...)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(
        blank=True, help_text="One or two sentences for the section page."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the navigation and on the front page (lowest first)."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Author(TimeStampedModel):
    """A person credited in bylines."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    job_title = models.CharField(max_length=120, blank=True)
    bio = models.TextField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The staff account of this author, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class TaggedArticle(TaggedItemBase):
    """Tag link with a real foreign key, so tag pages join on an indexed integer column."""

    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]
        indexes = [models.Index(fields=["tag", "content_object"])]


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Return the articles a reader may see: published, with a time not in the future."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self):
        """Return articles with everything a list card shows, newest first."""
        return (
            self.select_related("section")
            .prefetch_related("authors")
            .order_by("-published_at", "-pk")
        )

    def latest_per_section(self, per_section):
        """Return up to `per_section` newest articles of each section, in one query."""
        return self.annotate(
            section_rank=Window(
                RowNumber(),
                partition_by=F("section_id"),
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        ).filter(section_rank__lte=per_section)

    def related_to(self, article, limit=4):
        """Return articles that share tags or the section with `article`, best match first."""
        tag_ids = [tag.pk for tag in article.tags.all()]
        return (
            self.exclude(pk=article.pk)
            .filter(Q(section_id=article.section_id) | Q(tags__in=tag_ids))
            .annotate(shared_tags=Count("tags", filter=Q(tags__in=tag_ids), distinct=True))
            .order_by("-shared_tags", "-published_at", "-pk")[:limit]
        )


class Article(TimeStampedModel):
    """A story: Markdown body rendered once on save, shown to readers once published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    dek = models.CharField(
        "standfirst", max_length=300, help_text="One or two sentences under the headline."
    )
    body = models.TextField(help_text="Markdown. Raw HTML is cleaned: scripts never reach readers.")
    body_html = models.TextField(editable=False, blank=True)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    hero_image = models.ImageField(
        upload_to="articles/hero/%Y/%m/",
        blank=True,
        width_field="hero_image_width",
        height_field="hero_image_height",
    )
    hero_image_width = models.PositiveIntegerField(editable=False, null=True)
    hero_image_height = models.PositiveIntegerField(editable=False, null=True)
    hero_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for readers who cannot see it. Required with an image.",
    )
    hero_caption = models.CharField(max_length=300, blank=True)
    hero_credit = models.CharField(max_length=150, blank=True)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField(Author, related_name="articles")
    tags = TaggableManager(through=TaggedArticle, blank=True)
    companies = models.ManyToManyField(
        Company, blank=True, related_name="articles", help_text="Companies the story is about."
    )
    deals = models.ManyToManyField(
        Deal, blank=True, related_name="articles", help_text="Deals the story covers."
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=False
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When readers may first see it. A future time schedules the article.",
    )
    is_featured = models.BooleanField(
        "featured", default=False, help_text="Candidate for the lead story on the front page."
    )
    meta_description = models.CharField(
        max_length=300, blank=True, help_text="For search engines; the standfirst is used if empty."
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            models.Index(
                fields=["section", "status", "-published_at"], name="article_section_pub_idx"
            ),
            models.Index(
                fields=["is_featured", "status", "-published_at"], name="article_featured_pub_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_time",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.hero_image and not self.hero_alt.strip():
            raise ValidationError(
                {"hero_alt": "Describe the hero image for readers who cannot see it."}
            )
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.body_html = render_markdown(self.body)
        self.word_count = len(strip_tags(self.body_html).split())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html", "word_count"}
        super().save(*args, **kwargs)

    @property
    def is_live(self):
        """Whether readers can see the article now."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def reading_minutes(self):
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @property
    def was_updated(self):
        """Whether the article changed meaningfully after it went live (shown as 'Updated')."""
        if not self.published_at:
            return False
        return (self.updated_at - self.published_at).total_seconds() > 300

    @property
    def description(self):
        return self.meta_description or self.dek
