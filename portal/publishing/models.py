"""The publishing lifecycle's model and QuerySet (see the package's docstring)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
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
        """What `user` may see in the newsroom: everything for those who may publish; a
        writer's own; and for a translator, the versions in their languages and the
        English ones past the draft (what they translate from): the admin's lists,
        previews and files."""
        from portal.roles import translator_languages

        if user.has_perm(self.model.publish_permission()):
            return self
        visible = Q(pk__in=self.by(user).values("pk"))
        languages = translator_languages(user)
        if languages:
            visible |= Q(language__in=languages) | (
                Q(language=settings.LANGUAGE_CODE) & ~Q(status=Status.DRAFT)
            )
        return self.filter(visible)

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

    def to_update(self, language=None):
        """Translations whose source's words changed since they were last brought in
        line with it (in `language`, or every one), the longest waiting first."""
        waiting = self.filter(source_changed_at__isnull=False)
        if language is not None:
            waiting = waiting.filter(language=language)
        return waiting.order_by("source_changed_at", "pk")

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
    # A version in another edition than the English one is a translation of the English
    # one, its source: when it was last brought in line with the source (the source's
    # history as of then is what it was made from), since when the source's words have
    # changed after that (None: in line), and whether a change was a correction.
    source_synced_at = models.DateTimeField(
        "in line with its source since", null=True, blank=True, editable=False
    )
    source_changed_at = models.DateTimeField(
        "source changed since", null=True, blank=True, editable=False
    )
    source_correction = models.BooleanField("source corrected since", default=False, editable=False)

    # The words a translation translates (a subclass names them): a change of one of
    # them in the source puts its translations in "Translations to update".
    TRANSLATED_FIELDS = ()

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
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(self.TRANSLATED_FIELDS):
            self._tell_translations_if_words_change()
        super().save(*args, **kwargs)

    def _tell_translations_if_words_change(self):
        """Before a source is saved: if its translated words differ from the stored
        ones, its translations in line until now wait for an update from now on (one
        UPDATE, which compares in the database)."""
        if self.pk is None or self.language != settings.LANGUAGE_CODE or not self.TRANSLATED_FIELDS:
            return
        stored = {name: getattr(self, name) for name in self.TRANSLATED_FIELDS}
        words_change = type(self).objects.filter(pk=self.pk).exclude(**stored)
        self.translations().filter(source_changed_at__isnull=True).filter(
            Exists(words_change)
        ).update(source_changed_at=timezone.now())

    def tell_translations_of_a_correction(self):
        """A correction of the source was published: its translations wait for an update
        and say the change was a correction."""
        if self.language != settings.LANGUAGE_CODE:
            return
        now = timezone.now()
        self.translations().filter(source_changed_at__isnull=True).update(source_changed_at=now)
        self.translations().update(source_correction=True)

    def source(self):
        """The English version it translates (any state), or None (it is the source, or
        has none)."""
        if self.language == settings.LANGUAGE_CODE:
            return None
        return self.translations().filter(language=settings.LANGUAGE_CODE).first()

    def source_as_translated(self, source=None):
        """The source as it was when this translation was last brought in line with it
        (from the source's history), or None where the history has no record of then."""
        source = source or self.source()
        if source is None or self.source_synced_at is None:
            return None
        record = source.history.filter(history_date__lte=self.source_synced_at).first()
        return record.instance if record else None

    def source_changes(self):
        """[(field, then, now)] of the source's translated words that changed since this
        translation was last brought in line (empty when in line or unknown)."""
        source = self.source()
        then = self.source_as_translated(source)
        if then is None or self.source_changed_at is None:
            return []
        return [
            (source._meta.get_field(name), getattr(then, name), getattr(source, name))
            for name in self.TRANSLATED_FIELDS
            if getattr(then, name) != getattr(source, name)
        ]

    def translated_words(self):
        """Its words a translation translates, as one text (for the checks)."""
        return "\n\n".join(str(getattr(self, name) or "") for name in self.TRANSLATED_FIELDS)

    def mark_in_line_with_source(self):
        """This translation now says what its source says (saved by the caller, so the
        history records who and when)."""
        self.source_synced_at = timezone.now()
        self.source_changed_at = None
        self.source_correction = False

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
                  "updated_at", "search_vector", "revised_at", "source_synced_at",
                  "source_changed_at", "source_correction"}  # fmt: skip

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
        in_line_since = timezone.now() if self.language == settings.LANGUAGE_CODE else None
        version = type(self).objects.create(
            **fields, slug=f"{self.slug[: 200 - len(suffix) - 1]}-{suffix}", language=language,
            status=Status.DRAFT, created_by=user, source_synced_at=in_line_since,
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
