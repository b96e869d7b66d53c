"""Numbers and dates from outside: ids in a path, pages and years in a query string, form
fields, JSON bodies. Each is parsed here, within the range the database and the calendar
can hold, so that a huge, negative or malformed value is a 404, a page's default or a
message next to the field, never a server error.

Why a range at all: Python's integers have no limit, the database's do. A number past
them reaches the driver and fails there (SQLite: "Python int too large to convert to
SQLite INTEGER"; an OFFSET that large: "datatype mismatch"), and a date near the
calendar's ends fails when a duration, a time zone or a year is added to it.

- Paths: `<id:name>` (IdConverter, registered in kitemark/urls.py) instead of `<int:…>`.
- Query strings: `parse_id`, `page_number`, `parse_year`; django-tables2 pages through
  `RequestConfig`.
- Forms: every form of the project (kitemark.forms) bounds its integer and date fields
  with `bound_field`, and chooses several objects with `ModelMultipleChoiceField`.
- JSON bodies: `json_object`, then a form on the dict it returns.
"""

import json
import math
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage
from django_tables2 import RequestConfig as TablesRequestConfig

# SQLite's INTEGER and PostgreSQL's bigint (every id here is a BigAutoField) are both
# 64-bit signed integers.
DATABASE_INTEGER_MIN = -(2**63)
DATABASE_INTEGER_MAX = 2**63 - 1

# The years a date typed anywhere in the service falls in (a cycle, an interview, the
# celebration, a search of the audit log), and the years of the celebration's pages. Far
# from the calendar's ends (years 1 and 9999), so that adding a duration, a time zone or
# a year to such a date is always a date; wide enough for any real use.
FIRST_YEAR = 2000
LAST_YEAR = 2100
FIRST_DATE = date(FIRST_YEAR, 1, 1)
LAST_DATE = date(LAST_YEAR, 12, 31)
DATE_RANGE_MESSAGE = f"Enter a date between {FIRST_YEAR} and {LAST_YEAR}."

# No list has this many pages; a larger number shows the last page, as Django's
# Paginator.get_page does for any page past the end.
LAST_PAGE = 1_000_000
MAX_PER_PAGE = 100


def _whole_number(value):
    """The whole number `value` spells (an int, or up to 30 ASCII digits with an
    optional sign and surrounding spaces), or None: never a bool, a float, or a string
    such as "1e3", "1_000", "½" or "٣"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    digits = text[1:] if text[:1] in "+-" else text
    # str.isdigit() is also true of "²" and other digits; int() reads "٣". ASCII only.
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 30:
        return None
    return int(text)


def parse_int(value, *, minimum=DATABASE_INTEGER_MIN, maximum=DATABASE_INTEGER_MAX):
    """The whole number `value` spells, if it lies in [minimum, maximum]; otherwise None."""
    number = _whole_number(value)
    if number is None or not minimum <= number <= maximum:
        return None
    return number


def parse_id(value):
    """A row's id (1 to the database's largest integer), or None."""
    return parse_int(value, minimum=1)


def page_number(value):
    """The page a list is asked for: 1 unless `value` is a page number; a number past
    LAST_PAGE is LAST_PAGE (the paginator then shows its last page)."""
    number = _whole_number(value)
    if number is None or number < 1:
        return 1
    return min(number, LAST_PAGE)


def parse_year(value):
    """A year the service serves (FIRST_YEAR to LAST_YEAR), or None."""
    return parse_int(value, minimum=FIRST_YEAR, maximum=LAST_YEAR)


class IdConverter:
    """`<id:pk>`: digits that are a row's id. Anything else (0, or past the database's
    largest integer) does not match, so the answer is a 404 before any view runs."""

    regex = "[0-9]+"

    def to_python(self, value):
        number = parse_id(value)
        if number is None:
            raise ValueError(f"{value!r} is not an id")
        return number

    def to_url(self, value):
        return str(value)


# --- Forms ---------------------------------------------------------------------------


def validate_database_integer(value):
    if not DATABASE_INTEGER_MIN <= value <= DATABASE_INTEGER_MAX:
        raise ValidationError("Enter a smaller number.", code="out_of_range")


def validate_date_in_range(value):
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_out_of_range")


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, except that a value that cannot be an id is refused before the query:
    Django filters `pk__in` with it, and the database driver fails on a number past its
    largest integer."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk" and self.queryset.model._meta.pk.get_internal_type().endswith("AutoField"):
            try:
                values = frozenset(value)
            except TypeError:
                raise ValidationError(
                    self.error_messages["invalid_list"], code="invalid_list"
                ) from None
            for pk in values:
                if parse_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


def bound_field(field):
    """Keep a form field's values within what the database and the calendar hold (see
    the module's docstring). Called by every form of the project for each of its fields;
    refuses a field that cannot be kept in range."""
    if type(field) is forms.ModelMultipleChoiceField:
        raise TypeError(
            "Use kitemark.inputs.ModelMultipleChoiceField: Django's sends ids of any size "
            "to the database."
        )
    if isinstance(field, forms.IntegerField) and validate_database_integer not in field.validators:
        field.validators.append(validate_database_integer)
    if (
        isinstance(field, forms.DateField | forms.DateTimeField)
        and validate_date_in_range not in field.validators
    ):
        field.validators.append(validate_date_in_range)


# --- Lists -----------------------------------------------------------------------------


class RequestConfig(TablesRequestConfig):
    """django-tables2's RequestConfig, with ?page= and ?per_page= read through
    page_number and parse_int, and ?sort= through the table's column names. The library
    reads the numbers with a bare int(), and its LazyPaginator sends any page number to
    the database as an OFFSET."""

    def configure(self, table):
        table.request = self.request
        # Only the names of the table's columns (the library would read any other text as
        # a path of attributes first, and then drop it).
        order_by = [
            name
            for name in self.request.GET.getlist(table.prefixed_order_by_field)
            if name.removeprefix("-") in table.columns
        ]
        if order_by:
            table.order_by = order_by
        if not self.paginate:
            return table
        options = dict(self.paginate) if hasattr(self.paginate, "items") else {}
        options.pop("silent", None)
        options["page"] = page_number(self.request.GET.get(table.prefixed_page_field))
        per_page = parse_int(
            self.request.GET.get(table.prefixed_per_page_field), minimum=1, maximum=MAX_PER_PAGE
        )
        if per_page is not None:
            options["per_page"] = per_page
        try:
            table.paginate(**options)
        except EmptyPage:
            table.page = table.paginator.page(table.paginator.num_pages)
        return table


# --- JSON bodies -------------------------------------------------------------------------

NOT_JSON = "That did not make sense."
NOT_FINITE = "That did not make sense: a number was too big, or not a number."
NOT_AN_OBJECT = "That did not make sense: send named values (a JSON object)."


class _NotFinite(ValueError):
    pass


def _refuse_constant(name):
    raise _NotFinite(name)  # NaN, Infinity, -Infinity


def _finite_float(text):
    number = float(text)
    if not math.isfinite(number):
        raise _NotFinite(text)  # 1e400
    return number


def json_object(body):
    """The JSON object (a dict) a request body holds. Raises ValueError, with a message
    for the sender, for anything else: not JSON (or not UTF-8, or nested too deep, or a
    whole number too long to read), a number that is not finite (NaN, Infinity, 1e400),
    or a value that is not an object ([], null, "x", 123). A form then checks the
    object's fields."""
    try:
        data = json.loads(body, parse_constant=_refuse_constant, parse_float=_finite_float)
    except _NotFinite:
        raise ValueError(NOT_FINITE) from None
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise ValueError(NOT_JSON) from None
    if not isinstance(data, dict):
        raise ValueError(NOT_AN_OBJECT)
    return data
