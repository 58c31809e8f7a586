"""CSV and JSON exports that stay safe when opened in a spreadsheet and are never cut off.

An export is written in full to a temporary file before the answer starts (in memory up
to `SPOOL_MEMORY_BYTES`, then on disk), then sent with its Content-Length. A database
that fails at any point while the rows are read gives the designed 503 page, never a 200
whose file ends early; memory stays bounded however many rows there are.
"""

import csv
import json
import tempfile
from decimal import Decimal

import xlsxwriter
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise_cell(value):
    """Return `value` as CSV text that a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


SPOOL_MEMORY_BYTES = 4 * 1024 * 1024


def _spooled(chunks):
    """Return a temporary file holding all of `chunks` (text) in UTF-8, rewound."""
    file = tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES)  # noqa: SIM115 (returned open)
    try:
        for chunk in chunks:
            file.write(chunk.encode("utf-8"))
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


class _Echo:
    """A file-like object whose write() returns what it was given (for csv.writer)."""

    def write(self, value):
        return value


def csv_lines(header, rows):
    """The lines of a CSV of `rows` under `header` (formula-safe cells, UTF-8 BOM first)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # byte-order mark: spreadsheets then read the file as UTF-8
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([neutralise_cell(cell) for cell in row])


def csv_file(header, rows):
    """Return a temporary file holding the CSV of `rows`, rewound."""
    return _spooled(csv_lines(header, rows))


def csv_response(filename, header, rows):
    """Return a CSV download of `rows` (iterables of cells) under `header`."""
    return FileResponse(
        csv_file(header, rows), as_attachment=True, filename=filename, content_type=CSV_TYPE
    )


def xlsx_file(header, rows, *, sheet="Export"):
    """Return a temporary file holding an Excel workbook of `rows` under a bold
    `header`, every cell text, rewound.

    Text is never read as a formula, a number or a link (so '+212 600 ...' stays as
    typed, '=SUM(...)' is text, and no apostrophe is added). xlsxwriter's constant-memory
    mode writes each row out as it comes.
    """
    file = tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES)  # noqa: SIM115 (returned open)
    workbook = xlsxwriter.Workbook(file, {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False, "in_memory": False,
    })  # fmt: skip
    worksheet = workbook.add_worksheet(sheet)
    worksheet.write_row(0, 0, header, workbook.add_format({"bold": True}))
    for number, row in enumerate(rows, start=1):
        worksheet.write_row(number, 0, ["" if value is None else str(value) for value in row])
    workbook.close()
    file.seek(0)
    return file


def xlsx_response(filename, header, rows, *, sheet="Export"):
    """Return an Excel download of `rows` (see xlsx_file), sent with its length."""
    return FileResponse(
        xlsx_file(header, rows, sheet=sheet), as_attachment=True, filename=filename,
        content_type=XLSX_TYPE,
    )  # fmt: skip


class _DecimalAsStringEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return str(o)
        return super().default(o)


def json_array_response(filename, objects):
    """Return a JSON array of `objects` (dicts), written one item at a time."""

    def parts():
        yield "[\n"
        for index, item in enumerate(objects):
            yield ("" if index == 0 else ",\n") + json.dumps(
                item, cls=_DecimalAsStringEncoder, ensure_ascii=False
            )
        yield "\n]\n"

    return FileResponse(
        _spooled(parts()), filename=filename, content_type="application/json; charset=utf-8"
    )
