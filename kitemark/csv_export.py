"""CSV downloads that are safe to open in a spreadsheet.

A cell that starts with =, +, -, @, a tab or a carriage return can be read as a
formula by Excel, LibreOffice or Google Sheets ("CSV injection"). Every text
cell is checked and, if it starts with one of those, prefixed with a single
quote so the spreadsheet shows it as text. Numbers are written as numbers.

Shared by the staff console's reports and the celebration list's export, so it lives
with the project's shared utilities.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as it should go in a CSV cell, neutralised if it could be a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float | Decimal) and value >= 0:
        return value
    if isinstance(value, datetime):
        text = (timezone.localtime(value) if value.tzinfo else value).strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_rows(header, rows):
    """The CSV text for `header` and `rows` (iterables of cells)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def csv_response(filename, header, rows):
    """An attachment download. A UTF-8 byte order mark lets Excel read accents correctly."""
    response = HttpResponse(
        "\ufeff" + write_rows(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
