from django import template

register = template.Library()


@register.filter
def possibly_out_of_date(deal, today):
    """True when the deal's expected completion has passed without a review since."""
    return deal.is_possibly_out_of_date(today)
