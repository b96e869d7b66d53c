"""Reading plain-SQL results as the ORM would.

Several pages read their rows with short plain SQL statements, because building the same
queries through the ORM took longer than the database took to answer them. Those rows
must still hold what the ORM would give: on SQLite dates arrive as text and datetimes
without a time zone; on PostgreSQL there is nothing to convert.
"""

from django.db import connection
from django.db.models import Value


def column_reader(output_field):
    """A function: a value of `output_field`'s type read by plain SQL -> the value the
    ORM would give (None stays None)."""
    output = Value(None, output_field=output_field)
    converters = connection.ops.get_db_converters(output)

    def read(value):
        for convert in converters:
            value = convert(value, output, connection)
        return value

    return read
