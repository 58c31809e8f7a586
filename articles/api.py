"""Published stories in the read-only API (routed and documented by `portal.api`).

Only what a reader may see: `Article.objects.published()`. The list carries what a card
shows; a story's own record adds its cleaned HTML body.
"""

from django.conf import settings
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from portal.api.docs import detail_responses, list_responses
from portal.editions import EDITIONS
from portal.inputs import as_id
from portal.seo import absolute_url

from .models import Article, Author

ID = {"type": "integer", "minimum": 0, "maximum": 999_999_999_999_999_999}
ARTICLE_FILTERS = [
    OpenApiParameter("section", str, description="Section slug."),
    OpenApiParameter("tag", str, description="Tag slug."),
    OpenApiParameter("company", ID, description="Id of a company the story covers."),
    OpenApiParameter("deal", ID, description="Id of a deal the story covers."),
    OpenApiParameter("q", str, description="Words in the title, standfirst or body."),
    OpenApiParameter(
        "language",
        str,
        enum=list(EDITIONS),
        description="The edition: en-gb (the default) or zh-hans (the Chinese stories).",
    ),
]


class ArticleSerializer(serializers.ModelSerializer):
    section = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    authors = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    tags = serializers.SerializerMethodField()
    companies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    deals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id", "slug", "language", "title", "dek", "section", "authors", "tags", "companies",
            "deals",
            "published_at", "revised_at", "word_count", "url",
        ]  # fmt: skip

    def get_tags(self, article) -> list[str]:
        return [tag.slug for tag in article.tags.all()]

    def get_url(self, article) -> str:
        return absolute_url(article.get_absolute_url())


class ArticleDetailSerializer(ArticleSerializer):
    body_html = serializers.CharField(help_text="The story's body, cleaned HTML.")

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body_html"]


@extend_schema_view(
    list=extend_schema(parameters=ARTICLE_FILTERS, responses=list_responses(ArticleSerializer)),
    retrieve=extend_schema(responses=detail_responses(ArticleDetailSerializer)),
)
class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Published stories, newest first, with the companies and deals they cover (by id)."""

    # The page cache keys on these only (and the rate limit counts only its misses).
    page_parameters = ("section", "tag", "company", "deal", "q", "language", "page", "page_size")

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    def get_queryset(self):
        articles = (
            Article.objects.published()
            .select_related("section")
            .prefetch_related(
                Prefetch("authors", queryset=Author.objects.only("name")),
                "tags",
                "companies",
                "deals",
            )  # fmt: skip
            .order_by("-published_at", "-pk")
        )
        if self.action != "list":
            return articles
        params = self.request.query_params
        language = params.get("language") or settings.LANGUAGE_CODE
        if language not in EDITIONS:
            raise ValidationError({"language": [f"One of: {', '.join(EDITIONS)}."]})
        articles = articles.filter(language=language)
        if params.get("section"):
            articles = articles.filter(section__slug=params["section"][:80])
        if params.get("tag"):
            articles = articles.filter(tags__slug=params["tag"][:100])
        for name, relation in (("company", "companies"), ("deal", "deals")):
            if params.get(name):
                if as_id(params[name]) is None:
                    raise ValidationError({name: ["Give the id of one record (a number)."]})
                articles = articles.filter(**{relation: as_id(params[name])})
        if params.get("q"):
            articles = articles.matching(params["q"])
        return articles
