from django import template
from django.conf import settings
from django.template.defaultfilters import date, truncatechars, truncatewords
from django.utils.safestring import mark_safe

from portal import chinese, editions

register = template.Library()


@register.filter(expects_localtime=True)
def edition_date(value, kind="date"):
    """A date or time as the current edition writes it: "date" (3 Dec 2026 /
    2026年12月3日), "long" (3 December 2026) or "datetime" (with the time and zone)."""
    return date(value, editions.current().formats[kind])


@register.filter
def lang_attr(name):
    """` lang="en"` for a name in Latin letters on a page of an edition whose language
    does not write them (an English company name in Chinese text), else nothing: screen
    readers then read it in the right voice. For the element that holds the name."""
    edition = editions.current()
    if edition.language == settings.LANGUAGE_CODE or not name or chinese.has_chinese(str(name)):
        return ""
    if not any(char.isalpha() for char in str(name)):
        return ""
    return mark_safe(' lang="en"')  # noqa: S308 - a constant


@register.filter
def edition_truncate(value, words):
    """Shorten `value` to about `words` words: by words where the edition's language
    spaces them, by characters (about three a word) in Chinese, which has no spaces."""
    if editions.current().language == "zh-hans":
        return truncatechars(value, int(words) * 3)
    return truncatewords(value, words)


@register.inclusion_tag("components/edition_switch.html", takes_context=True)
def edition_switch(context):
    """Links to this page in the other editions, or to their front pages (saying so)
    where the page has no version there."""
    return {"links": _other_editions(context)}


@register.inclusion_tag("components/edition_offer.html", takes_context=True)
def edition_offer(context):
    """A one-line offer of this page in another edition, in that edition's words, hidden:
    site.js shows it to a reader whose browser prefers that language (the page itself is
    the same for everyone, so caches keep one copy and nothing redirects)."""
    return {"offers": [link for link in _other_editions(context) if not link["missing"]]}


def _other_editions(context):
    """[{edition, url, missing}] of this page in the other editions."""
    request, page_meta = context.get("request"), context.get("page_meta")
    here = editions.current()
    paths = page_meta.edition_paths if page_meta else {}
    if not paths and request is not None and getattr(request, "resolver_match", None):
        paths = {language: editions.counterpart_path(request.path, edition)
                 for language, edition in editions.EDITIONS.items()}  # fmt: skip
    links = []
    for language, edition in editions.EDITIONS.items():
        if edition == here:
            continue
        path = paths.get(language)
        links.append({
            "edition": edition,
            "url": path or editions.front_page_path(edition),
            "missing": path is None,
        })  # fmt: skip
    return links
