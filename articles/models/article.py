"""Stories: the article, its tags, its QuerySet (what pages ask for) and its rules."""

import math
from collections import Counter
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.core.files.storage import default_storage
from django.db import connection, models
from django.db.models import F, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import ItemBase

from companies.models import Company, Deal
from portal import chinese
from portal.editions import localized
from portal.publishing.models import Publishable, PublishableQuerySet
from portal.seo import PageMeta, absolute_url, home_crumb
from portal.urlutils import slug_url

from ..reports.models import Report
from .images import Image, render_body
from .sections import Author, Section, Tag

WORDS_PER_MINUTE = 230
# Related articles: how many links (shared tags or companies) are read, and how many of
# the best-scoring articles are loaded to pick from.
RELATED_LINKS_SCANNED = 2000
RELATED_CANDIDATES = 20
# The columns an article card needs: lists load these and nothing more.
LISTING_FIELDS = [
    "title", "slug", "language", "dek", "published_at", "updated_at", "revised_at", "status",
    "is_featured",
    "hero__file", "hero__width", "hero__height", "hero__renditions", "hero__card_renditions",
    "hero__file_bytes", "section__slug", *localized("section__name"),
]  # fmt: skip


class TaggedArticle(ItemBase):
    """Tag link with a real foreign key, so tag pages join on an indexed integer column."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]
        indexes = [models.Index(fields=["tag", "content_object"])]


class ArticleQuerySet(PublishableQuerySet):
    """Stories: the lifecycle's states (portal.publishing), and what pages ask for."""

    def by(self, user):
        """The stories `user` started or is an author of (a writer's own)."""
        return self.filter(Q(created_by=user) | Q(authors__user=user))

    def render_bodies(self):
        """Store the bodies rendered again (a library image they show changed), as a new
        version of each."""
        for article in self.only("pk", "body"):
            Article.objects.filter(pk=article.pk).update(
                body_html=render_body(article.body), updated_at=timezone.now()
            )

    def matching(self, text):
        """Return the articles whose title, standfirst or body match `text` (a web-search
        query: the full-text index on PostgreSQL, every word elsewhere) or whose slug
        starts with it: the newsroom's search, fast at any archive size."""
        text = " ".join(text.split())[:200]
        if not text:
            return self
        slug = Q(slug__startswith=text.lower())
        if connection.vendor == "postgresql":
            return self.filter(Q(search_vector=search_query(text)) | slug)
        words = Q()
        for word in text.split()[:8]:
            words &= Q(title__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)
        return self.filter(words | slug)

    def with_report(self):
        """Annotate each article with the slug and title of the published report its
        call to action leads to (`report_slug`, `report_title`; None without one), in
        the same query."""
        report = (
            Report.objects.published()
            .filter(articles=OuterRef("pk"), language=OuterRef("language"))
            .order_by("-published_at")
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


def search_query(text):
    """A reader's query for the full-text index of stories: web-search syntax on English
    words; a query with Chinese in it asks for every word jieba finds in it."""
    if chinese.has_chinese(text):
        words = " ".join(chinese.query_words(text))
        return SearchQuery(words, search_type="plain", config=chinese.CONFIG)
    return SearchQuery(text, search_type="websearch", config="english")


def count_words(html):
    """Return the number of words readers see in rendered `html` (Chinese characters
    counted as the words they take as long to read as: portal.chinese)."""
    return chinese.reading_units(strip_tags(html))


def reading_minutes(words):
    """Return the whole minutes a reader needs for `words` words (at least one)."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def next_scheduled_publication():
    """When the next scheduled article goes live (or None): a change of content."""
    return Article.objects.next_publication_time()


class Article(Publishable):
    """A story: Markdown body rendered once on save, shown to readers once published."""

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

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[authors, companies, deals],
        excluded_fields=["body_html", "search_vector", "word_count", "revised_at",
                         "created_by"],
    )  # fmt: skip

    TRANSLATED_FIELDS = ("title", "dek", "body")

    class Meta(Publishable.Meta):
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        indexes = [
            # "Translations to update": the longest waiting first, per language.
            models.Index(
                fields=["language", "source_changed_at"],
                name="article_to_update_idx",
                condition=models.Q(source_changed_at__isnull=False),
            ),  # fmt: skip
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

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug, self.language)

    def is_by(self, user):
        """Whether `user` started the story or is one of its authors (a writer's own)."""
        if super().is_by(user):
            return True
        return self.pk is not None and self.authors.filter(user=user).exists()

    def get_preview_url(self):
        """The staff preview of the article, published or not."""
        return reverse("articles:preview", args=[self.pk])

    def save(self, *args, **kwargs):
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
        self.showed_to_readers, self.listed_before = False, None
        if self.pk is None:
            return
        old = (
            Article.objects.filter(pk=self.pk)
            .only("slug", "status", "published_at", "section_id")
            .first()
        )
        self.showed_to_readers = old is not None and old.shows_to_readers
        self.listed_before = old.listing() if old is not None else None
        if not self.showed_to_readers or old.slug == self.slug:
            return
        ArticleSlugRedirect.objects.update_or_create(old_slug=old.slug, defaults={"article": self})
        ArticleSlugRedirect.objects.filter(old_slug=self.slug).delete()

    def _refresh_search_vector(self):
        """Store the weighted full-text vector (PostgreSQL): title, then standfirst, then body."""
        if connection.vendor != "postgresql":
            return
        Article.objects.filter(pk=self.pk).update(
            search_vector=self.search_vector_expression(self.language, self)
        )

    @staticmethod
    def search_vector_expression(language=settings.LANGUAGE_CODE, article=None):
        """The weighted vector of title, standfirst and body: English words stemmed; for
        a Chinese `article`, the words jieba finds in its texts (portal.chinese)."""
        if language == "zh-hans" and article is not None:
            texts = [(article.title, "A"), (article.dek, "B"), (article.body, "C")]
            vectors = [
                SearchVector(Value(chinese.index_words(text)), weight=weight, config=chinese.CONFIG)
                for text, weight in texts
            ]
            return vectors[0] + vectors[1] + vectors[2]
        return (
            SearchVector("title", weight="A", config="english")
            + SearchVector("dek", weight="B", config="english")
            + SearchVector("body", weight="C", config="english")
        )

    # Set by save(): whether it was published before this save (True if unknown), and
    # where it was listed (`listing()`; None if unknown).
    showed_to_readers = True
    listed_before = None

    def listing(self):
        """What decides the lists it is on and where in them: shown, when, which section."""
        return (self.shows_to_readers, self.published_at, self.section_id)

    def content_keys(self):
        """The keys a change of it invalidates, in the portal's caches and at the edge
        (portal.cache): its own, carried by every page and memo showing it, and search
        (its words may match other queries now); when it appears, leaves or moves in the
        lists (publication, time, section), also the lists it is or was on and its
        versions in the other editions (their pages link to it)."""
        keys = [f"article-{self.pk}", "search"]
        if self.listed_before == self.listing():
            return keys
        sections = {self.section_id, self.listed_before[2] if self.listed_before else None}
        links = [("tag", self.tags.all()), ("author", self.authors.all()),
                 ("company", self.companies.all()), ("deal", self.deals.all())]  # fmt: skip
        versions = Article.objects.filter(translation_key=self.translation_key).exclude(pk=self.pk)
        return [*keys, "front", "news", "feeds", "sitemaps",
                *(f"section-{pk}" for pk in sections if pk),
                *(f"{name}-{pk}" for name, items in links
                  for pk in items.values_list("pk", flat=True)),
                *(f"article-{pk}" for pk in versions.values_list("pk", flat=True))]  # fmt: skip

    def share_links(self):
        """(service, URL) of plain links that share the story: no scripts, no trackers."""
        url = absolute_url(self.get_absolute_url())

        def query(**params):
            return urlencode(params, quote_via=quote)

        return [
            ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + query(url=url)),
            ("X", "https://x.com/intent/post?" + query(text=self.title, url=url)),
            ("WhatsApp", "https://wa.me/?" + query(text=f"{self.title} {url}")),
            (
                gettext("E-mail"),
                "mailto:?" + query(subject=self.title, body=f"{self.dek}\n\n{url}"),
            ),
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
                home_crumb(),
                (self.section.name, self.section.get_absolute_url()),
                (self.title, self.get_absolute_url()),
            ],
            structured_data=list(structured_data),
            counterparts=self.edition_paths(),
        )

    @property
    def keywords(self):
        """Its tags' names in its own edition's words (feeds and sitemaps are unprefixed)."""
        with translation.override(self.language):
            return [tag.name for tag in self.tags.all()]

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


class ArticleSlugRedirect(models.Model):
    """An old slug of a published article, answered with a 301 to its current URL."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"
