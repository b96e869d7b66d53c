"""On PostgreSQL a query that runs again and again on one connection is prepared, so the
server stops parsing (and often planning) it on every page."""

import pytest
from django.db import connection

from accounts.models import User

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]


def _prepared():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_query_repeated_on_one_connection_is_prepared_with_its_values_as_parameters():
    table = User._meta.db_table
    assert not any(table in statement for statement in _prepared())
    for pk in range(1, 8):  # different values, one query text
        list(User.objects.filter(pk=pk))
    prepared = [statement for statement in _prepared() if f'FROM "{table}"' in statement]
    assert len(prepared) == 1
    assert "$1" in prepared[0]
