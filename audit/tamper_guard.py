"""The database refuses to change or delete audit records, except through one audited path.

Why plain SQL: the ORM's append-only checks (audit.models) only cover the default manager.
`AuditEvent._base_manager`, a bare `QuerySet(AuditEvent)`, `_raw_delete` and plain SQL all
reach the table without them, and the ORM cannot express a rule the database itself
enforces. So the table has triggers (created by migration `audit/0004_tamper_guard`, the
only migration with SQL in this app) that refuse every UPDATE and DELETE, unless this
transaction was given permission by `permitted()` below, which only `redact_people` and
`delete_through` use. Even then an UPDATE may only change the redactable columns
(`snapshot`, `redacted_at`); everything else is refused.

- PostgreSQL: a row trigger checks the session-local setting `kitemark.audit_permit`.
  `permitted()` sets it with `SET LOCAL` (so it ends with the transaction at the latest)
  and sets it back to off when its block ends.
- SQLite has no session settings. Each connection Django opens gets a function
  `kitemark_audit_permitted()` (registered in `register_sqlite_function`), which answers
  from a flag on that connection only; the triggers call it. Outside Django (the sqlite3
  shell) the function does not exist, so an UPDATE or DELETE there fails too.

TRUNCATE (PostgreSQL) is not refused, because the test database and `manage.py flush` use
it; emptying the table is detected instead: the chain head still names the last record,
and `verify_audit` reports that records are missing.

Anything that gets past the triggers (a superuser who drops them) breaks the hash chain,
which `manage.py verify_audit` and the nightly task check (see audit.chain).

A later migration that alters this table rebuilds it on SQLite, which drops its triggers:
such a migration must create them again (`forward_sql`); the route tests in
tests/audit/test_tamper_guard.py fail until it does.
"""

from contextlib import contextmanager

from django.db import connection, models, transaction
from django.utils import timezone

TABLE = "audit_auditevent"
PG_SETTING = "kitemark.audit_permit"
SQLITE_FUNCTION = "kitemark_audit_permitted"
REDACTABLE = ("snapshot", "redacted_at")

POSTGRESQL_FORWARD = [
    f"""
CREATE FUNCTION {TABLE}_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{PG_SETTING}', true) IS DISTINCT FROM 'on' THEN
        RAISE EXCEPTION 'Audit records cannot be changed or deleted.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF (to_jsonb(NEW) - 'snapshot' - 'redacted_at')
            IS DISTINCT FROM (to_jsonb(OLD) - 'snapshot' - 'redacted_at') THEN
            RAISE EXCEPTION 'Only the names in an audit record can be redacted.'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END
$$
""",
    f"""
CREATE TRIGGER {TABLE}_guard BEFORE UPDATE OR DELETE ON {TABLE}
FOR EACH ROW EXECUTE FUNCTION {TABLE}_guard()
""",
]
POSTGRESQL_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TABLE}_guard ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_guard()",
]

_FIXED = (
    "id",
    "occurred_at",
    "actor_id",
    "event",
    "object_type",
    "object_id",
    "summary",
    "ip_address",
    "user_agent",
    "extra",
    "snapshot_hashes",
    "seq",
    "prev_hash",
    "record_hash",
)
SQLITE_FORWARD = [
    f"""
CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
WHEN NOT {SQLITE_FUNCTION}() OR {" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _FIXED)}
BEGIN
    SELECT RAISE(ABORT, 'Audit records cannot be changed or deleted.');
END
""",
    f"""
CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
WHEN NOT {SQLITE_FUNCTION}()
BEGIN
    SELECT RAISE(ABORT, 'Audit records cannot be changed or deleted.');
END
""",
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]


def forward_sql(vendor):
    return POSTGRESQL_FORWARD if vendor == "postgresql" else SQLITE_FORWARD


def backward_sql(vendor):
    return POSTGRESQL_BACKWARD if vendor == "postgresql" else SQLITE_BACKWARD


def register_sqlite_function(sender, connection, **kwargs):
    """connection_created receiver: give each SQLite connection the permission function."""
    if connection.vendor != "sqlite":
        return
    connection.audit_permit = False
    connection.connection.create_function(
        SQLITE_FUNCTION, 0, lambda: int(bool(getattr(connection, "audit_permit", False)))
    )


@contextmanager
def permitted(using=None):
    """Let this transaction change or delete audit rows until the block ends.

    Only `redact_people` and `delete_through` below use it (and the test suite's flush of
    its database, in tests/conftest.py).
    """
    conn = connection if using is None else transaction.get_connection(using)
    if not conn.in_atomic_block:
        raise RuntimeError("Audit redaction runs inside a transaction.")
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute(f"SET LOCAL {PG_SETTING} = 'on'")
        try:
            yield
        finally:
            with conn.cursor() as cursor:
                cursor.execute(f"SET LOCAL {PG_SETTING} = 'off'")
    else:
        conn.ensure_connection()
        conn.audit_permit = True
        try:
            yield
        finally:
            conn.audit_permit = False


@transaction.atomic
def redact_people(*, users=(), objects=(), logins=(), reason, actor=None):
    """Remove the names of these people from the audit log's snapshots, and record it.

    `users`: accounts whose name is removed wherever they are the actor; `objects`:
    (object_type, object_id) pairs (e.g. ("panels.panelmember", "3")) whose name is
    removed wherever they are the record acted on; `logins`: names they signed in with,
    whose digest is removed from failed sign-ins (so the address can no longer be found).
    The chain still verifies: each name was committed to separately (see audit.chain).
    Returns the number of records redacted.
    """
    from .models import AuditEvent
    from .services import login_digest, record

    user_ids = [u.pk for u in users]
    digests = {login_digest(login) for login in logins if login}
    condition = models.Q(actor_id__in=user_ids, snapshot__has_key="actor")
    for digest in digests:
        condition |= models.Q(snapshot__login__text=digest)
    for object_type, object_id in objects:
        condition |= models.Q(
            object_type=object_type, object_id=str(object_id), snapshot__has_key="object"
        )
    if not user_ids and not objects and not digests:
        return 0
    now = timezone.now()
    rows = models.QuerySet(AuditEvent)
    pairs = {(t, str(i)) for t, i in objects}
    redacted = []
    with permitted():
        for event in rows.filter(condition).only("pk", "actor_id", "object_type", "object_id"):
            snapshot = dict(rows.filter(pk=event.pk).values_list("snapshot", flat=True).get() or {})
            if event.actor_id in user_ids:
                snapshot.pop("actor", None)
            if (event.object_type, event.object_id) in pairs:
                snapshot.pop("object", None)
            if (snapshot.get("login") or {}).get("text") in digests:
                snapshot.pop("login")
            rows.filter(pk=event.pk).update(snapshot=snapshot, redacted_at=now)
            redacted.append(event.pk)
    record(
        AuditEvent.Event.REDACTION,
        actor=actor,
        summary=f"Names removed from {len(redacted)} audit record(s): {reason}",
        redacted_ids=redacted,
    )
    return len(redacted)


@transaction.atomic
def delete_through(seq, *, reason, actor=None):
    """Retention: delete the records up to and including `seq`, and record it.

    The chain then starts after them: the head keeps the last deleted record's hash as
    its anchor, so `verify_audit` still checks every record that is left.
    """
    from .models import AuditChainHead, AuditEvent
    from .services import record

    head = AuditChainHead.locked()
    rows = models.QuerySet(AuditEvent)
    last = rows.filter(seq__lte=seq).order_by("-seq").first()
    if last is None or last.seq <= head.anchor_seq:
        return 0
    with permitted():
        deleted = rows.filter(seq__lte=last.seq)._raw_delete(rows.db)
    head.anchor_seq, head.anchor_hash = last.seq, last.record_hash
    head.save(update_fields=["anchor_seq", "anchor_hash"])
    record(
        AuditEvent.Event.REDACTION,
        actor=actor,
        summary=f"Audit records up to number {last.seq} deleted: {reason}",
        deleted_through=last.seq,
    )
    return deleted
