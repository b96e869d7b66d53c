"""The count of applications in each status (the staff pipeline shows it): one GROUP BY
over the status index (Application.objects.status_counts). Migration 0007 dropped the
trigger-kept count table of 0006, with its triggers and functions."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assessments import workflow
from assessments.models import Application, Status
from assessments.services import applications
from tests.assessments.conftest import fill_all
from tests.assessments.factories import ApplicationFactory, CycleFactory, default_level
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

COUNTS_TABLE = "assessments_applicationstatuscount"
BEFORE = [("assessments", "0006_application_status_counts")]


def shown():
    """{status: count}, statuses with none left out."""
    return {status: n for status, n in Application.objects.status_counts().items() if n}


def test_counts_follow_creation_transitions_updates_and_deletions(application, member, staff_user):
    assert shown() == {Status.DRAFT: 1}
    fill_all(application)
    applications.submit(application, member)
    assert shown() == {Status.SUBMITTED: 1}
    workflow.transition(
        application, Status.RETURNED, actor=staff_user, actor_kind=workflow.STAFF, message="More"
    )
    assert shown() == {Status.RETURNED: 1}
    cycle, level = CycleFactory(), default_level()
    Application.objects.bulk_create(
        Application(organisation=OrganisationFactory(), cycle=cycle, level=level, status=status)
        for status in [Status.AWARDED] * 3 + [Status.SCORED]
    )
    assert shown() == {Status.RETURNED: 1, Status.AWARDED: 3, Status.SCORED: 1}
    Application.objects.filter(status=Status.AWARDED).update(status=Status.NOT_AWARDED)
    assert shown() == {Status.RETURNED: 1, Status.NOT_AWARDED: 3, Status.SCORED: 1}
    Application.objects.filter(status=Status.NOT_AWARDED).delete()
    application.delete()
    assert shown() == {Status.SCORED: 1}


def test_a_refused_transition_changes_no_count(application, staff_user):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.transition(
            application, Status.AWARDED, actor=staff_user, actor_kind=workflow.STAFF
        )
    assert shown() == {Status.DRAFT: 1}


def test_status_is_indexed():
    """The GROUP BY reads the status index, not every application's row."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Application._meta.db_table)
    assert any(c["index"] and c["columns"] == ["status"] for c in constraints.values())


# ---------------------------------------------------------------- migration 0007


def status_count_objects():
    """(tables, triggers, functions) of the status counts left in the database: the
    table, the triggers on the applications table, and (PostgreSQL) their functions."""
    applications_table = Application._meta.db_table
    with connection.cursor() as cursor:
        tables = {t for t in connection.introspection.table_names(cursor) if t == COUNTS_TABLE}
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [applications_table],
            )
            triggers = {row[0] for row in cursor.fetchall()}
            cursor.execute(
                "SELECT proname FROM pg_proc WHERE proname LIKE %s", [f"{COUNTS_TABLE}%"]
            )
            functions = {row[0] for row in cursor.fetchall()}
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [applications_table],
            )
            triggers = {row[0] for row in cursor.fetchall()}
            functions = set()
    return tables, triggers, functions


def counted_by_triggers():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status, total FROM {COUNTS_TABLE} WHERE total <> 0")  # noqa: S608
        return dict(cursor.fetchall())


def test_the_migrated_database_has_no_count_table_trigger_or_function():
    assert status_count_objects() == (set(), set(), set())


@pytest.mark.django_db(transaction=True)
def test_the_migration_can_be_reversed_and_applied_again():
    ApplicationFactory(status=Status.AWARDED)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        tables, triggers, functions = status_count_objects()
        assert tables == {COUNTS_TABLE}
        assert len(triggers) == (4 if connection.vendor == "postgresql" else 3)
        assert len(functions) == (5 if connection.vendor == "postgresql" else 0)
        # Going back fills the table from the applications, and its triggers count again.
        assert counted_by_triggers() == {Status.AWARDED: 1}
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Application._meta.db_table} SET status = %s",  # noqa: S608
                [Status.WITHDRAWN.value],
            )
        assert counted_by_triggers() == {Status.WITHDRAWN: 1}
    finally:
        # Forward to the latest migration of every app, as the rest of the suite expects.
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert status_count_objects() == (set(), set(), set())
    assert Application.objects.status_counts() == {Status.WITHDRAWN: 1}
