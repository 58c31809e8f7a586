from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def compact_money(value, currency="USD"):
    """Format an amount as 'USD 297 million' or 'USD 1.2 billion'."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    for size, word in [(Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")]:
        if abs(value) >= size:
            number = (value / size).quantize(Decimal("0.1"))
            text = f"{number:,}".rstrip("0").rstrip(".")
            return f"{currency} {text} {word}".strip()
    return f"{currency} {value:,.0f}".strip()


@register.filter
def plain_number(value):
    """Format a Decimal without trailing zeros and with thousands separators: 50,000."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if value == value.to_integral():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"
