"""Dates known only to a year, quarter, month or day, printed no more precisely than known."""

from django.db import models
from django.utils.dateformat import format as format_date


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Year"


def format_partial_date(value, precision):
    """Return `value` as text at its precision: '29 March 2024', 'August 2000', 'Q3 2026'."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.QUARTER:
        return f"Q{(value.month - 1) // 3 + 1} {value.year}"
    if precision == DatePrecision.MONTH:
        return format_date(value, "F Y")
    return format_date(value, "j F Y")


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
