"""kitemark.sql.column_reader: plain-SQL values read as the ORM reads them."""

import datetime

import pytest
from django.db import connection
from django.db.models import DateField, DateTimeField

from kitemark.sql import column_reader

pytestmark = pytest.mark.django_db


def _select(sql_value):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql_value}")  # noqa: S608 - constants of this test
        return cursor.fetchone()[0]


def test_a_date_column_reads_as_a_date_on_either_database():
    if connection.vendor == "postgresql":
        raw = _select("CAST('2026-06-02' AS DATE)")
    else:
        raw = _select("'2026-06-02'")  # how Django stores dates in SQLite
    assert column_reader(DateField())(raw) == datetime.date(2026, 6, 2)


def test_a_datetime_column_reads_as_an_aware_datetime_on_either_database():
    if connection.vendor == "postgresql":
        raw = _select("CAST('2026-06-01 23:30:00+00' AS TIMESTAMPTZ)")
    else:
        raw = _select("'2026-06-01 23:30:00'")  # how Django stores datetimes in SQLite (UTC)
    read = column_reader(DateTimeField())(raw)
    assert read == datetime.datetime(2026, 6, 1, 23, 30, tzinfo=datetime.UTC)
    assert read.utcoffset() is not None


def test_null_stays_none():
    assert column_reader(DateField())(None) is None
    assert column_reader(DateTimeField())(None) is None


def test_model_columns_lists_every_field_in_order_qualified_by_table_or_alias():
    from kitemark.sql import model_columns
    from panels.models import PanelMember

    columns = [f.column for f in PanelMember._meta.concrete_fields]
    assert model_columns(PanelMember) == ", ".join(
        f'"panels_panelmember"."{column}"' for column in columns
    )
    assert model_columns(PanelMember, "m") == ", ".join(f'm."{column}"' for column in columns)
