from datetime import timedelta

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from companies.models import Company, Deal
from portal.cache import CachedCountPaginator, remember, remembered
from portal.seo import PageMeta, absolute_url, publisher

from . import search, sitemaps
from .fragments import ArticleVersion, render_cards, render_story
from .models import Article, ArticleSlugRedirect, Author, Section

FRONT_PAGE_LATEST = 8
FRONT_PAGE_PER_SECTION = 3
FRONT_PAGE_DEALS = 5
FRONT_PAGE_COMPANIES = 8
MOST_COVERED_DAYS = 30
# Bounds how late a scheduled story shows in the front page's section blocks.
FRONT_REMEMBER_SECONDS = 60
RELATED_SECONDS = 10 * 60


class FrontPageView(TemplateView):
    """The front page: lead story, latest stories, deals, companies and a block per section.

    Which stories lead, follow and fill the section blocks (as article versions, whose
    cards come from the cache), the latest deals and the "most covered" companies are
    worked out once per content generation and kept at most FRONT_REMEMBER_SECONDS, so
    a scheduled story still shows within a minute; an edited or unpublished one changes
    the generation, so it shows (or goes) at once. A warm front page runs no query.
    """

    template_name = "articles/front_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        generation, kept = remembered(["front:stories", "front:deals", "front:most-covered"])
        fresh = {}
        if "front:stories" in kept:
            lead, latest, blocks = kept["front:stories"]
        else:
            lead, latest, blocks = choose_front_stories()
            version = ArticleVersion.of
            fresh["front:stories"] = (
                version(lead) if lead else None,
                [version(article) for article in latest],
                [(section, [version(a) for a in articles]) for section, articles in blocks],
            )
        if "front:deals" not in kept:
            fresh["front:deals"] = list(Deal.objects.for_listing()[:FRONT_PAGE_DEALS])
        if "front:most-covered" not in kept:
            fresh["front:most-covered"] = most_covered_companies()
        remember(generation, fresh, FRONT_REMEMBER_SECONDS)
        kept.update(fresh)
        # Every card of the page in one cache round trip (and one query for bylines).
        cards = iter(
            render_cards(
                [(lead, "lead")] * bool(lead)
                + [(article, "dek") for article in latest]
                + [(article, "image") for _, articles in blocks for article in articles]
            )
        )
        context.update(
            lead=lead,
            lead_card=next(cards) if lead else None,
            latest_cards=[next(cards) for _ in latest],
            section_blocks=[
                (section, [next(cards) for _ in articles]) for section, articles in blocks
            ],
            latest_deals=kept["front:deals"],
            most_covered=kept["front:most-covered"],
            page_meta=PageMeta(
                title=settings.SITE_NAME,
                description=(
                    "News and analysis of the battery and EV supply chain: materials, cells, "
                    "energy storage, solar, investment and trade policy."
                ),
                path="/",
            ),
        )
        return context


def choose_front_stories():
    """The front page's (lead, latest stories, section blocks).

    The lead is the newest featured story, or else the newest story.
    """
    live = Article.objects.published().for_listing()
    lead = live.filter(is_featured=True).first()
    blocks = section_blocks(live)
    latest = list(live.exclude(pk=getattr(lead, "pk", None))[: FRONT_PAGE_LATEST + 1])
    if lead is None and latest:
        lead = latest[0]
    latest = [article for article in latest if article.pk != lead.pk][:FRONT_PAGE_LATEST]
    return lead, latest, blocks


def section_blocks(live):
    """The newest articles of each section, as [(section, articles)] in section order."""
    sections = [
        {"pk": s.pk, "name": s.name, "slug": s.slug, "url": s.get_absolute_url()}
        for s in Section.objects.all()
    ]
    by_section = {}
    for article in live.latest_per_section(FRONT_PAGE_PER_SECTION, [s["pk"] for s in sections]):
        by_section.setdefault(article.section_id, []).append(article)
    return [
        (section, sorted(by_section[section["pk"]], key=lambda a: a.published_at, reverse=True))
        for section in sections
        if section["pk"] in by_section
    ]


def most_covered_companies():
    """The companies most mentioned by stories of the last 30 days, with their counts."""
    recent = Article.objects.published().filter(
        published_at__gte=timezone.now() - timedelta(days=MOST_COVERED_DAYS)
    )
    return list(Company.objects.most_covered(recent)[:FRONT_PAGE_COMPANIES])


def related_articles(article):
    """The article's related stories (see ArticleQuerySet.related_to).

    Which stories are related is remembered per content generation for at most
    RELATED_SECONDS, as article versions: their cards come from the cache.
    """
    name = f"related-stories:{article.pk}"
    generation, kept = remembered([name])
    if name in kept:
        return kept[name]
    related = list(Article.objects.published().related_to(article))
    remember(generation, {name: [ArticleVersion.of(other) for other in related]}, RELATED_SECONDS)
    return related


class ArticleListView(ListView):
    """All published articles, newest first."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = settings.ARTICLES_PER_PAGE
    paginator_class = CachedCountPaginator
    heading = "Latest news"
    description = "Every story from the newsroom, newest first."

    def get_queryset(self):
        return Article.objects.published().for_listing()

    feed_url = "/feeds/latest/"

    def get_page_meta(self, page_obj):
        path = self.request.path
        if page_obj is not None and page_obj.number > 1:
            path = f"{path}?page={page_obj.number}"
        return PageMeta(
            title=self.heading,
            description=self.description,
            path=path,
            breadcrumbs=[("Home", "/"), (self.heading, self.request.path)],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.heading
        context["intro"] = self.description
        context["feed_url"] = self.feed_url
        context["atom_url"] = (
            "/feeds/atom/" if self.feed_url == "/feeds/latest/" else f"{self.feed_url}atom/"
        )
        context["page_meta"] = self.get_page_meta(context.get("page_obj"))
        return context


class SectionArticleListView(ArticleListView):
    """Published articles of one section."""

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        self.heading = self.section.name
        self.feed_url = f"/feeds/sections/{self.section.slug}/"
        self.description = self.section.description or f"Latest {self.section.name} news."
        return super().get_queryset().filter(section=self.section)


class TagArticleListView(ArticleListView):
    """Published articles carrying one tag."""

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        self.heading = f"Tagged: {self.tag.name}"
        self.feed_url = f"/feeds/tags/{self.tag.slug}/"
        self.description = f"Stories tagged {self.tag.name}."
        return super().get_queryset().filter(tags=self.tag)


class AuthorArticleListView(ArticleListView):
    """Published articles by one author."""

    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        self.heading = self.author.name
        self.description = self.author.bio or f"Stories by {self.author.name}."
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["author"] = self.author
        return context


class ArticleDetailView(DetailView):
    """One published article with its related stories; old slugs redirect permanently."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().select_related("section")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = (
                ArticleSlugRedirect.objects.filter(
                    old_slug=kwargs["slug"], article__in=Article.objects.published()
                )
                .select_related("article")
                .first()
            )
            if moved is None:
                raise
            return redirect(moved.article, permanent=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["story"], story_data = render_story(article, news_article_data)
        context["related"] = related_articles(article)
        context["page_meta"] = PageMeta(
            title=article.title,
            description=article.description,
            path=article.get_absolute_url(),
            image=article.hero_src,
            image_alt=article.hero_alt,
            og_type="article",
            breadcrumbs=[
                ("Home", "/"),
                (article.section.name, article.section.get_absolute_url()),
                (article.title, article.get_absolute_url()),
            ],
            structured_data=[story_data],
        )
        return context


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(PermissionRequiredMixin, ArticleDetailView):
    """Staff preview of any article, published or not; never cached, never indexed."""

    permission_required = "articles.view_article"
    raise_exception = False

    def get_queryset(self):
        return Article.objects.select_related("section")

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return DetailView.get(self, request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = True
        context["page_meta"].noindex = True
        return context


class SearchView(ListView):
    """Search results: articles (paginated), plus matching companies and deals."""

    template_name = "articles/search.html"
    context_object_name = "articles"
    paginate_by = 10
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        self.raw_query = self.request.GET.get("q", "")
        self.query = search.clean_query(self.raw_query)
        if not self.query:
            self.companies, self.deals = [], []
            return Article.objects.none()
        articles, self.companies, self.deals = search.find(self.query)
        return articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hits = list(context["articles"])
        cards = render_cards((ArticleVersion.of(hit), "search") for hit in hits)
        results = [
            search.Result(hit, card, search.snippet(hit, self.query))
            for hit, card in zip(hits, cards, strict=True)
        ]
        has_query = bool(self.query)
        context.update(
            query=self.query,
            query_was_shortened=len(self.raw_query.strip()) > search.MAX_QUERY_LENGTH,
            results=results,
            companies=self.companies,
            deals=self.deals,
            page_meta=PageMeta(
                title=f"Search: {self.query}" if has_query else "Search",
                description="Search the news, company profiles and deals.",
                path="/search/",
                noindex=True,
            ),
        )
        return context


def news_sitemap(request):
    """Google News sitemap: the articles published in the last two days."""
    response = render(
        request,
        "articles/news_sitemap.xml",
        {"articles": sitemaps.news_sitemap_articles(), "site_name": settings.SITE_NAME},
        content_type="application/xml; charset=utf-8",
    )
    return response


def news_article_data(article):
    """Return the schema.org NewsArticle of an article, for JSON-LD."""
    images = [absolute_url(default_storage.url(r["name"])) for r in article.hero_renditions]
    if article.hero_image and not images:
        images = [absolute_url(article.hero_image.url)]
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.description,
        "image": images,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat(),
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
            for author in article.authors.all()
        ],
        "publisher": publisher(),
        "mainEntityOfPage": absolute_url(article.get_absolute_url()),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "wordCount": article.word_count,
    }
