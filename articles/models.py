import math
import uuid
from collections import Counter
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.core.files.storage import default_storage, storages
from django.core.validators import MaxValueValidator, URLValidator
from django.db import connection, models, transaction
from django.db.models import F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from companies.models import Company, Deal
from portal.images import CheckedImageField, delete_renditions, make_crops, make_renditions
from portal.markdown import render_markdown
from portal.models import TimeStampedModel
from portal.seo import PageMeta, absolute_url
from portal.urlutils import slug_url

WORDS_PER_MINUTE = 230
AUTHOR_PHOTO_MIN_WIDTH = 200
WEB_ADDRESS = URLValidator(schemes=["https", "http"])
# Related articles: how many links (shared tags or companies) are read, and how many of
# the best-scoring articles are loaded to pick from.
RELATED_LINKS_SCANNED = 2000
RELATED_CANDIDATES = 20
# The columns an article card needs: lists load these and nothing more.
LISTING_FIELDS = [
    "title", "slug", "dek", "published_at", "updated_at", "revised_at", "status", "is_featured",
    "hero__file", "hero__width", "hero__height", "hero__renditions", "hero__card_renditions",
    "hero__file_bytes", "section__name", "section__slug",
]  # fmt: skip
# Crops that follow the focal point: cards and the lead story (16:9), social previews.
CARD_RATIO, CARD_WIDTHS = 16 / 9, (480, 800, 1200)
SOCIAL_RATIO, SOCIAL_WIDTHS = 1200 / 630, (1200,)


def private_storage():
    """Storage of files readers fetch only through the portal (settings.STORAGES)."""
    return storages["private"]


# Body images written as ![alt](image:42) or ![alt](image:42 "caption").
LIBRARY_IMAGE_URL = "image:"


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
        return f"/feeds/authors/{self.slug}/"

    def profile_links(self):
        """(label, URL) of the author's own pages, in the order they are shown."""
        links = [("Website", self.website), ("LinkedIn", self.linkedin_url), ("X", self.x_url)]
        return [(label, url) for label, url in links if url]


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
            showing = list(self.showing_articles().values_list("pk", flat=True))
            result = super().delete(*args, **kwargs)
            render_bodies(Article.objects.filter(pk__in=showing))
            transaction.on_commit(lambda: delete_renditions(renditions))
        return result

    def showing_articles(self):
        """Return the articles whose body shows this image."""
        return Article.objects.filter(body__regex=rf"\({LIBRARY_IMAGE_URL}{self.pk}[ )]")

    def render_bodies(self):
        """Render again the bodies that show this image (its text or renditions changed)."""
        render_bodies(self.showing_articles())

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


def render_bodies(articles):
    """Store the bodies of `articles` rendered again, as a new version of each."""
    for article in articles.only("pk", "body"):
        Article.objects.filter(pk=article.pk).update(
            body_html=render_body(article.body), updated_at=timezone.now()
        )


def body_images(ids):
    """Resolve the library images of a body for `portal.markdown.render_markdown`."""
    return {pk: image.body_embed() for pk, image in Image.objects.for_body(ids).items()}


def render_body(text):
    """Return the sanitised HTML of a story body, its library images resolved."""
    return render_markdown(text, images=body_images)


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

    def scheduled(self):
        """Return published articles whose time has not come yet, soonest first."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__gt=timezone.now()
        ).order_by("published_at")

    def in_review(self):
        """Return articles waiting for an editor's review, oldest request first."""
        return self.filter(status=Article.Status.REVIEW).order_by("updated_at")

    def drafts(self):
        """Return the articles still being written."""
        return self.filter(status=Article.Status.DRAFT)

    def in_state(self, state):
        """Return the articles in one of the states of `Article.STATES` (as the list
        filter offers them); an unknown state selects nothing."""
        methods = {"draft": self.drafts, "review": self.in_review,
                   "scheduled": self.scheduled, "published": self.published}  # fmt: skip
        return methods[state]() if state in methods else self.none()

    def matching(self, text):
        """Return the articles whose title, standfirst or body match `text` (a web-search
        query: the full-text index on PostgreSQL, every word elsewhere) or whose slug
        starts with it: the newsroom's search, fast at any archive size."""
        text = " ".join(text.split())[:200]
        if not text:
            return self
        slug = Q(slug__startswith=text.lower())
        if connection.vendor == "postgresql":
            query = SearchQuery(text, search_type="websearch", config="english")
            return self.filter(Q(search_vector=query) | slug)
        words = Q()
        for word in text.split()[:8]:
            words &= Q(title__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)
        return self.filter(words | slug)

    def with_report(self):
        """Annotate each article with the slug and title of the published report its
        call to action leads to (`report_slug`, `report_title`; None without one), in
        the same query."""
        report = (
            Report.objects.published().filter(articles=OuterRef("pk")).order_by("-published_at")
        )
        return self.annotate(
            report_slug=Subquery(report.values("slug")[:1]),
            report_title=Subquery(report.values("title")[:1]),
        )

    def for_listing(self):
        """Return articles with what a list card shows (and no more), newest first.

        Bylines are not prefetched here: pages show cards through `articles.fragments`,
        which prefetches authors only for the cards it has to render.
        """
        return (
            self.select_related("section", "hero")
            .only(*LISTING_FIELDS)
            .order_by("-published_at", "-pk")
        )

    def with_bylines(self):
        """Prefetch the authors' names and slugs (for feeds and other byline users)."""
        return self.prefetch_related(
            models.Prefetch("authors", queryset=Author.objects.only("name", "slug"))
        )

    def latest_per_section(self, per_section, section_ids):
        """Return up to `per_section` newest articles of each section, in one query.

        On PostgreSQL a UNION of one short index scan per section; elsewhere a window
        function (fine for the small databases SQLite is used with).
        """
        if connection.features.supports_slicing_ordering_in_compound and section_ids:
            parts = [
                self.filter(section_id=section_id).order_by("-published_at", "-pk")[:per_section]
                for section_id in section_ids
            ]
            return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        return self.annotate(
            section_rank=Window(
                RowNumber(),
                partition_by=F("section_id"),
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        ).filter(section_rank__lte=per_section, section_id__in=section_ids)

    def related_candidates(self, article, ids, newest):
        """Return the articles of `ids` and the `newest` of the article's section, one query.

        On PostgreSQL the two sets of ids are a UNION, so both are found through indexes
        (an OR of the two makes PostgreSQL scan the table); SQLite cannot slice inside a
        UNION, and its small databases do not mind the OR.
        """
        listing = self.for_listing().exclude(pk=article.pk)
        same_section = listing.filter(section_id=article.section_id).values("pk")[:newest]
        if not ids:
            return listing.filter(pk__in=same_section)
        if connection.features.supports_slicing_ordering_in_compound:
            chosen = Article.objects.filter(pk__in=ids).order_by().values("pk")
            return listing.filter(pk__in=chosen.union(same_section, all=True))
        return listing.filter(Q(pk__in=ids) | Q(pk__in=same_section))

    def related_to(self, article, limit=4):
        """Return up to `limit` articles related to `article`, best first (a list).

        Score: 3 per shared company, 2 per shared tag, 1 for the same section. The shared
        tags and companies are counted in the link tables (one query over two indexes,
        bounded to the newest links); the best candidates and the newest articles of the
        same section (which fill any places left) are loaded together: two queries in
        all, however large the archive.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        company_ids = [company.pk for company in article.companies.all()]
        weights = Counter()
        links = []
        if tag_ids:
            links.append(
                TaggedArticle.objects.filter(tag_id__in=tag_ids)
                .annotate(article=F("content_object_id"), weight=models.Value(2))
                .values_list("article", "weight")
                .order_by("-content_object_id")
            )
        if company_ids:
            links.append(
                Article.companies.through.objects.filter(company_id__in=company_ids)
                .annotate(weight=models.Value(3))
                .values_list("article_id", "weight")
                .order_by("-article_id")
            )
        if links:
            if connection.features.supports_slicing_ordering_in_compound:
                links = [link[:RELATED_LINKS_SCANNED] for link in links]
            else:
                links = [link.order_by() for link in links]
            union = links[0].union(*links[1:], all=True) if len(links) > 1 else links[0]
            for article_id, weight in union:
                if article_id != article.pk:
                    weights[article_id] += weight
        best = {pk for pk, _ in weights.most_common(RELATED_CANDIDATES)}
        loaded = list(self.related_candidates(article, best, 2 * limit))
        candidates = [a for a in loaded if a.pk in best]
        for candidate in candidates:
            candidate.relevance = weights[candidate.pk] + int(
                candidate.section_id == article.section_id
            )
        candidates.sort(key=lambda a: (-a.relevance, -a.published_at.timestamp(), -a.pk))
        chosen = candidates[:limit]
        newest_in_section = sorted(
            (a for a in loaded if a.section_id == article.section_id and a not in chosen),
            key=lambda a: (-a.published_at.timestamp(), -a.pk),
        )
        chosen += newest_in_section[: limit - len(chosen)]
        return chosen


def count_words(html):
    """Return the number of words readers see in rendered `html`."""
    return len(strip_tags(html).split())


def reading_minutes(words):
    """Return the whole minutes a reader needs for `words` words (at least one)."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def next_scheduled_publication():
    """Return when the next scheduled article goes live (or None): a change of content."""
    return Article.objects.scheduled().values_list("published_at", flat=True).first()


def next_scheduled_report():
    """Return when the next scheduled report goes live (or None): a change of content."""
    return (
        Report.objects.filter(status=Report.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


class Article(TimeStampedModel):
    """A story: Markdown body rendered once on save, shown to readers once published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    dek = models.CharField(
        "standfirst", max_length=300, help_text="One or two sentences under the headline."
    )
    body = models.TextField(help_text="Markdown. Raw HTML is cleaned: scripts never reach readers.")
    body_html = models.TextField(editable=False, blank=True)
    word_count = models.PositiveIntegerField(editable=False, default=0)
    hero = models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.PROTECT, related_name="hero_of",
        verbose_name="hero image",
        help_text="From the image library: its alt text, caption, credit and focal point "
        "come with it.",
    )  # fmt: skip
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
    revised_at = models.DateTimeField(
        "updated at (for readers)", null=True, blank=True, editable=False,
        help_text="The time of the latest correction or update shown to readers.",
    )  # fmt: skip
    is_featured = models.BooleanField(
        "featured", default=False, help_text="Candidate for the lead story on the front page."
    )
    meta_description = models.CharField(
        max_length=300, blank=True, help_text="For search engines; the standfirst is used if empty."
    )
    # Indexed on PostgreSQL by a GIN index made in migration 0005 (PostgreSQL only).
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+", help_text="Who started the story.",
    )  # fmt: skip

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[authors, companies, deals],
        excluded_fields=["body_html", "search_vector", "word_count", "revised_at",
                         "created_by"],
    )  # fmt: skip

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        indexes = [
            # The newsroom's list: every state, newest first (and the date filter's range).
            models.Index(fields=["-published_at", "-id"], name="article_pub_idx"),
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
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug)

    def is_by(self, user):
        """Whether `user` started the story or is one of its authors (a writer's own)."""
        if self.created_by_id == user.pk:
            return True
        return self.pk is not None and self.authors.filter(user=user).exists()

    def get_preview_url(self):
        """The staff preview of the article, published or not."""
        return reverse("articles:preview", args=[self.pk])

    def clean(self):
        super().clean()
        # Before constraint validation: publishing without a time means "now".
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.body_html = render_body(self.body)
        self.word_count = count_words(self.body_html)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html", "word_count"}
        self._remember_old_slug()
        super().save(*args, **kwargs)
        self._refresh_search_vector()

    def _remember_old_slug(self):
        """Keep a redirect from the old URL when a published article's slug changes."""
        self.showed_to_readers = False
        if self.pk is None:
            return
        old = Article.objects.filter(pk=self.pk).values("slug", "status").first()
        self.showed_to_readers = old is not None and old["status"] == self.Status.PUBLISHED
        if not self.showed_to_readers or old["slug"] == self.slug:
            return
        ArticleSlugRedirect.objects.update_or_create(
            old_slug=old["slug"], defaults={"article": self}
        )
        ArticleSlugRedirect.objects.filter(old_slug=self.slug).delete()

    def _refresh_search_vector(self):
        """Store the weighted full-text vector (PostgreSQL): title, then standfirst, then body."""
        if connection.vendor != "postgresql":
            return
        Article.objects.filter(pk=self.pk).update(search_vector=self.search_vector_expression())

    @staticmethod
    def search_vector_expression():
        return (
            SearchVector("title", weight="A", config="english")
            + SearchVector("dek", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )

    @property
    def is_scheduled(self):
        """Whether the article is published with a time still to come."""
        return self.is_published and self.published_at > timezone.now()

    # What the newsroom sees: status and time together ("published" means live).
    STATES = {"draft": "Draft", "review": "In review", "scheduled": "Scheduled",
              "published": "Published"}  # fmt: skip

    @property
    def state(self):
        if self.is_scheduled:
            return "scheduled"
        if self.is_live:
            return "published"
        return "review" if self.status == self.Status.REVIEW else "draft"

    def get_state_display(self):
        return self.STATES[self.state]

    @property
    def is_live(self):
        """Whether readers can see the article now (what `published()` selects)."""
        return self.is_published and self.published_at <= timezone.now()

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED and self.published_at is not None

    # Whether readers see it now or once its time comes: its changes change the site.
    shows_to_readers = is_published
    # Set by save(): whether it was published before this save (True if unknown).
    showed_to_readers = True

    def share_links(self):
        """(service, URL) of plain links that share the story: no scripts, no trackers."""
        url = absolute_url(self.get_absolute_url())

        def query(**params):
            return urlencode(params, quote_via=quote)

        return [
            ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + query(url=url)),
            ("X", "https://x.com/intent/post?" + query(text=self.title, url=url)),
            ("WhatsApp", "https://wa.me/?" + query(text=f"{self.title} {url}")),
            ("E-mail", "mailto:?" + query(subject=self.title, body=f"{self.dek}\n\n{url}")),
        ]

    def page_meta(self, structured_data=()):
        """Return the article page's metadata (share image, breadcrumbs, JSON-LD)."""
        return PageMeta(
            title=self.title,
            description=self.description,
            path=self.get_absolute_url(),
            image=default_storage.url(self.hero.social["name"]) if self.hero else "",
            image_alt=self.hero.alt_text if self.hero else "",
            og_type="article",
            breadcrumbs=[
                ("Home", "/"),
                (self.section.name, self.section.get_absolute_url()),
                (self.title, self.get_absolute_url()),
            ],
            structured_data=list(structured_data),
        )

    @property
    def reading_minutes(self):
        return reading_minutes(self.word_count)

    @property
    def was_updated(self):
        """Whether an editor marked a change as a correction or an update (see Revision)."""
        return self.revised_at is not None

    @property
    def modified_at(self):
        """When readers were last told the story changed: dateModified of feeds and JSON-LD."""
        return self.revised_at or self.published_at or self.updated_at

    @property
    def description(self):
        return self.meta_description or self.dek


class StaffNote(models.Model):
    """Something staff wrote about a story, kept with who wrote it and when."""

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        abstract = True


class Revision(StaffNote):
    """A correction or an update of a story, with the note readers see under it.

    Routine edits (a typo, a better headline) need none; a change of substance gets one.
    Saving one marks the story as updated at that time (`Article.revised_at`).
    """

    class Kind(models.TextChoices):
        UPDATE = "update", "Update"
        CORRECTION = "correction", "Correction"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.UPDATE)
    note = models.TextField(
        max_length=500, help_text="What changed, for readers: 'An earlier version said ...'"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "correction or update"
        verbose_name_plural = "corrections and updates"

    def __str__(self):
        return f"{self.get_kind_display()} of {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        with transaction.atomic():  # the signal's invalidation runs again at the commit
            super().save(*args, **kwargs)
            self.article_changed()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.article_changed()
        return result

    def article_changed(self):
        """Mark the story updated at its latest revision (a new version of its caches)."""
        latest = Revision.objects.filter(article_id=self.article_id).values_list(
            "created_at", flat=True
        )
        Article.objects.filter(pk=self.article_id).update(
            revised_at=latest.first(), updated_at=timezone.now()
        )


class ReviewComment(StaffNote):
    """A remark on a story during review, kept with its author and time."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField("comment", max_length=2000)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "review comment"

    def __str__(self):
        return f"Comment of {self.created_at:%Y-%m-%d %H:%M}"


class DailyReads(models.Model):
    """How many times readers opened an article's page on one day (see `articles.reads`)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "daily reads"
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="daily_reads_article_day")
        ]
        indexes = [models.Index(fields=["day", "article"], name="daily_reads_day_idx")]

    def __str__(self):
        return f"{self.article_id} on {self.day}: {self.views}"


class ArticleSlugRedirect(models.Model):
    """An old slug of a published article, answered with a 301 to its current URL."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


class Autosave(models.Model):
    """Text of a story being edited, saved in the background by the admin's form.

    One row per person and story (and one per person for a story not yet saved), apart
    from the article, so autosaving never adds a history version or changes what
    readers see. Saving the form removes it; a closed tab or a crash leaves it for the
    form to offer back. `base_version` is the article version the text started from,
    so a restored text that someone else's save has overtaken is refused like any
    stale save (see `ArticleAdminForm`).
    """

    FIELDS = ("title", "slug", "dek", "body", "meta_description", "tags")
    MAX_LENGTH = 200_000  # characters per field: far above any story

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves"
    )
    fields = models.JSONField(default=dict)
    base_version = models.CharField(max_length=40, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="autosave_user_article"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article__isnull=True), name="autosave_user_new"
            ),
        ]

    def __str__(self):
        return f"Autosave of {self.article_id or 'a new story'} by {self.user_id}"

    @classmethod
    def store(cls, *, user, article, data):
        """Keep the text fields of `data` (a POST) for `user` and `article` (or None)."""
        fields = {name: data.get(name, "")[: cls.MAX_LENGTH] for name in cls.FIELDS}
        saved, _ = cls.objects.update_or_create(
            user=user, article=article,
            defaults={"fields": fields, "base_version": data.get("loaded_version", "")[:40],
                      "saved_at": timezone.now()},
        )  # fmt: skip
        return saved

    @classmethod
    def to_offer(cls, *, user, article):
        """Return the autosave to offer back on the form, if its text differs from the
        article's (one saved after the form's own save, with the same text, is dropped)."""
        autosave = cls.objects.filter(user=user, article=article).first()
        if autosave is None or article is None:
            return autosave
        current = {name: getattr(article, name) or "" for name in cls.FIELDS if name != "tags"}
        if all(autosave.fields.get(name, "") == value for name, value in current.items()):
            autosave.delete()
            return None
        return autosave


def report_file_name(instance, filename):
    """A name nobody can guess: the PDF is only ever handed out behind a signed link."""
    return f"reports/{uuid.uuid4().hex}.pdf"


class ReportQuerySet(models.QuerySet):
    def published(self):
        """Return the reports readers may see and ask for now."""
        return self.filter(status=Report.Status.PUBLISHED, published_at__lte=timezone.now())


class Report(TimeStampedModel):
    """A full report (a PDF) readers get free against the request form.

    Its page is public; the file is kept in private storage under a random name and
    only handed out through a download link signed for one lead (leads.delivery).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.TextField(
        max_length=1200, help_text="What the report holds, for its page and the request e-mail."
    )
    contents = models.TextField(
        blank=True,
        help_text="Its table of contents, one chapter per line (shown on the report's page).",
    )
    cover = models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.PROTECT, related_name="cover_of",
        help_text="From the image library.",
    )  # fmt: skip
    file = models.FileField(
        "PDF", upload_to=report_file_name, storage=private_storage, max_length=200,
        help_text="The report readers receive. Checked on upload: a PDF readers can open.",
    )  # fmt: skip
    page_count = models.PositiveIntegerField(editable=False, default=0)
    file_bytes = models.PositiveBigIntegerField(editable=False, default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When readers may first see it. A future time schedules the report.",
    )  # fmt: skip
    articles = models.ManyToManyField(
        Article, blank=True, related_name="reports",
        help_text="Stories whose 'Get the free full report' leads to this report.",
    )  # fmt: skip
    companies = models.ManyToManyField(Company, blank=True, related_name="reports")
    deals = models.ManyToManyField(Deal, blank=True, related_name="reports")

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="report_status_pub_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="report_published_has_time",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("leads:report", self.slug)

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_live(self):
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    def chapters(self):
        return [line.strip() for line in self.contents.splitlines() if line.strip()]

    def download_name(self):
        return f"{self.slug}.pdf"
