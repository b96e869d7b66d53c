"""The one place the backup speaks SQL to PostgreSQL directly.

A consistent backup needs the row counts of the manifest and pg_dump's copy of the data
to come from the same moment. PostgreSQL gives that by exporting the snapshot of a
REPEATABLE READ transaction (pg_export_snapshot) and handing it to pg_dump --snapshot.
The ORM has no way to choose a transaction's isolation level after the connection is
open nor to export its snapshot, so these two statements are written out here.
"""

from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def exported_snapshot():
    """Yields the id of a snapshot that stays valid until the block ends; queries made
    through the ORM inside the block see exactly that snapshot. It must be the outermost
    transaction: the isolation level is chosen by a transaction's first statement."""
    if connection.in_atomic_block:
        raise RuntimeError("A backup cannot start inside another transaction.")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        yield snapshot
