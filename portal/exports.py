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

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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


def csv_response(filename, header, rows):
    """Return a CSV download of `rows` (iterables of cells) under `header`."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # byte-order mark: spreadsheets then read the file as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([neutralise_cell(cell) for cell in row])

    return FileResponse(
        _spooled(lines()), as_attachment=True, filename=filename,
        content_type="text/csv; charset=utf-8",
    )  # fmt: skip


def xlsx_response(filename, header, rows, *, sheet="Export"):
    """Return an Excel workbook of `rows` under a bold `header`, every cell typed text.

    Text cells are never read as formulas (so no apostrophe is added to '+212 ...' or
    '=SUM(...)'). openpyxl's write-only mode keeps one row in memory at a time; the
    finished file is sent with its length, as CSVs are.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    bold = Font(bold=True)

    def text_cell(value, font=None):
        cell = WriteOnlyCell(worksheet, value="" if value is None else str(value))
        cell.data_type = "s"  # text, even when it starts with "=", "+", "-" or "@"
        if font is not None:
            cell.font = font
        return cell

    worksheet.append([text_cell(name, bold) for name in header])
    for row in rows:
        worksheet.append([text_cell(value) for value in row])
    file = tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES)  # noqa: SIM115 (returned open)
    workbook.save(file)
    file.seek(0)
    return FileResponse(
        file, as_attachment=True, filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
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
