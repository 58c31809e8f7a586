from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from companies.models import Company, Deal
from portal.cache import edge
from portal.cache.memo import memo, memo_many
from portal.pagination import CachedCountPaginator
from portal.seo import PageMeta, home_crumb

from . import pages, search, sitemaps
from .cards import render_cards, render_story, render_story_uncached, versions
from .forms import SearchForm
from .models import Article, ArticleSlugRedirect, Author, Event, Section, Tag
from .reads import MOST_READ_SECONDS, mark_read, most_read

FRONT_PAGE_DEALS = 5
FRONT_PAGE_EVENTS = 3
FRONT_PAGE_COMPANIES = 8
MOST_COVERED_DAYS = 30


def front_page_meta():
    return PageMeta(
        title=settings.SITE_NAME,
        description=(
            "News and analysis of the battery and EV supply chain: materials, cells, "
            "energy storage, solar, investment and trade policy."
        ),
        path="/",
    )


class FrontPageView(TemplateView):
    """The front page: lead story, latest stories, deals, companies and a block per section.

    The stories chosen (as article versions), the deals and the companies are memos; the
    cards come from the fragment cache, all of them in one round trip.
    """

    template_name = "articles/front_page.html"
    page_parameters = ()  # the page cache keys on these query parameters only

    def get_context_data(self, **kwargs):
        front = memo_many(
            {"front:stories": pages.front_page, "front:deals": latest_deals,
             "front:most-covered": most_covered_companies, "front:events": upcoming_events},
            keys=["front"],
        )  # fmt: skip
        most_read_now = memo("most-read", most_read, MOST_READ_SECONDS)
        lead, latest, blocks = front["front:stories"]
        cards = iter(render_cards(
            [(lead, "lead")] * bool(lead) + [(article, "latest") for article in latest]
            + [(article, "image" if index == 0 else "plain")
               for _, articles in blocks for index, article in enumerate(articles)]
        ))  # fmt: skip
        return super().get_context_data(
            lead=lead, lead_card=next(cards) if lead else None,
            latest_cards=[next(cards) for _ in latest],
            section_blocks=[(section, [next(cards) for _ in arts]) for section, arts in blocks],
            latest_deals=front["front:deals"], most_covered=front["front:most-covered"],
            most_read=most_read_now, page_meta=front_page_meta(),
            upcoming_events=front["front:events"], **kwargs,
        )  # fmt: skip


def latest_deals():
    """The newest deals for the front page (a list)."""
    return list(Deal.objects.for_listing()[:FRONT_PAGE_DEALS])


def upcoming_events():
    """The next events readers of the edition may register for (a list)."""
    events = Event.objects.published().in_edition().upcoming().exclude(event_status="cancelled")
    return list(events[:FRONT_PAGE_EVENTS])


def most_covered_companies():
    """The companies most mentioned by stories of the last 30 days, with their counts."""
    recent = (
        Article.objects.published()
        .in_edition()
        .filter(published_at__gte=timezone.now() - timedelta(days=MOST_COVERED_DAYS))
    )
    return list(Company.objects.most_covered(recent)[:FRONT_PAGE_COMPANIES])


def related_stories(article):
    """The versions of the article's related stories (see ArticleQuerySet.related_to)."""
    return versions(Article.objects.published().in_edition().related_to(article))


class ArticleListView(ListView):
    """All published articles, newest first."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = settings.ARTICLES_PER_PAGE
    page_parameters = ("page",)
    paginator_class = CachedCountPaginator
    heading = _("Latest news")
    description = _("Every story from the newsroom, newest first.")

    def get_queryset(self):
        return Article.objects.published().in_edition().for_listing()

    # The routes of its RSS and Atom feeds, and their arguments.
    feeds, feed_args = ("feed_latest", "feed_atom"), ()
    follow = None  # (kind, slug) readers may follow by e-mail (leads.newsletter)

    def get_page_meta(self, page_obj):
        path = self.request.path
        if page_obj is not None and page_obj.number > 1:
            path = f"{path}?page={page_obj.number}"
        return PageMeta(
            title=self.heading,
            description=self.description,
            path=path,
            breadcrumbs=[home_crumb(), (self.heading, self.request.path)],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.heading
        context["intro"] = self.description
        context["feed_url"], context["atom_url"] = (
            reverse(name, args=self.feed_args) for name in self.feeds
        )
        if self.follow:
            context["follow_url"] = (
                reverse("newsletter:follow")
                + "?"
                + urlencode({"kind": self.follow[0], "slug": self.follow[1]})
            )
        context["page_meta"] = self.get_page_meta(context.get("page_obj"))
        edge.show(getattr(self, "listed", "news"))  # the list it is (its cards name theirs)
        return context


class SectionArticleListView(ArticleListView):
    """Published articles of one section."""

    def get_queryset(self):
        self.section = self.listed = get_object_or_404(Section, slug=self.kwargs["slug"])
        self.heading = self.section.name
        self.feeds, self.feed_args = ("feed_section", "feed_section_atom"), [self.section.slug]
        self.follow = ("section", self.section.slug)
        self.description = self.section.description or f"Latest {self.section.name} news."
        return super().get_queryset().filter(section=self.section)


class TagArticleListView(ArticleListView):
    """Published articles carrying one tag."""

    def get_queryset(self):
        self.tag = self.listed = get_object_or_404(Tag, slug=self.kwargs["slug"])
        self.heading = gettext("Tagged: %(name)s") % {"name": self.tag.name}
        self.feeds, self.feed_args = ("feed_tag", "feed_tag_atom"), [self.tag.slug]
        self.follow = ("tag", self.tag.slug)
        self.description = gettext("Stories tagged %(name)s.") % {"name": self.tag.name}
        return super().get_queryset().filter(tags=self.tag)


class AuthorArticleListView(ArticleListView):
    """Published articles by one author."""

    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = self.listed = get_object_or_404(Author, slug=self.kwargs["slug"])
        self.heading = self.author.name
        by = gettext("Stories by %(name)s.") % {"name": self.author.name}
        self.description = self.author.bio or by
        self.feeds, self.feed_args = ("feed_author", "feed_author_atom"), [self.author.slug]
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["author"] = self.author
        return context


class ArticleDetailView(DetailView):
    """One published article with its related stories; old slugs redirect permanently."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"
    cached = True  # story and related stories from the cache
    counts_reads = True  # a reading for "Most read" (articles.reads)
    page_parameters = ()

    def get_queryset(self):
        articles = Article.objects.published().in_edition().select_related("section", "hero")
        return articles.with_report().with_versions()

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            moved = (
                ArticleSlugRedirect.objects.filter(
                    old_slug=kwargs["slug"], article__in=Article.objects.published().in_edition()
                )
                .select_related("article")
                .first()
            )
            if moved is None:
                raise
            return redirect(moved.article, permanent=True)
        return mark_read(response, self.object) if self.counts_reads else response

    def get_context_data(self, **kwargs):
        article = self.object
        if self.cached:
            story, data = render_story(article)
            related = memo(f"related:{article.pk}", lambda: related_stories(article))
        else:
            story, data = render_story_uncached(article)
            related = related_stories(article)
        most_read_now = memo("most-read", most_read, MOST_READ_SECONDS)
        edge.show(article)
        return super().get_context_data(
            story=story, related=related, page_meta=article.page_meta([data]),
            most_read=most_read_now, **kwargs,
        )  # fmt: skip


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(PermissionRequiredMixin, ArticleDetailView):
    """Staff preview of any article, published or not; never cached, never indexed."""

    permission_required = "articles.view_article"
    raise_exception = False
    cached = False  # an unpublished article changes without changing the content
    counts_reads = False

    def get_queryset(self):
        articles = Article.objects.visible_to(self.request.user)
        return articles.select_related("section", "hero").with_report().with_versions()

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
    """Search results: articles (filtered, sorted, paginated), matching companies and deals."""

    template_name = "articles/search.html"
    context_object_name = "articles"
    paginate_by = 10
    page_parameters = ("q", "page", "section", "since", "until", "sort")
    paginator_class = CachedCountPaginator

    def get_queryset(self):
        self.form = SearchForm(self.request.GET)
        self.query = self.form.query
        if not self.query:
            self.companies, self.deals = [], []
            return Article.objects.none()
        articles, self.companies, self.deals = search.find(self.query, self.form.filters())
        return articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form, query=self.query, query_was_shortened=self.form.was_shortened,
            results=search.results(context["articles"], self.query),
            companies=self.companies, deals=self.deals, page_meta=search.page_meta(self.query),
        )  # fmt: skip
        edge.show("search")  # a new story may match (its results' cards name theirs)
        return context


def news_sitemap(request):
    """Google News sitemap: the articles published in the last two days."""
    edge.show("sitemaps")
    response = render(
        request,
        "articles/news_sitemap.xml",
        {"articles": sitemaps.news_sitemap_articles(), "site_name": settings.SITE_NAME},
        content_type="application/xml; charset=utf-8",
    )
    return response
