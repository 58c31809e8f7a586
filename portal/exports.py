"""Streaming CSV and JSON exports that stay safe when opened in a spreadsheet."""

import csv
import json
from decimal import Decimal
from itertools import chain, islice

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """Return `value` as CSV text that a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _fetched(items):
    """Return `items` with its first item fetched now, inside the view.

    The query behind a streamed export then runs before the response starts: a database
    that cannot be reached gives the designed 503 page, not a 200 cut off after the
    header.
    """
    items = iter(items)
    return chain(list(islice(items, 1)), items)


class _Echo:
    """A file-like object whose write() returns what it was given (for csv.writer)."""

    def write(self, value):
        return value


def csv_response(filename, header, rows):
    """Return a streaming CSV download of `rows` (iterables of cells) under `header`."""
    writer = csv.writer(_Echo())
    rows = _fetched(rows)

    def stream():
        yield "\ufeff"  # byte-order mark: spreadsheets then read the file as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([neutralise_cell(cell) for cell in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _DecimalAsStringEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return str(o)
        return super().default(o)


def json_array_response(filename, objects):
    """Return a streaming JSON array of `objects` (dicts), one item at a time."""
    objects = _fetched(objects)

    def stream():
        yield "[\n"
        for index, item in enumerate(objects):
            yield ("" if index == 0 else ",\n") + json.dumps(
                item, cls=_DecimalAsStringEncoder, ensure_ascii=False
            )
        yield "\n]\n"

    response = StreamingHttpResponse(stream(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
