"""What the pages that choose stories show, as article versions (ids and times) that
the page's cards are then rendered from (articles.cards). Kept above the models: the
model layer knows nothing of cards or caches."""

from .cards import versions
from .models import Article, Section


def front_page(latest=4, per_section=3):
    """Return the front page's (lead, latest, section blocks) as article versions.

    The lead is the newest featured story, or else the newest story; the blocks are
    [(section, versions)] in section order, each section a dict (pk, name, slug, url),
    holding the newest stories of the section that are neither the lead nor among the
    latest: each story appears once on the page.
    """
    live = Article.objects.published().in_edition().for_listing()
    lead = live.filter(is_featured=True).first()
    newest = list(live.exclude(pk=getattr(lead, "pk", None))[: latest + 1])
    if lead is None and newest:
        lead = newest.pop(0)
    newest = newest[:latest]
    shown = [article.pk for article in [lead, *newest] if article is not None]
    sections = [
        {"pk": s.pk, "name": s.name, "slug": s.slug, "url": s.get_absolute_url()}
        for s in Section.objects.only("name", "slug")
    ]
    by_section = {}
    rest = live.exclude(pk__in=shown)
    for article in rest.latest_per_section(per_section, [s["pk"] for s in sections]):
        by_section.setdefault(article.section_id, []).append(article)
    blocks = [
        (section, versions(sorted(by_section[section["pk"]], key=_newest_first)))
        for section in sections
        if section["pk"] in by_section
    ]
    return (versions([lead])[0] if lead else None), versions(newest), blocks


def _newest_first(article):
    return (-article.published_at.timestamp(), -article.pk)
