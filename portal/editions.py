"""The site's editions: English at the root, 简体中文 under /zh/ (one site, two languages).

The edition comes from the URL alone, never from a cookie or the browser's
Accept-Language: caches and crawlers see one page per URL. `EditionMiddleware` activates
the edition's language for the request; `edition_patterns` prefixes the reader pages'
URLs with the edition's prefix, so `reverse()` and `{% url %}` give the current
edition's address.
"""

import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import URLResolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone, translation
from modeltranslation.utils import build_localized_fieldname


@dataclass(frozen=True)
class Edition:
    language: str  # Django's language code (settings.LANGUAGES)
    prefix: str  # the first segment of its URLs ("" at the root)
    lang: str  # BCP 47, for <html lang>, hreflang and inLanguage
    name: str  # in its own language, for the switch
    news_language: str  # <news:language> of the Google News sitemap
    time_zone: str = ""  # its readers' zone ("": the newsroom's, settings.TIME_ZONE)
    # How its pages write dates and times (`{{ value|edition_date:"long" }}`).
    formats: dict = field(default_factory=dict)


EDITIONS = {
    "en-gb": Edition(
        "en-gb", "", "en", "English", "en",
        formats={"date": "j M Y", "long": "j F Y", "month": "F Y", "datetime": "j F Y, H:i T"},
    ),
    "zh-hans": Edition(
        "zh-hans", "zh", "zh-Hans", "简体中文", "zh-cn", time_zone="Asia/Shanghai",
        formats={"date": "Y年n月j日", "long": "Y年n月j日", "month": "Y年n月",
                 "datetime": "Y年n月j日 H:i（北京时间）"},
    ),
}  # fmt: skip
BY_PREFIX = {edition.prefix: edition for edition in EDITIONS.values() if edition.prefix}


def localized(field):
    """The columns of a translated field, one per edition (`section__name` gives
    `section__name_en_gb` and `section__name_zh_hans`): what `.only()` must name across a
    relation for the field's words, and their fallback, to load with the row."""
    return [build_localized_fieldname(field, language) for language in EDITIONS]


def fill_missing(obj, language, words):
    """Write `words` ({field: text}) into `obj`'s columns of `language` that are still
    empty, and save it if any was (the demo's Chinese words; an editor's are kept)."""
    changed = [
        build_localized_fieldname(name, language)
        for name in words
        if not getattr(obj, build_localized_fieldname(name, language))
    ]
    for name in words:
        column = build_localized_fieldname(name, language)
        if column in changed:
            setattr(obj, column, words[name])
    if changed:
        obj.save()  # a full save: a company renders its description per language


def current():
    """The edition of the active language (the default one outside a request)."""
    return EDITIONS.get(translation.get_language(), EDITIONS[settings.LANGUAGE_CODE])


def from_path(path):
    """The edition a URL path belongs to: its first segment, or the default edition."""
    first = path.lstrip("/").split("/", 1)[0]
    return BY_PREFIX.get(first, EDITIONS[settings.LANGUAGE_CODE])


def counterpart_path(path, edition):
    """The same page's path in `edition` (a page of the same records under its prefix)."""
    own = from_path(path)
    rest = path.lstrip("/")
    if own.prefix:
        rest = rest[len(own.prefix) :].lstrip("/")
    return f"/{edition.prefix}/{rest}" if edition.prefix else f"/{rest}"


def front_page_path(edition):
    return f"/{edition.prefix}/" if edition.prefix else "/"


class EditionPrefixPattern(LocalePrefixPattern):
    """Django's language prefix, with each edition's own prefix (/zh/, not /zh-hans/)."""

    def __init__(self):
        super().__init__(prefix_default_language=False)

    @property
    def language_prefix(self):
        prefix = current().prefix
        return f"{prefix}/" if prefix else ""


def edition_patterns(*urls):
    """The URL patterns every edition has, under its prefix."""
    return [URLResolver(EditionPrefixPattern(), list(urls))]


class EditionMiddleware:
    """Activate the language and time zone of the URL's edition, and say the language in
    Content-Language.

    Unlike Django's LocaleMiddleware, it never looks at cookies or Accept-Language, so it
    adds no `Vary: Accept-Language` and never redirects: a URL is one page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        edition = from_path(request.path_info)
        translation.activate(edition.language)
        if edition.time_zone:
            timezone.activate(zoneinfo.ZoneInfo(edition.time_zone))
        request.LANGUAGE_CODE = edition.language
        request.edition = edition
        try:
            response = self.get_response(request)
        finally:  # a thread's next work (a task run in-process) starts in the default
            translation.activate(settings.LANGUAGE_CODE)
            timezone.deactivate()
        response.headers.setdefault("Content-Language", edition.lang)
        return response
