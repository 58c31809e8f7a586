"""Where a story is filed and who wrote it: sections, tags and authors."""

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from taggit.models import TagBase

from portal.images import CheckedImageField
from portal.models import TimeStampedModel
from portal.urlutils import slug_url

AUTHOR_PHOTO_MIN_WIDTH = 200
WEB_ADDRESS = URLValidator(schemes=["https", "http"])


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
        return slug_url("articles:section", self.slug)


class Tag(TagBase):
    """A keyword stories are tagged with (django-taggit's tag, in the portal's app so that
    its name can have a Chinese version: `articles/translation.py`)."""

    class Meta:
        ordering = ["name"]

    def get_absolute_url(self):
        return slug_url("articles:tag", self.slug)


class Author(TimeStampedModel):
    """A person credited in bylines."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    job_title = models.CharField("role", max_length=120, blank=True)
    bio = models.TextField("short bio", max_length=600, blank=True)
    photo = CheckedImageField(
        upload_to="authors/", blank=True, min_width=AUTHOR_PHOTO_MIN_WIDTH,
        help_text=f"A portrait, at least {AUTHOR_PHOTO_MIN_WIDTH} px wide; shown square.",
    )  # fmt: skip
    website = models.URLField(blank=True, validators=[WEB_ADDRESS])
    linkedin_url = models.URLField("LinkedIn", blank=True, validators=[WEB_ADDRESS])
    x_url = models.URLField("X (Twitter)", blank=True, validators=[WEB_ADDRESS])
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
        return slug_url("articles:author", self.slug)

    def get_feed_url(self):
        return reverse("feed_author", args=[self.slug])

    def profile_links(self):
        """(label, URL) of the author's own pages, in the order they are shown."""
        links = [("Website", self.website), ("LinkedIn", self.linkedin_url), ("X", self.x_url)]
        return [(label, url) for label, url in links if url]
