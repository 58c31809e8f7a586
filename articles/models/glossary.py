"""The translators' glossary: how the Chinese edition writes the names and terms the
English stories use (BTR → 贝特瑞, anode material → 负极材料), kept by editors in one
place. The translation form shows the entries a source uses, and flags a translation
that does not write a company's or a segment's name as its entry says."""

import re

from django.db import models

from portal.models import TimeStampedModel


class GlossaryQuerySet(models.QuerySet):
    def found_in(self, text):
        """The entries whose English name (or another of their English names) `text`
        uses, as whole words, in the order of the glossary."""
        return [entry for entry in self if entry.pattern().search(text or "")]


class GlossaryEntry(TimeStampedModel):
    class Kind(models.TextChoices):
        COMPANY = "company", "Company"
        SEGMENT = "segment", "Segment"
        TERM = "term", "Term"

    # Kinds whose Chinese must be written as the entry says (a term may be rephrased).
    NAMES = {Kind.COMPANY, Kind.SEGMENT}

    english = models.CharField(
        max_length=200, unique=True, help_text="As the English stories write it."
    )
    other_names = models.CharField(
        max_length=300, blank=True,
        help_text="Other English names or abbreviations it goes by, separated by commas "
        "(BTR, BTR Group).",
    )  # fmt: skip
    chinese = models.CharField(max_length=200, help_text="As the Chinese edition writes it.")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.TERM)
    note = models.CharField(max_length=300, blank=True, help_text="For translators.")

    objects = GlossaryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "english"]
        verbose_name = "glossary entry"
        verbose_name_plural = "glossary"

    def __str__(self):
        return f"{self.english} → {self.chinese}"

    def names(self):
        others = [name.strip() for name in self.other_names.split(",") if name.strip()]
        return [self.english, *others]

    def pattern(self):
        """A regular expression matching any of its English names as whole words."""
        alternatives = "|".join(re.escape(name) for name in sorted(self.names(), key=len)[::-1])
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)

    def is_written_in(self, chinese_text):
        return self.chinese in (chinese_text or "")
