"""The audit log's hash chain: each record commits to its content and to the record before it.

A record's hash is SHA-256 over the previous record's hash and a canonical JSON of its
content. Changing, removing or reordering a stored record breaks the chain from there on,
and `verify()` reports where. The chain head (`AuditChainHead`, one row) holds the last
sequence number and hash: the insert locks it (`select_for_update`), so two transactions
that write audit records at the same time chain one after the other, in the order they
take the lock, and a record whose transaction rolls back leaves the head as it was. It
also lets `verify()` notice records removed from the end of the log.

The display snapshot (`AuditEvent.snapshot`: the names of the actor and of the object as
they were) is personal data that anonymising removes. It is not hashed into the record
directly: each of its entries is committed to with its own random salt
(`snapshot_hashes`, which is hashed into the record). Redacting an entry removes both the
text and its salt, so the chain still verifies and what is left cannot be used to confirm
a guessed name. Only `audit.tamper_guard.redact_people` removes entries, and it records
which records it redacted in an audit record of its own, which `verify()` checks.
"""

import hashlib
import ipaddress
import json
import secrets
from dataclasses import dataclass

from django.db import transaction

GENESIS = "0" * 64


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def snapshot_entry(value):
    """A snapshot entry and its commitment: ({"text", "salt"}, hash)."""
    salt = secrets.token_hex(16)
    return {"text": value, "salt": salt}, _digest(f"{salt}\n{value}")


def entry_matches(entry, committed):
    return (
        isinstance(entry, dict)
        and _digest(f"{entry.get('salt', '')}\n{entry.get('text', '')}") == committed
    )


def _ip(value):
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(str(value)))
    except ValueError:
        return str(value)


def content(event):
    """What a record's hash covers: every column except the redactable snapshot (covered
    through `snapshot_hashes`), `redacted_at` and the hashes themselves."""
    return {
        "seq": event.seq,
        "occurred_at": event.occurred_at.isoformat(timespec="microseconds"),
        "event": event.event,
        "actor_id": event.actor_id,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "summary": event.summary,
        "ip_address": _ip(event.ip_address),
        "user_agent": event.user_agent,
        "extra": event.extra,
        "snapshot_hashes": event.snapshot_hashes,
    }


def record_hash(prev_hash, event):
    canonical = json.dumps(content(event), sort_keys=True, separators=(",", ":"), default=str)
    return _digest(f"{prev_hash}\n{canonical}")


def append(event):
    """Give `event` (unsaved) its place in the chain and insert it, under the head's lock."""
    from .models import AuditChainHead

    with transaction.atomic():
        head = AuditChainHead.locked()
        event.seq = head.last_seq + 1
        event.prev_hash = head.last_hash
        event.record_hash = record_hash(event.prev_hash, event)
        event.insert_row()
        head.last_seq = event.seq
        head.last_hash = event.record_hash
        head.save(update_fields=["last_seq", "last_hash"])


@dataclass
class Result:
    ok: bool
    records_checked: int
    broken_seq: int | None = None
    message: str = ""


def verify(batch_size=2000):
    """Walk the chain from its anchor to its head. Returns a Result (nothing is stored)."""
    from .models import AuditChainHead, AuditEvent

    head = AuditChainHead.current()
    redacted_ids = set()
    for extra in AuditEvent.objects.filter(event=AuditEvent.Event.REDACTION).values_list(
        "extra", flat=True
    ):
        redacted_ids.update((extra or {}).get("redacted_ids", []))
    expected_prev, expected_seq = head.anchor_hash, head.anchor_seq + 1
    checked = 0
    last_pk_seq = head.anchor_seq
    rows = AuditEvent.objects.order_by("seq")
    while True:
        batch = list(rows.filter(seq__gt=last_pk_seq)[:batch_size])
        if not batch:
            break
        for event in batch:
            problem = _problem(event, expected_seq, expected_prev, redacted_ids)
            if problem:
                return Result(False, checked, event.seq, problem)
            checked += 1
            expected_prev, expected_seq = event.record_hash, event.seq + 1
            last_pk_seq = event.seq
    if expected_seq - 1 != head.last_seq or expected_prev != head.last_hash:
        return Result(
            False,
            checked,
            expected_seq,
            f"The log ends at record {expected_seq - 1} but its head says record "
            f"{head.last_seq}: records are missing from the end.",
        )
    return Result(True, checked, None, f"All {checked} records are intact.")


def _problem(event, expected_seq, expected_prev, redacted_ids):
    if event.seq != expected_seq:
        return f"Record {expected_seq} is missing (the next one is {event.seq})."
    if event.prev_hash != expected_prev:
        return f"Record {event.seq} does not follow the record before it."
    if record_hash(event.prev_hash, event) != event.record_hash:
        return f"Record {event.seq} was changed after it was written."
    for key, committed in (event.snapshot_hashes or {}).items():
        entry = (event.snapshot or {}).get(key)
        if entry is None:
            if event.redacted_at is None or event.pk not in redacted_ids:
                return f"A name was removed from record {event.seq} outside the redaction path."
        elif not entry_matches(entry, committed):
            return f"A name in record {event.seq} was changed after it was written."
    if set(event.snapshot or {}) - set(event.snapshot_hashes or {}):
        return f"A name was added to record {event.seq} after it was written."
    return ""
