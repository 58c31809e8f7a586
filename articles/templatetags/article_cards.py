from django import template
from django.utils.safestring import mark_safe

from articles.cards import render_cards

register = template.Library()


@register.simple_tag
def article_cards(articles, variant="plain"):
    """Render a card per article, cached per article version: {% article_cards list "image" %}.

    `variant` is one of articles.cards.VARIANTS.
    """
    cards = render_cards((article, variant) for article in articles or ())
    return mark_safe("".join(cards))  # noqa: S308 - each card is rendered by its template
