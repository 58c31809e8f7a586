from decimal import Decimal

from django import template

register = template.Library()

# Beyond this many decimals of millions/billions, the full figure is clearer.
MAX_SCALED_DECIMALS = 3


@register.filter
def compact_money(value, currency="USD"):
    """Format an amount as 'USD 297 million' or 'USD 1.95 billion', as precise as recorded.

    Nothing is rounded away: 1,950,000,000 is 'USD 1.95 billion', never 'USD 2 billion';
    a figure that needs more than three decimals of millions is printed in full.
    """
    if value is None or value == "":
        return ""
    value = Decimal(value)
    for size, word in [(Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")]:
        if abs(value) >= size:
            scaled = (value / size).normalize()
            if -scaled.as_tuple().exponent <= MAX_SCALED_DECIMALS:
                return f"{currency} {_plain(scaled)} {word}".strip()
            break
    return f"{currency} {_plain(value)}".strip()


@register.filter
def plain_number(value):
    """Format a Decimal without trailing zeros and with thousands separators: 50,000."""
    if value is None or value == "":
        return ""
    return _plain(Decimal(value))


def _plain(value):
    if value == value.to_integral():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"


def describe_usd(values):
    """Return USD totals in words, reported, capped and estimated apart (never added up).

    `values` has reported_usd, up_to_usd and estimate_usd (any may be None).
    """
    parts = []
    if values.get("reported_usd"):
        parts.append(f"{compact_money(values['reported_usd'])} reported")
    if values.get("up_to_usd"):
        parts.append(f"up to {compact_money(values['up_to_usd'])}")
    if values.get("estimate_usd"):
        parts.append(f"about {compact_money(values['estimate_usd'])} estimated")
    return " · ".join(parts) or "No amount disclosed"


register.filter("describe_usd", describe_usd)
