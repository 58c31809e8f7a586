"""The translation desk's checks: the figures of a source a translation does not give,
and the glossary's names (what changed in the source since: portal.publishing.history).

Figures are compared by value, so "USD 297 million" in English and "2.97亿美元" in
Chinese are the same figure, as are "50,000 t/yr" and "5万吨/年", "2,500" and "2500".
"""

import re
from decimal import Decimal, InvalidOperation

from .models import GlossaryEntry

LINK_TARGETS = re.compile(r"\]\([^)]*\)|https?://\S+|!\[[^\]]*\]")
ENGLISH_SCALES = {"thousand": 3, "million": 6, "mn": 6, "billion": 9, "bn": 9,
                  "trillion": 12}  # fmt: skip
ENGLISH_FIGURE = re.compile(
    r"(?<![0-9A-Za-z.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(thousand|million|billion|trillion|bn|mn)\b)?",
    re.IGNORECASE,
)
CHINESE_SCALES = {"千": 3, "万": 4, "亿": 8, "万亿": 12}
CHINESE_FIGURE = re.compile(
    r"(?<![0-9A-Za-z.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(万亿|亿|万|千)?"
)


def _value(number, exponent):
    try:
        value = Decimal(number.replace(",", "")).scaleb(exponent)
    except InvalidOperation:
        return None
    return value.normalize()


def figures(text, language):
    """{value: as written} of the figures of `text` (amounts, capacities, years, days,
    percentages; not whole numbers under ten), in `language`'s way of writing large
    numbers."""
    text = LINK_TARGETS.sub(" ", text or "")
    found = {}
    if language.startswith("zh"):
        for match in CHINESE_FIGURE.finditer(text):
            value = _value(match.group(1), CHINESE_SCALES.get(match.group(2) or "", 0))
            found.setdefault(value, match.group(0).strip())
    else:
        for match in ENGLISH_FIGURE.finditer(text):
            scale = ENGLISH_SCALES.get((match.group(2) or "").lower(), 0)
            found.setdefault(_value(match.group(1), scale), match.group(0).strip())
    found.pop(None, None)
    # Whole numbers under ten are list items, phases and ordinals more than figures.
    return {value: text for value, text in found.items() if value >= 10 or value % 1}


def missing_figures(source_text, source_language, translation_text, translation_language):
    """The figures of the source (as written there) that the translation does not give."""
    given = figures(translation_text, translation_language)
    return [
        written
        for value, written in figures(source_text, source_language).items()
        if value not in given
    ]


def glossary_rows(source_text, translation_text):
    """[(entry, whether the translation writes it as the entry says, or None where that
    is not required)] for the glossary entries the source uses."""
    return [
        (entry, entry.is_written_in(translation_text) if entry.kind in entry.NAMES else None)
        for entry in GlossaryEntry.objects.all().found_in(source_text)
    ]


def checks(source, translation):
    """Warnings about `translation` of `source`: figures it does not give, and names it
    writes otherwise than the glossary."""
    warnings = []
    source_text, translation_text = source.translated_words(), translation.translated_words()
    missing = missing_figures(source_text, source.language, translation_text, translation.language)
    if missing:
        warnings.append(
            "Figures of the English source not found in this translation: "
            + ", ".join(missing) + ". Check the amounts, capacities and dates."
        )  # fmt: skip
    for entry, written in glossary_rows(source_text, translation_text):
        if written is False:
            warnings.append(
                f"The source names {entry.english}: the glossary writes it “{entry.chinese}”, "
                "which this translation does not use."
            )
    return warnings
