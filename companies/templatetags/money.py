from decimal import Decimal

from django import template
from django.utils.translation import gettext

from portal import editions

register = template.Library()

# Beyond this many decimals of millions/billions, the full figure is clearer.
MAX_SCALED_DECIMALS = 3
# How each edition writes large figures: its units, largest first, and where the
# currency goes. Chinese counts in 万 (10^4) and 亿 (10^8) and names the currency after
# the figure (2.97亿美元); the figures themselves are the same in both.
LARGE_UNITS = {
    "en-gb": [(Decimal(10) ** 9, " billion"), (Decimal(10) ** 6, " million")],
    "zh-hans": [(Decimal(10) ** 12, "万亿"), (Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")],
}
CHINESE_CURRENCIES = {"USD": "美元", "EUR": "欧元", "GBP": "英镑", "CNY": "元人民币",
                      "MAD": "迪拉姆", "IDR": "印尼盾", "JPY": "日元", "KRW": "韩元"}  # fmt: skip


def _scaled(value):
    """`value` in the current edition's largest unit that keeps it exact to three
    decimals ("297 million", "2.97亿"), or in full."""
    for size, word in LARGE_UNITS.get(editions.current().language, LARGE_UNITS["en-gb"]):
        if abs(value) >= size:
            scaled = (value / size).normalize()
            if -scaled.as_tuple().exponent <= MAX_SCALED_DECIMALS:
                return f"{_plain(scaled)}{word}"
            break
    return _plain(value)


@register.filter
def compact_money(value, currency="USD"):
    """Format an amount as 'USD 297 million' or 'USD 1.95 billion', as precise as recorded.

    Nothing is rounded away: 1,950,000,000 is 'USD 1.95 billion', never 'USD 2 billion';
    a figure that needs more than three decimals of millions is printed in full.
    """
    if value is None or value == "":
        return ""
    figure = _scaled(Decimal(value))
    if editions.current().language == "zh-hans" and currency:
        return f"{figure}{CHINESE_CURRENCIES.get(currency, ' ' + currency)}"
    return f"{currency} {figure}".strip()


@register.filter
def exact_money(value, currency="USD"):
    """An amount to the unit: "USD 297,000,000" (English), "2.97亿美元" (Chinese, whose
    units keep every recorded digit)."""
    if value is None or value == "":
        return ""
    if editions.current().language == "zh-hans":
        return compact_money(value, currency)
    return f"{currency} {_plain(Decimal(value))}".strip()


@register.filter
def quantity(value, unit=""):
    """A capacity or count with its unit as the edition writes it: "50,000 t/yr",
    "5万吨/年" (`unit` is the unit's translated label)."""
    if value is None or value == "":
        return ""
    figure = _scaled(Decimal(value)) if editions.current().language == "zh-hans" else None
    if figure is None:
        return f"{_plain(Decimal(value))} {unit}".strip()
    return f"{figure}{unit}"


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
        parts.append(
            gettext("%(amount)s reported") % {"amount": compact_money(values["reported_usd"])}
        )
    if values.get("up_to_usd"):
        parts.append(gettext("up to %(amount)s") % {"amount": compact_money(values["up_to_usd"])})
    if values.get("estimate_usd"):
        amount = compact_money(values["estimate_usd"])
        parts.append(gettext("about %(amount)s estimated") % {"amount": amount})
    return " · ".join(parts) or gettext("No amount disclosed")


register.filter("describe_usd", describe_usd)
