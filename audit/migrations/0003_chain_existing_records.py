"""Move the names out of existing audit records into their snapshot, and chain them.

Records written before the chain: the actor's label moves into the snapshot (the one
column anonymising can redact); "<name> (<email>) signed in" becomes "Signed in" (the name
is shown from the account); an admin edit's object name moves into the snapshot; a failed
sign-in keeps the typed name only as the audit policy allows (masked in the text, and a
keyed digest to search by in the snapshot, where anonymising can remove it). Then every record, oldest first, gets its place in the hash chain.
"""

import re

from django.db import migrations

from audit import chain
from audit.services import login_digest, masked_login

ADMIN = re.compile(r"^(Added|Changed|Deleted|Edited) (.+?) “(.*)” in the admin(.*)$", re.S)
FAILED = re.compile(r"^Failed sign-in for “(.*)”$", re.S)


def forward(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    prev, seq = chain.GENESIS, 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        object_label = login = ""
        if event.event == "login_success":
            event.summary = "Signed in"
        elif event.event == "admin_change":
            match = ADMIN.match(event.summary)
            if match:
                object_label = match.group(3)
                event.summary = f"{match.group(1)} {match.group(2)} in the admin{match.group(4)}"
        elif event.event == "login_failure":
            extra = dict(event.extra or {})
            typed = extra.pop("attempted_login", "") or ""
            match = FAILED.match(event.summary)
            typed = typed or (match.group(1) if match else "")
            if typed:
                extra["attempted_login"] = masked_login(typed)
                login = login_digest(typed)
                event.summary = f"Failed sign-in for “{masked_login(typed)}”"
            event.extra = extra
        event.snapshot, event.snapshot_hashes = {}, {}
        for key, text in (("actor", event.actor_label), ("object", object_label), ("login", login)):
            if text:
                event.snapshot[key], event.snapshot_hashes[key] = chain.snapshot_entry(text)
        seq += 1
        event.seq, event.prev_hash = seq, prev
        event.record_hash = chain.record_hash(prev, event)
        prev = event.record_hash
        AuditEvent.objects.filter(pk=event.pk).update(
            summary=event.summary,
            extra=event.extra,
            snapshot=event.snapshot,
            snapshot_hashes=event.snapshot_hashes,
            seq=event.seq,
            prev_hash=event.prev_hash,
            record_hash=event.record_hash,
        )
    AuditChainHead.objects.update_or_create(pk=1, defaults={"last_seq": seq, "last_hash": prev})


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain")]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.RemoveField(model_name="auditevent", name="actor_label"),
    ]
