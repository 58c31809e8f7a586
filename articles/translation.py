"""The Chinese words of the newsroom's short texts (django-modeltranslation).

Each field named here gets a column per edition (`name_en_gb`, `name_zh_hans`) on the same
row; `obj.name` reads the current edition's, falling back to English where no Chinese
is written. Stories and reports are not here: each of their translations is its own
record with its own lifecycle (`Publishable.language` and `translation_key`).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Author, Image, Section, Tag


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ["name", "description"]


@register(Tag)
class TagTranslation(TranslationOptions):
    fields = ["name"]


@register(Author)
class AuthorTranslation(TranslationOptions):
    fields = ["job_title", "bio"]


@register(Image)
class ImageTranslation(TranslationOptions):
    fields = ["alt_text", "caption", "credit"]
