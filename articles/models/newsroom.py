"""What the newsroom keeps about its stories: corrections and updates, review comments,
autosaved text, and how many readers opened each story per day."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from .article import Article


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
            if self.kind == self.Kind.CORRECTION:
                self.article.tell_translations_of_a_correction()

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
