"""The newsroom's models, one module per concern; import them from `articles.models`.

- `sections`: sections, tags and authors (where a story is filed, who wrote it)
- `images`: the image library, and rendering the story bodies that show its images
- `article`: the story, its tags, its QuerySet and its old slugs
- `newsroom`: corrections and updates, review comments, autosaves, daily reads
- `glossary`: how the Chinese edition writes names and terms (for translators)
- reports and events live in their own packages, `articles.reports` and
  `articles.events` (see their docstrings)

The publishing lifecycle stories and reports share is `portal.publishing`.
"""

from portal.models import private_storage  # noqa: F401 (named by migrations)

from ..events.models import Event, Speaker
from ..reports.models import Report, next_scheduled_report, report_file_name
from .article import (
    LISTING_FIELDS,
    Article,
    ArticleQuerySet,
    ArticleSlugRedirect,
    TaggedArticle,
    count_words,
    next_scheduled_publication,
    reading_minutes,
)
from .glossary import GlossaryEntry
from .images import Image, ImageQuerySet, render_body
from .newsroom import Autosave, DailyReads, ReviewComment, Revision, StaffNote
from .sections import Author, Section, Tag

__all__ = [
    "LISTING_FIELDS", "Article", "ArticleQuerySet", "ArticleSlugRedirect", "Author", "Autosave",
    "DailyReads", "Event", "GlossaryEntry", "Image", "ImageQuerySet", "Report", "ReviewComment",
    "Revision", "Section", "Speaker", "StaffNote", "Tag", "TaggedArticle", "count_words",
    "next_scheduled_publication", "next_scheduled_report", "reading_minutes", "render_body",
    "report_file_name",
]  # fmt: skip
