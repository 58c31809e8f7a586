"""Dates known only to a year, quarter, month or day, printed no more precisely than known."""

from datetime import date, timedelta

from django.db import models
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import editions


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


def format_partial_date(value, precision):
    """Return `value` as text at its precision: '29 March 2024', 'August 2000', 'Q3 2026'."""
    if value is None:
        return ""
    formats = editions.current().formats  # each edition writes dates its own way
    if precision == DatePrecision.YEAR:
        return gettext("%(year)s") % {"year": value.year}
    if precision == DatePrecision.QUARTER:
        quarter = (value.month - 1) // 3 + 1
        return gettext("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": value.year}
    if precision == DatePrecision.MONTH:
        return format_date(value, formats["month"])
    return format_date(value, formats["long"])


def iso_partial_date(value, precision):
    """Return `value` in ISO 8601 at its precision ('2000-08', '2026'), for data exports."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.QUARTER:
        return f"{value.year:04d}-Q{(value.month - 1) // 3 + 1}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def start_of_period(value, precision):
    """Return the first day of the period `value` falls in, so equal periods compare equal."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return date(value.year, 1, 1)
    if precision == DatePrecision.QUARTER:
        return date(value.year, 3 * ((value.month - 1) // 3) + 1, 1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def period_end(value, precision):
    """Return the last day of the period that starts on `value` (None stays None)."""
    if value is None:
        return None
    months = {DatePrecision.YEAR: 12, DatePrecision.QUARTER: 3, DatePrecision.MONTH: 1}
    if precision not in months:
        return value
    month = value.month - 1 + months[precision]
    return date(value.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
