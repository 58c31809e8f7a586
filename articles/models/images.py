"""The newsroom's image library, and the story bodies that show its images."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Q

from portal.images import CheckedImageField, delete_renditions, make_crops, make_renditions
from portal.markdown import render_markdown
from portal.models import TimeStampedModel

# Body images written as ![alt](image:42) or ![alt](image:42 "caption").
LIBRARY_IMAGE_URL = "image:"
# Crops that follow the focal point: cards and the lead story (16:9), social previews.
CARD_RATIO, CARD_WIDTHS = 16 / 9, (480, 800, 1200)
SOCIAL_RATIO, SOCIAL_WIDTHS = 1200 / 630, (1200,)


class ImageQuerySet(models.QuerySet):
    def search(self, text):
        """Return the images whose alt text, caption or credit contain `text`, newest first."""
        images = self.order_by("-created_at", "-pk")
        for word in text.split()[:8]:
            images = images.filter(
                Q(alt_text__icontains=word) | Q(caption__icontains=word) | Q(credit__icontains=word)
            )
        return images

    def for_body(self, ids):
        """Return {id: Image} of the library images a body refers to (one query)."""
        return {image.pk: image for image in self.filter(pk__in=ids)}


class Image(TimeStampedModel):
    """A picture in the newsroom's library, uploaded once with its alt text, caption,
    credit and focal point; the hero of stories and an illustration in their bodies.

    WebP renditions are made once on save: the whole picture at several widths (article
    pages and bodies), and crops around the focal point for cards (16:9) and social
    previews (1.91:1). Moving the focal point remakes only the crops.
    """

    file = CheckedImageField(
        "image", upload_to="library/%Y/%m/", width_field="width", height_field="height",
        help_text="JPEG, PNG or WebP, at least 400 px wide, up to 15 MB.",
    )  # fmt: skip
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    file_bytes = models.PositiveIntegerField(editable=False, null=True)
    alt_text = models.CharField(
        max_length=250,
        help_text="Describe the image for readers who cannot see it (what it shows, not "
        "'image of').",
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=150, blank=True, help_text="Photographer or source.")
    focal_x = models.PositiveSmallIntegerField(
        "focal point across (%)", default=50, validators=[MaxValueValidator(100)],
        help_text="Where the subject is, from the left edge (0) to the right (100): crops "
        "for cards and social previews keep it in view.",
    )  # fmt: skip
    focal_y = models.PositiveSmallIntegerField(
        "focal point down (%)", default=50, validators=[MaxValueValidator(100)],
        help_text="... and from the top (0) to the bottom (100).",
    )  # fmt: skip
    renditions = models.JSONField(default=list, blank=True, editable=False)
    card_renditions = models.JSONField(default=list, blank=True, editable=False)
    social_renditions = models.JSONField(default=list, blank=True, editable=False)
    renditions_key = models.CharField(max_length=400, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-created_at"], name="image_created_idx")]

    def __str__(self):
        return self.alt_text[:80]

    def save(self, *args, **kwargs):
        """Store the size (pages never open the file) and make the renditions once."""
        if self.file and not (self.width and self.height):
            self.width, self.height = self.file.width, self.file.height
        if self.file and not self.file_bytes:
            self.file_bytes = self.file.size
        with transaction.atomic():  # the signal's invalidation runs again at the commit
            super().save(*args, **kwargs)
            self._refresh_renditions()
            self.render_bodies()

    def _refresh_renditions(self):
        """Make the renditions once per file, and the crops once per focal point."""
        source = self.file.name
        key = f"{source}|{self.focal_x},{self.focal_y}"
        if key == self.renditions_key:
            return
        old_source = self.renditions_key.partition("|")[0]
        if source != old_source:
            delete_renditions(self.renditions)
            self.renditions = make_renditions(source, prefix="library/renditions")
        delete_renditions([*self.card_renditions, *self.social_renditions])
        focal = (self.focal_x, self.focal_y)
        self.card_renditions = make_crops(
            source, prefix="library/renditions", ratio=CARD_RATIO, widths=CARD_WIDTHS, focal=focal
        )
        self.social_renditions = make_crops(
            source, prefix="library/renditions", ratio=SOCIAL_RATIO, widths=SOCIAL_WIDTHS,
            focal=focal,
        )  # fmt: skip
        self.renditions_key = key
        Image.objects.filter(pk=self.pk).update(
            renditions=self.renditions, card_renditions=self.card_renditions,
            social_renditions=self.social_renditions, renditions_key=key,
        )  # fmt: skip

    def delete(self, *args, **kwargs):
        """Delete the image (refused while a story has it as its hero); its files go
        once the deletion is committed, and the bodies that showed it are rendered again."""
        renditions = [*self.renditions, *self.card_renditions, *self.social_renditions]
        with transaction.atomic():
            articles = self.showing_articles()
            showing = list(articles.values_list("pk", flat=True))
            result = super().delete(*args, **kwargs)
            articles.model.objects.filter(pk__in=showing).render_bodies()
            transaction.on_commit(lambda: delete_renditions(renditions))
        return result

    def showing_articles(self):
        """Return the articles whose body shows this image."""
        # Article is the model of `hero_of`: reached from here, this module never imports
        # article.py (which imports this one, for the hero and the body's images).
        return self.hero_of.model.objects.filter(body__regex=rf"\({LIBRARY_IMAGE_URL}{self.pk}[ )]")

    def render_bodies(self):
        """Render again the bodies that show this image (its text or renditions changed)."""
        self.showing_articles().render_bodies()

    @staticmethod
    def _srcset(renditions):
        return ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in renditions)

    @staticmethod
    def _src(renditions, near=800):
        """The URL of the first rendition at least `near` px wide (else the widest)."""
        chosen = next((r for r in renditions if r["width"] >= near), renditions[-1])
        return default_storage.url(chosen["name"])

    @property
    def srcset(self):
        return self._srcset(self.renditions)

    @property
    def src(self):
        return self._src(self.renditions) if self.renditions else self.file.url

    @property
    def card_srcset(self):
        return self._srcset(self.card_renditions)

    @property
    def card_src(self):
        return self._src(self.card_renditions) if self.card_renditions else self.src

    @property
    def card_size(self):
        """(width, height) of the card crop's largest rendition (its aspect ratio)."""
        if not self.card_renditions:
            return self.width, self.height
        return self.card_renditions[-1]["width"], self.card_renditions[-1]["height"]

    @property
    def social(self):
        """The rendition for social previews (og:image): {"name", "width", "height"}."""
        return self.social_renditions[-1] if self.social_renditions else None

    @property
    def thumbnail_url(self):
        return default_storage.url(self.card_renditions[0]["name"]) if self.card_renditions else ""

    @property
    def mime_type(self):
        name = self.file.name.lower()
        if name.endswith(".png"):
            return "image/png"
        return "image/webp" if name.endswith(".webp") else "image/jpeg"

    def markdown(self):
        """How an editor writes this image into a body."""
        return f"![{self.alt_text}]({LIBRARY_IMAGE_URL}{self.pk})"

    def body_embed(self):
        """What `portal.markdown` needs to render the image in a body."""
        return {
            "src": self.src, "srcset": self.srcset, "width": self.width, "height": self.height,
            "alt": self.alt_text, "caption": self.caption, "credit": self.credit,
        }  # fmt: skip


def body_images(ids):
    """Resolve the library images of a body for `portal.markdown.render_markdown`."""
    return {pk: image.body_embed() for pk, image in Image.objects.for_body(ids).items()}


def render_body(text):
    """Return the sanitised HTML of a story body, its library images resolved."""
    return render_markdown(text, images=body_images)
