"""The database's own guard on a framework version in use: triggers.

Why plain SQL: the model and its QuerySet (`assessments/models.py`: `FrameworkPart`,
`FrameworkPartQuerySet`, `FrameworkVersionQuerySet`) refuse every change that goes through
the ORM's public routes, but `QuerySet(Indicator).update()`, `_raw_delete()`, a data
migration or a `psql` session go around them. Only a trigger sees every write, and the ORM
cannot declare one. This module and the migration that installs it
(`assessments/migrations/0009_framework_freeze.py`) are the one place for it.

What it refuses (the same rule as `FrameworkVersionQuerySet.in_use`: a version is in use
once any application is on one of its levels):
- INSERT, UPDATE or DELETE of a level, indicator or score descriptor whose version (before
  or after the change: moving into or out of a version counts) is in use;
- renaming or deleting a version in use (marking it current stays allowed).

A refusal is an IntegrityError (SQLSTATE 23001 on PostgreSQL, RAISE(ABORT) on SQLite).

SQLite rebuilds a table to alter it, which drops its triggers: a migration that alters one
of these tables must run `install` again (tests/assessments/test_freeze.py checks that the
triggers exist after migrating).
"""

MESSAGE = "framework version in use: its wording cannot change"

# The parts, each with the SQL that finds the version of a row's parent (`{row}` is OLD or
# NEW).
_PARTS = {
    "assessments_level": "{row}.version_id",
    "assessments_scoredescriptor": "{row}.version_id",
    "assessments_indicator": "(SELECT version_id FROM assessments_level WHERE id = {row}.level_id)",
}

_IN_USE = (
    "EXISTS (SELECT 1 FROM assessments_application a "
    "JOIN assessments_level l ON l.id = a.level_id WHERE l.version_id = {version})"
)


def _postgresql():
    statements = [
        f"""
CREATE OR REPLACE FUNCTION assessments_version_in_use(version bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT {_IN_USE.format(version="version")} $$;
""",
        f"""
CREATE OR REPLACE FUNCTION assessments_version_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF assessments_version_in_use(OLD.id)
       AND (TG_OP = 'DELETE' OR NEW.name IS DISTINCT FROM OLD.name OR NEW.id <> OLD.id) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
""",
        """
CREATE TRIGGER assessments_version_frozen BEFORE UPDATE OR DELETE ON assessments_frameworkversion
FOR EACH ROW EXECUTE FUNCTION assessments_version_frozen();
""",
    ]
    for table, version in _PARTS.items():
        old, new = version.format(row="OLD"), version.format(row="NEW")
        statements += [
            f"""
CREATE OR REPLACE FUNCTION {table}_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND assessments_version_in_use({old}) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND assessments_version_in_use({new}) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
""",
            f"""
CREATE TRIGGER {table}_frozen BEFORE INSERT OR UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION {table}_frozen();
""",
        ]
    return statements


def _postgresql_drop():
    statements = [
        "DROP TRIGGER IF EXISTS assessments_version_frozen ON assessments_frameworkversion"
    ]
    statements += [f"DROP TRIGGER IF EXISTS {table}_frozen ON {table}" for table in _PARTS]
    statements += [f"DROP FUNCTION IF EXISTS {table}_frozen()" for table in _PARTS]
    statements += [
        "DROP FUNCTION IF EXISTS assessments_version_frozen()",
        "DROP FUNCTION IF EXISTS assessments_version_in_use(bigint)",
    ]
    return statements


def _sqlite_names():
    names = [("assessments_frameworkversion", "assessments_version_frozen_update")]
    names += [("assessments_frameworkversion", "assessments_version_frozen_delete")]
    for table in _PARTS:
        names += [(table, f"{table}_frozen_{op}") for op in ("insert", "update", "delete")]
    return names


def _sqlite():
    in_use_old = _IN_USE.format(version="OLD.id")
    statements = [
        f"""
CREATE TRIGGER IF NOT EXISTS assessments_version_frozen_update
BEFORE UPDATE ON assessments_frameworkversion
WHEN (NEW.name IS NOT OLD.name OR NEW.id IS NOT OLD.id) AND {in_use_old}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
""",
        f"""
CREATE TRIGGER IF NOT EXISTS assessments_version_frozen_delete
BEFORE DELETE ON assessments_frameworkversion
WHEN {in_use_old}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
""",
    ]
    for table, version in _PARTS.items():
        old = _IN_USE.format(version=version.format(row="OLD"))
        new = _IN_USE.format(version=version.format(row="NEW"))
        for op, condition in (("insert", new), ("update", f"{old} OR {new}"), ("delete", old)):
            statements.append(
                f"""
CREATE TRIGGER IF NOT EXISTS {table}_frozen_{op} BEFORE {op.upper()} ON {table}
WHEN {condition}
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
"""
            )
    return statements


def _sqlite_drop():
    return [f"DROP TRIGGER IF EXISTS {name}" for _table, name in _sqlite_names()]


def install(schema_editor):
    """Create the triggers (a migration's RunPython forward step; safe to run again)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = _postgresql_drop() + _postgresql()
    elif vendor == "sqlite":
        statements = _sqlite()
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


def uninstall(schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = _postgresql_drop()
    elif vendor == "sqlite":
        statements = _sqlite_drop()
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


def installed(connection):
    """The names of the freeze triggers present in the database (for the tests)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                ["assessments_%_frozen"],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                ["assessments_%_frozen_%"],
            )
        return {row[0] for row in cursor.fetchall()}


def expected(connection):
    if connection.vendor == "postgresql":
        return {"assessments_version_frozen"} | {f"{table}_frozen" for table in _PARTS}
    return {name for _table, name in _sqlite_names()}
