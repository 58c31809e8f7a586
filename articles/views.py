from django.conf import settings
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from companies.models import Company, Deal
from portal.seo import PageMeta

from .models import Article, Author, Section

FRONT_PAGE_LATEST = 8
FRONT_PAGE_PER_SECTION = 3
FRONT_PAGE_DEALS = 5
FRONT_PAGE_COMPANIES = 8


class FrontPageView(TemplateView):
    """The front page: lead story, latest stories and a block per section."""

    template_name = "articles/front_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        live = Article.objects.published().for_listing()
        lead = live.filter(is_featured=True).first()
        latest = list(live.exclude(pk=getattr(lead, "pk", None))[: FRONT_PAGE_LATEST + 1])
        if lead is None and latest:
            lead = latest[0]
        latest = [article for article in latest if article.pk != lead.pk][:FRONT_PAGE_LATEST]
        by_section = {}
        for article in live.latest_per_section(FRONT_PAGE_PER_SECTION):
            by_section.setdefault(article.section_id, []).append(article)
        sections = [
            (section, by_section[section.pk])
            for section in Section.objects.all()
            if section.pk in by_section
        ]
        context.update(
            lead=lead,
            latest=latest,
            section_blocks=sections,
            latest_deals=Deal.objects.order_by("-key_date", "-pk")[:FRONT_PAGE_DEALS],
            most_covered=Company.objects.most_covered()[:FRONT_PAGE_COMPANIES],
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


class ArticleListView(ListView):
    """All published articles, newest first."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = settings.ARTICLES_PER_PAGE
    heading = "Latest news"
    description = "Every story from the newsroom, newest first."

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_page_meta(self, page_obj):
        path = self.request.path
        if page_obj is not None and page_obj.number > 1:
            path = f"{path}?page={page_obj.number}"
        return PageMeta(title=self.heading, description=self.description, path=path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.heading
        context["intro"] = self.description
        context["page_meta"] = self.get_page_meta(context.get("page_obj"))
        return context


class SectionArticleListView(ArticleListView):
    """Published articles of one section."""

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        self.heading = self.section.name
        self.description = self.section.description or f"Latest {self.section.name} news."
        return super().get_queryset().filter(section=self.section)


class TagArticleListView(ArticleListView):
    """Published articles carrying one tag."""

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        self.heading = f"Tagged: {self.tag.name}"
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
    """One published article with its related stories."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("section")
            .prefetch_related("authors", "tags", "companies", "deals")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["related"] = Article.objects.published().for_listing().related_to(article)
        context["page_meta"] = PageMeta(
            title=article.title,
            description=article.description,
            path=article.get_absolute_url(),
            image=article.hero_image.url if article.hero_image else "",
            image_alt=article.hero_alt,
            og_type="article",
        )
        return context
