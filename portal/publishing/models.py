"""The publishing lifecycle's model and QuerySet (see the package's docstring)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from portal.models import TimeStampedModel


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"


# What the newsroom sees: status and time together ("published" means live).
STATES = {"draft": "Draft", "review": "In review", "scheduled": "Scheduled",
          "published": "Published"}  # fmt: skip


def version_field(language):
    """The annotation of `with_versions()` that holds the slug of the `language` version."""
    return "version_" + language.replace("-", "_")


class PublishableQuerySet(models.QuerySet):
    """One method per state: every "may a reader see it" question is asked here."""

    def published(self):
        """What readers may see now: published, with a time not in the future."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Published with a time still to come, soonest first."""
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now()).order_by(
            "published_at"
        )

    def in_review(self):
        """Waiting for an editor's review, oldest request first."""
        return self.filter(status=Status.REVIEW).order_by("updated_at")

    def drafts(self):
        """Still being written."""
        return self.filter(status=Status.DRAFT)

    def in_state(self, state):
        """One of the states of `STATES` (as the list filter offers them); an unknown
        state selects nothing."""
        methods = {"draft": self.drafts, "review": self.in_review,
                   "scheduled": self.scheduled, "published": self.published}  # fmt: skip
        return methods[state]() if state in methods else self.none()

    def shown_to_readers(self):
        """Live or scheduled: content whose changes change the site, now or at its time."""
        return self.filter(status=Status.PUBLISHED)

    def by(self, user):
        """What `user` started (a writer's own)."""
        return self.filter(created_by=user)

    def visible_to(self, user):
        """What `user` may see in the newsroom: everything for those who may publish, a
        writer's own otherwise (the admin's lists, previews and files)."""
        if user.has_perm(self.model.publish_permission()):
            return self
        return self.filter(pk__in=self.by(user).values("pk"))

    def in_edition(self, language=None):
        """What is written in the edition's language (the current edition's by default):
        every reader page asks for `published().in_edition()`."""
        from portal import editions

        return self.filter(language=language or editions.current().language)

    def with_versions(self):
        """Annotate each item with the slug of its published version in every edition
        (`version_en_gb`, `version_zh_hans`; None where there is none), in the same
        query: what hreflang, the language switch and the sitemaps need."""
        from portal import editions

        same_group = self.model.objects.published().filter(
            translation_key=OuterRef("translation_key")
        )
        slugs = {
            version_field(language): same_group.filter(language=language).values("slug")[:1]
            for language in editions.EDITIONS
        }
        return self.annotate(**{field: Subquery(slug) for field, slug in slugs.items()})

    def next_publication_time(self):
        """When the next scheduled item goes live (or None): a change of content."""
        return self.scheduled().values_list("published_at", flat=True).first()


class Publishable(TimeStampedModel):
    """Content with the newsroom's lifecycle: draft, review, published (or scheduled).

    A subclass declares the permission `publish_<model name>` in its Meta (which
    subclasses `Publishable.Meta`, to keep the ordering and the constraint).
    """

    Status = Status
    STATES = STATES

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=False
    )
    published_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When readers may first see it. A future time schedules it: it goes live "
        "by itself at that time.",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+", help_text="Who started it.",
    )  # fmt: skip
    # Its edition, and the key it shares with its versions in the other editions (each
    # version has its own words, status, time, review and history: Wagtail's model).
    language = models.CharField(
        max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text="The edition it appears in.",
    )  # fmt: skip
    translation_key = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="%(class)s_published_has_time",
            ),
            models.UniqueConstraint(
                fields=["translation_key", "language"], name="%(class)s_one_per_language"
            ),
        ]

    @classmethod
    def publish_permission(cls):
        """The permission that publishes, schedules, sends back and unpublishes."""
        return f"{cls._meta.app_label}.publish_{cls._meta.model_name}"

    def clean(self):
        super().clean()
        self._publishing_sets_a_time()  # before the constraint is validated

    def save(self, *args, **kwargs):
        self._publishing_sets_a_time()
        super().save(*args, **kwargs)

    def _publishing_sets_a_time(self):
        """Publishing without a time means "now"."""
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def translations(self):
        """Its versions in the other editions (any state)."""
        return type(self).objects.filter(translation_key=self.translation_key).exclude(pk=self.pk)

    @property
    def edition(self):
        """The edition it appears in (portal.editions)."""
        from portal import editions

        return editions.EDITIONS[self.language]

    def edition_paths(self):
        """{language: path} of it and of its published versions in the other editions
        (hreflang and the language switch): from `with_versions()` where the item was
        loaded with it, else one query."""
        from portal import editions

        fields = [version_field(language) for language in editions.EDITIONS]
        if all(hasattr(self, field) for field in fields):
            slugs = {
                lang: getattr(self, f) for lang, f in zip(editions.EDITIONS, fields, strict=True)
            }
        else:
            versions = self.translations().published().values_list("language", "slug")
            slugs = dict(versions)
        slugs[self.language] = self.slug
        return {language: type(self)(slug=slug, language=language).get_absolute_url()
                for language, slug in slugs.items() if slug}  # fmt: skip

    # Never copied into a new version: its identity, its lifecycle and derived columns.
    NOT_COPIED = {"id", "slug", "language", "status", "published_at", "created_by", "created_at",
                  "updated_at", "search_vector", "revised_at"}  # fmt: skip

    def start_version(self, language, user=None):
        """A draft of its version in `language` (its own record, sharing the translation
        key), starting from its words to translate and its links; the slug gets the
        edition's prefix as a suffix. Returns None if that version exists already."""
        from portal import editions

        if self.translations().filter(language=language).exists() or language == self.language:
            return None
        fields = {
            field.attname: getattr(self, field.attname)
            for field in self._meta.concrete_fields
            if field.name not in self.NOT_COPIED and not field.auto_created
        }
        suffix = editions.EDITIONS[language].prefix or "en"
        version = type(self).objects.create(
            **fields, slug=f"{self.slug[: 200 - len(suffix) - 1]}-{suffix}", language=language,
            status=Status.DRAFT, created_by=user,
        )  # fmt: skip
        for field in self._meta.many_to_many:
            getattr(version, field.name).set(getattr(self, field.name).all())
        return version

    def translation(self, language, queryset=None):
        """Its version in `language` that `queryset` holds (published ones by default),
        or None."""
        if language == self.language:
            return self
        queryset = type(self).objects.published() if queryset is None else queryset
        return queryset.filter(translation_key=self.translation_key, language=language).first()

    def is_by(self, user):
        """Whether `user` started it (a writer's own)."""
        return self.created_by_id is not None and self.created_by_id == user.pk

    @property
    def is_published(self):
        """Whether readers see it now or once its time comes (`shown_to_readers()`)."""
        return self.status == Status.PUBLISHED and self.published_at is not None

    # Whether readers see it now or once its time comes: its changes change the site.
    shows_to_readers = is_published

    @property
    def is_live(self):
        """Whether readers can see it now (what `published()` selects)."""
        return self.is_published and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        """Whether it is published with a time still to come (what `scheduled()` selects)."""
        return self.is_published and self.published_at > timezone.now()

    @property
    def state(self):
        if self.is_scheduled:
            return "scheduled"
        if self.is_live:
            return "published"
        return "review" if self.status == Status.REVIEW else "draft"

    def get_state_display(self):
        return STATES[self.state]
