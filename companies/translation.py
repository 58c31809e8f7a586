"""The Chinese words of companies, deals and segments (django-modeltranslation).

One record of each fact, two sets of words: figures, dates, currencies, coordinates and
sources have one column; the words about them have one per edition (`summary_en_gb`,
`summary_zh_hans`), and `obj.summary` reads the current edition's, falling back to
English where no Chinese is written.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Company, CompanyFact, Deal, DealPhase, DealStatusChange, Segment


@register(Segment)
class SegmentTranslation(TranslationOptions):
    fields = ["name"]


@register(Company)
class CompanyTranslation(TranslationOptions):
    fields = ["name", "legal_name", "city", "stock_exchange", "logo_alt", "summary",
              "description", "description_html"]  # fmt: skip


@register(CompanyFact)
class CompanyFactTranslation(TranslationOptions):
    fields = ["label", "value"]


@register(Deal)
class DealTranslation(TranslationOptions):
    fields = ["title", "chemistry", "summary", "editor_note", "region", "site_name"]


@register(DealPhase)
class DealPhaseTranslation(TranslationOptions):
    fields = ["note"]


@register(DealStatusChange)
class DealStatusChangeTranslation(TranslationOptions):
    fields = ["note"]
