"""On PostgreSQL a query that runs again on one connection is prepared, so the server
stops parsing (and often planning) it on every page. It happens from a query's second run
(DB_PREPARE_THRESHOLD=1): a page a worker serves only now and then still gets the benefit."""

import pytest
from django.db import connection

from accounts.models import User

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]

# Columns in an order no other code asks for, so only this test's query matches.
_COLUMNS = '"accounts_user"."date_joined" AS "date_joined", "accounts_user"."email" AS "email"'


def _prepared():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall() if _COLUMNS in row[0]]


def _run(pk):
    return list(User.objects.filter(pk=pk).values_list("date_joined", "email"))


def test_a_query_is_prepared_on_its_second_run_with_its_values_as_parameters():
    _run(1)
    assert _prepared() == []  # a query run only once is not worth a prepared statement
    _run(2)  # another value, the same query text
    prepared = _prepared()
    assert len(prepared) == 1
    assert "$1" in prepared[0]
    for pk in range(3, 8):
        _run(pk)
    assert len(_prepared()) == 1  # prepared once, then reused
