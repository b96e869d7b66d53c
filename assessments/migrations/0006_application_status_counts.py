"""The count of applications in each status, kept by triggers on the applications table.

The staff pipeline shows how many applications are in each status. A GROUP BY over every
application ever made grows with the years; this table holds one row per status, and the
triggers below change it in the same statement (so the same transaction) as every insert,
status change and delete, whichever way it is made (ORM, bulk_create, queryset.update(),
plain SQL). Decrements only UPDATE an existing row, so emptying both tables in either
order (a test database flush) leaves them consistent; on PostgreSQL, TRUNCATE of the
applications empties the counts too.

On PostgreSQL the triggers run once per statement over its transition tables, and change
the count rows in status order, so two opposite moves at the same time cannot deadlock.
"""

from django.db import migrations, models

APPLICATIONS = "assessments_application"
COUNTS = "assessments_applicationstatuscount"

FILL = f"""
INSERT INTO {COUNTS} (status, total)
SELECT status, COUNT(*) FROM {APPLICATIONS} GROUP BY status
"""

# PostgreSQL: statement-level triggers with transition tables, so a statement that
# inserts, moves or deletes thousands of applications (a bulk insert, a data migration)
# changes each count row once. A row-level trigger would update the same count row once
# per application, and PostgreSQL slows down as one transaction piles up versions of a row.
# _apply takes the deltas (status, delta) and changes the count rows in status order (one
# statement), so two transactions moving applications in opposite directions cannot
# deadlock. A negative delta for a status with no row (both tables being emptied in
# some order) is dropped rather than stored.
POSTGRESQL = [
    f"""
CREATE FUNCTION {COUNTS}_apply(deltas jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {COUNTS} AS c (status, total)
    SELECT d.status, d.delta
    FROM jsonb_to_recordset(deltas) AS d(status varchar, delta bigint)
    WHERE d.delta > 0 OR EXISTS (SELECT 1 FROM {COUNTS} e WHERE e.status = d.status)
    ORDER BY d.status
    ON CONFLICT (status) DO UPDATE SET total = c.total + EXCLUDED.total;
END
$$
""",
    f"""
CREATE FUNCTION {COUNTS}_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM {COUNTS}_apply(COALESCE((
        SELECT jsonb_agg(jsonb_build_object('status', status, 'delta', n))
        FROM (SELECT status, COUNT(*) AS n FROM new_rows GROUP BY status) g
    ), '[]'::jsonb));
    RETURN NULL;
END
$$
""",
    f"""
CREATE FUNCTION {COUNTS}_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM {COUNTS}_apply(COALESCE((
        SELECT jsonb_agg(jsonb_build_object('status', status, 'delta', -n))
        FROM (SELECT status, COUNT(*) AS n FROM old_rows GROUP BY status) g
    ), '[]'::jsonb));
    RETURN NULL;
END
$$
""",
    f"""
CREATE FUNCTION {COUNTS}_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM {COUNTS}_apply(COALESCE((
        SELECT jsonb_agg(jsonb_build_object('status', status, 'delta', delta))
        FROM (
            SELECT status, SUM(delta) AS delta FROM (
                SELECT o.status, -1 AS delta FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE o.status IS DISTINCT FROM n.status
                UNION ALL
                SELECT n.status, 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
                WHERE o.status IS DISTINCT FROM n.status
            ) moves
            GROUP BY status
            HAVING SUM(delta) <> 0
        ) g
    ), '[]'::jsonb));
    RETURN NULL;
END
$$
""",
    f"""
CREATE FUNCTION {COUNTS}_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {COUNTS};
    RETURN NULL;
END
$$
""",
    f"""CREATE TRIGGER {COUNTS}_insert AFTER INSERT ON {APPLICATIONS}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {COUNTS}_inserted()""",
    f"""CREATE TRIGGER {COUNTS}_delete AFTER DELETE ON {APPLICATIONS}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {COUNTS}_deleted()""",
    # Transition tables cannot be combined with a column list (UPDATE OF status).
    f"""CREATE TRIGGER {COUNTS}_update AFTER UPDATE ON {APPLICATIONS}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {COUNTS}_updated()""",
    f"""CREATE TRIGGER {COUNTS}_truncate AFTER TRUNCATE ON {APPLICATIONS}
    FOR EACH STATEMENT EXECUTE FUNCTION {COUNTS}_truncate()""",
]

POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS {COUNTS}_truncate ON {APPLICATIONS}",
    f"DROP TRIGGER IF EXISTS {COUNTS}_update ON {APPLICATIONS}",
    f"DROP TRIGGER IF EXISTS {COUNTS}_delete ON {APPLICATIONS}",
    f"DROP TRIGGER IF EXISTS {COUNTS}_insert ON {APPLICATIONS}",
    f"DROP FUNCTION IF EXISTS {COUNTS}_truncate()",
    f"DROP FUNCTION IF EXISTS {COUNTS}_updated()",
    f"DROP FUNCTION IF EXISTS {COUNTS}_deleted()",
    f"DROP FUNCTION IF EXISTS {COUNTS}_inserted()",
    f"DROP FUNCTION IF EXISTS {COUNTS}_apply(jsonb)",
]

_SQLITE_ADD = f"""INSERT INTO {COUNTS} (status, total) VALUES (NEW.status, 1)
        ON CONFLICT (status) DO UPDATE SET total = total + 1"""
_SQLITE_REMOVE = f"UPDATE {COUNTS} SET total = total - 1 WHERE status = OLD.status"

SQLITE = [
    f"""CREATE TRIGGER {COUNTS}_insert AFTER INSERT ON {APPLICATIONS}
    BEGIN {_SQLITE_ADD}; END""",
    f"""CREATE TRIGGER {COUNTS}_delete AFTER DELETE ON {APPLICATIONS}
    BEGIN {_SQLITE_REMOVE}; END""",
    f"""CREATE TRIGGER {COUNTS}_update AFTER UPDATE OF status ON {APPLICATIONS}
    WHEN OLD.status IS NOT NEW.status
    BEGIN {_SQLITE_REMOVE}; {_SQLITE_ADD}; END""",
]

SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {COUNTS}_update",
    f"DROP TRIGGER IF EXISTS {COUNTS}_delete",
    f"DROP TRIGGER IF EXISTS {COUNTS}_insert",
]


def _statements(schema_editor, forward):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        return POSTGRESQL if forward else POSTGRESQL_REVERSE
    if vendor == "sqlite":
        return SQLITE if forward else SQLITE_REVERSE
    raise NotImplementedError(f"No status count triggers for the {vendor} database.")


def install(apps, schema_editor):
    for statement in _statements(schema_editor, forward=True):
        schema_editor.execute(statement, params=None)
    schema_editor.execute(FILL, params=None)


def uninstall(apps, schema_editor):
    for statement in _statements(schema_editor, forward=False):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_level_colours_contrast")]

    operations = [
        migrations.CreateModel(
            name="ApplicationStatusCount",
            fields=[
                ("status", models.CharField(max_length=30, primary_key=True, serialize=False)),
                ("total", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
