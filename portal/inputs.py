"""Reading what a stranger may send: ids and dates from query strings and forms.

Python's own checks accept more than the portal can use: `str.isdigit()` is true for
'²' and '١', which `int()` then refuses, and a date at the calendar's end (9999-12-31)
is valid until one more day is added to it. Every id or date read from a request goes
through these.
"""

import re
from datetime import date

from django import forms

ID = re.compile(r"[0-9]{1,18}")
# Dates a reader or a sales person may ask about; the end leaves room for "the day after".
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)


def as_id(value):
    """Return `value` as a positive database id (ASCII digits, at most 18), or None."""
    value = str(value if value is not None else "").strip()
    return int(value) if ID.fullmatch(value) else None


class DateField(forms.DateField):
    """A date field that refuses dates before 1900 or after 2999 (as it refuses
    '2024-02-30'): nothing downstream then has to add or subtract days with care."""

    default_error_messages = {
        "out_of_range": "Enter a date between %(earliest)s and %(latest)s.",
    }

    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"earliest": EARLIEST_DATE.year, "latest": LATEST_DATE.year},
            )
