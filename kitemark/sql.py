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


def model_columns(model, table=None):
    """Every column of `model` in field order, each qualified by `table` (an alias; by
    default the model's quoted table name), for a plain-SQL statement whose rows become
    instances with Model.from_db() or Model.objects.raw(). Built from the model's fields,
    so statements follow the model as migrations change it."""
    qualifier = table or f'"{model._meta.db_table}"'
    return ", ".join(f'{qualifier}."{field.column}"' for field in model._meta.concrete_fields)
