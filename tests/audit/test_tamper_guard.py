"""Every route around the ORM's append-only checks is refused by the database, and a change
made with the triggers out of the way is found by the hash chain. Runs on SQLite and on
PostgreSQL (the CI's second pass)."""

import threading

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, models, transaction

from audit import chain, selectors, tamper_guard
from audit.models import AuditEvent, AuditVerification
from jobs.models import Job
from tests.accounts.factories import StaffFactory, UserFactory
from tests.audit.factories import AuditEventFactory

TABLE = AuditEvent._meta.db_table
SQL_UPDATE = f"UPDATE {TABLE} SET summary = 'Tampered' WHERE id = %s"  # noqa: S608
SQL_UPDATE_NAME = f"UPDATE {TABLE} SET snapshot = '{{}}' WHERE id = %s"  # noqa: S608
SQL_DELETE = f"DELETE FROM {TABLE} WHERE id = %s"  # noqa: S608


def _refused(action):
    with pytest.raises(DatabaseError), transaction.atomic():
        action()


def _routes(pk):
    """Each way of changing or deleting a row that skips AuditEvent's own checks."""
    return {
        "base manager update": lambda: AuditEvent._base_manager.filter(pk=pk).update(
            summary="Tampered"
        ),
        "base manager delete": lambda: AuditEvent._base_manager.filter(pk=pk).delete(),
        "bare queryset update": lambda: (
            models.QuerySet(AuditEvent).filter(pk=pk).update(summary="Tampered")
        ),
        "bare queryset delete": lambda: models.QuerySet(AuditEvent).filter(pk=pk).delete(),
        "_raw_delete": lambda: (
            models.QuerySet(AuditEvent).filter(pk=pk)._raw_delete(connection.alias)
        ),
        "SQL UPDATE": lambda: connection.cursor().execute(SQL_UPDATE, [pk]),
        "SQL UPDATE of a name": lambda: connection.cursor().execute(SQL_UPDATE_NAME, [pk]),
        "SQL DELETE": lambda: connection.cursor().execute(SQL_DELETE, [pk]),
    }


ROUTES = list(_routes(0))


def _drop_triggers():
    """What a superuser could do: take the triggers away (undone when the test's
    transaction rolls back)."""
    with connection.cursor() as cursor:
        for statement in tamper_guard.backward_sql(connection.vendor):
            cursor.execute(statement)


@pytest.mark.django_db
class TestTheDatabaseRefuses:
    @pytest.mark.parametrize("route", ROUTES)
    def test_each_route_is_refused_and_the_record_stays(self, route):
        event = AuditEventFactory(summary="Original")
        _refused(_routes(event.pk)[route])
        stored = AuditEvent.objects.get(pk=event.pk)
        assert stored.summary == "Original"
        assert stored.snapshot == event.snapshot
        assert chain.verify().ok

    def test_even_the_redaction_path_may_change_only_the_names(self):
        event = AuditEventFactory(summary="Original")
        with transaction.atomic(), tamper_guard.permitted():
            _refused(
                lambda: models.QuerySet(AuditEvent).filter(pk=event.pk).update(summary="Tampered")
            )
        assert AuditEvent.objects.get(pk=event.pk).summary == "Original"

    def test_the_permission_ends_with_its_block(self):
        event = AuditEventFactory()
        with transaction.atomic():
            with tamper_guard.permitted():
                pass
            _refused(lambda: models.QuerySet(AuditEvent).filter(pk=event.pk).delete())
        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_a_bulk_insert_that_would_skip_the_chain_is_refused(self):
        from audit.models import AuditLogIsAppendOnly

        with pytest.raises(AuditLogIsAppendOnly):
            AuditEvent.objects.bulk_create([AuditEvent(event=AuditEvent.Event.LOGIN_SUCCESS)])


@pytest.mark.django_db
class TestTheChainFindsWhatGetsPast:
    @pytest.fixture
    def events(self):
        return [AuditEventFactory(summary=f"Record {n}") for n in range(4)]

    def test_an_intact_log_verifies(self, events):
        result = chain.verify()
        assert result.ok and result.records_checked == 4

    @pytest.mark.parametrize("route", [r for r in ROUTES if "delete" not in r.lower()])
    def test_each_change_is_detected(self, events, route):
        _drop_triggers()
        _routes(events[1].pk)[route]()
        result = chain.verify()
        assert not result.ok
        assert result.broken_seq == events[1].seq

    @pytest.mark.parametrize("route", [r for r in ROUTES if "delete" in r.lower()])
    def test_each_deletion_is_detected(self, events, route):
        _drop_triggers()
        _routes(events[1].pk)[route]()
        result = chain.verify()
        assert not result.ok
        assert "missing" in result.message

    def test_removing_the_last_records_is_detected(self, events):
        _drop_triggers()
        models.QuerySet(AuditEvent).filter(pk=events[-1].pk).delete()
        result = chain.verify()
        assert not result.ok
        assert "missing from the end" in result.message

    def test_a_name_changed_in_the_snapshot_is_detected(self, events):
        _drop_triggers()
        forged = {"actor": {"text": "Someone Else", "salt": events[2].snapshot["actor"]["salt"]}}
        models.QuerySet(AuditEvent).filter(pk=events[2].pk).update(snapshot=forged)
        assert chain.verify().broken_seq == events[2].seq

    def test_a_name_removed_outside_the_redaction_path_is_detected(self, events):
        _drop_triggers()
        from django.utils import timezone

        models.QuerySet(AuditEvent).filter(pk=events[2].pk).update(
            snapshot={}, redacted_at=timezone.now()
        )
        result = chain.verify()
        assert not result.ok and "outside the redaction path" in result.message


@pytest.mark.django_db
class TestTheAuditedPaths:
    def test_redacting_a_person_keeps_the_chain_and_is_itself_recorded(self):
        leo = UserFactory(full_name="Leo Quill", email="leo.quill@example.org")
        staff = StaffFactory(full_name="Sam Staff")
        signed_in = AuditEventFactory(actor=leo, actor_label="Leo Quill (leo.quill@example.org)")
        edited = AuditEventFactory(
            actor=staff,
            actor_label="Sam Staff",
            object_label="Leo Quill",
            object_type="accounts.user",
            object_id=str(leo.pk),
        )
        other = AuditEventFactory(actor=staff, actor_label="Sam Staff")
        count = tamper_guard.redact_people(
            users=[leo], objects=[("accounts.user", leo.pk)], reason="anonymised", actor=staff
        )
        assert count == 2
        signed_in, edited, other = (
            AuditEvent.objects.get(pk=e.pk) for e in (signed_in, edited, other)
        )
        assert signed_in.snapshot == {} and signed_in.redacted_at is not None
        assert edited.snapshot_text("actor") == "Sam Staff" and edited.object_label == ""
        assert other.redacted_at is None
        log = AuditEvent.objects.filter(event=AuditEvent.Event.REDACTION).get()
        assert sorted(log.extra["redacted_ids"]) == sorted([signed_in.pk, edited.pk])
        assert chain.verify().ok

    def test_retention_deletes_the_oldest_records_and_the_rest_still_verify(self):
        events = [AuditEventFactory() for _ in range(3)]
        assert tamper_guard.delete_through(events[1].seq, reason="kept 7 years") == 2
        assert list(AuditEvent.objects.filter(pk__in=[e.pk for e in events])) == [events[2]]
        result = chain.verify()
        assert result.ok and result.records_checked == 2  # events[2] and the retention record


@pytest.mark.django_db
class TestVerifyAudit:
    def test_the_command_passes_on_the_log_the_suite_wrote_and_records_the_check(self):
        AuditEventFactory()
        call_command("verify_audit")
        check = selectors.latest_verification()
        assert check.ok and check.records_checked == AuditEvent.objects.count()

    def test_a_break_fails_the_command_and_alerts_staff(self, run_jobs, client):
        staff = StaffFactory(full_name="Sam Staff", email="sam@example.org")
        events = [AuditEventFactory() for _ in range(2)]
        _drop_triggers()
        models.QuerySet(AuditEvent).filter(pk=events[0].pk).update(summary="Tampered")
        with run_jobs(execute=True), pytest.raises(CommandError, match="broken"):
            call_command("verify_audit")
        check = AuditVerification.objects.get()
        assert not check.ok and check.broken_seq == events[0].seq
        assert Job.objects.filter(key=f"audit-chain-broken:{check.pk}").exists()
        assert [m.subject for m in mail.outbox] == ["The audit log's chain is broken"]
        assert mail.outbox[0].to == ["sam@example.org"]
        client.force_login(staff)
        page = client.get("/staff/audit/").content.decode()
        assert "broken" in page and check.message in page
        assert "chain is broken" in client.get("/staff/").content.decode()

    def test_the_nightly_task_is_scheduled_and_checks(self, settings):
        from audit.tasks import verify_audit

        assert any(
            entry["task"] == "audit.tasks.verify_audit"
            for entry in settings.CELERY_BEAT_SCHEDULE.values()
        )
        AuditEventFactory()
        assert verify_audit() is True
        assert AuditVerification.objects.get().ok


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_inserts_chain_one_after_the_other():
    """Eight threads, each with its own connection, write 10 records at once: the head's
    row lock orders them, so the chain has no fork and no gap."""
    barrier = threading.Barrier(8)
    errors = []

    def write(n):
        try:
            barrier.wait()
            for i in range(10):
                with transaction.atomic():
                    AuditEventFactory(summary=f"Thread {n} record {i}")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.count() == 80
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, 81))
    result = chain.verify()
    assert result.ok, result.message


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_emptying_the_table_with_truncate_is_detected():
    """TRUNCATE is left to the test database's flush; the chain head still names the last
    record, so an emptied log does not verify."""
    AuditEventFactory()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")
    result = chain.verify()
    assert not result.ok and "missing from the end" in result.message


LEGACY_ROWS = [
    (
        "login_success",
        "Leo Quill (leo@example.org)",
        "Leo Quill (leo@example.org) signed in",
        "{}",
    ),
    (
        "login_failure",
        "Not signed in",
        "Failed sign-in for “leo@example.org”",
        '{"attempted_login": "leo@example.org"}',
    ),
    (
        "admin_change",
        "Ada Admin",
        "Changed panel member “Leo Quill” in the admin: Changed group.",
        "{}",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_existing_records_and_takes_the_names_out_of_their_text():
    """Records written before the chain (migration 0001's table) get their place in it,
    their names move to the snapshot, and verify_audit passes."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0001_initial")])
    with connection.cursor() as cursor:
        for event, label, summary, extra in LEGACY_ROWS:
            cursor.execute(
                f"INSERT INTO {TABLE} (occurred_at, actor_label, event, object_type, object_id,"  # noqa: S608
                " summary, user_agent, extra) VALUES (%s, %s, %s, '', '', %s, '', %s)",
                ["2026-01-01 10:00:00.123456+00:00", label, event, summary, extra],
            )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("audit"))
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3]
    assert [e.summary for e in events] == [
        "Signed in",
        "Failed sign-in for “le…@example.org”",
        "Changed panel member in the admin: Changed group.",
    ]
    assert events[0].actor_label == "Leo Quill (leo@example.org)"
    assert events[2].object_label == "Leo Quill"
    assert "leo@" not in str(events[1].extra)
    call_command("verify_audit")
    assert selectors.latest_verification().ok
    _refused(_routes(events[0].pk)["SQL DELETE"])
