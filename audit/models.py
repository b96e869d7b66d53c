"""The audit log: an append-only record of who did what, when and from where.

Rows are only ever added. `AuditEvent.save()` refuses to update a stored row,
`delete()` refuses, and the default manager's bulk `update()`/`delete()`/`bulk_update()`
/`bulk_create()` refuse too. Every other route (the base manager, a bare QuerySet,
`_raw_delete`, plain SQL) is refused by the database's triggers (`audit.tamper_guard`),
and anything that gets past them (a superuser who drops the triggers) breaks the hash
chain (`audit.chain`), which `manage.py verify_audit` and a nightly task check.

The actor is stored by id (without a database constraint, so deleting an account
leaves the record untouched) and rendered by its current name; `snapshot` keeps the
names as they were, for accounts that no longer exist. Anonymising removes a person's
entries from `snapshot` through the one allowed path, `tamper_guard.redact_people`.
"""

import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from kitemark.validators import validate_single_line

from . import chain


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit record."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("Audit records cannot be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("Audit records cannot be deleted.")

    # bulk_update and _raw_delete are how other paths change rows in bulk.
    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly("Audit records cannot be changed.")

    # A bulk insert would skip the hash chain.
    def bulk_create(self, objs, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit records are added one at a time, in the chain.")

    def with_actor(self):
        return self.select_related("actor").only(
            *(f.name for f in self.model._meta.concrete_fields),
            "actor__full_name",
            "actor__email",
            "actor__username",
        )


class AuditEvent(models.Model):
    class Event(models.TextChoices):
        LOGIN_SUCCESS = "login_success", "Signed in"
        LOGIN_FAILURE = "login_failure", "Failed sign-in"
        PERMISSION_DENIED = "permission_denied", "Permission refused"
        EVIDENCE_DOWNLOAD = "evidence_download", "Evidence downloaded"
        STATE_CHANGE = "state_change", "Application status changed"
        ADMIN_CHANGE = "admin_change", "Admin edit"
        REDACTION = "redaction", "Names removed"
        PANEL_STEP = "panel_step", "Panel step"
        TWO_FACTOR_RESET = "two_factor_reset", "Two-factor reset"
        API_TOKEN = "api_token", "API token created or revoked"
        API_USE = "api_use", "API token used"
        TRAINING = "training", "Training session or trainer changed"

    USER_AGENT_MAX = 200

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    # No database constraint and no cascade: deleting an account changes no audit row.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        editable=False,
    )
    event = models.CharField(max_length=32, choices=Event.choices, db_index=True, editable=False)
    object_type = models.CharField(max_length=100, blank=True, editable=False)
    object_id = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    summary = models.TextField(blank=True, editable=False)
    ip_address = models.GenericIPAddressField(
        "IP address", null=True, blank=True, unpack_ipv4=True, editable=False
    )
    user_agent = models.CharField(max_length=USER_AGENT_MAX, blank=True, editable=False)
    extra = models.JSONField(default=dict, blank=True, editable=False)
    # The names as they were ({"actor": {"text", "salt"}, "object": {...}}): the only
    # personal data, redacted entry by entry (see audit.chain).
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    snapshot_hashes = models.JSONField(default=dict, blank=True, editable=False)
    redacted_at = models.DateTimeField(null=True, blank=True, editable=False)
    seq = models.BigIntegerField(unique=True, null=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    record_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = "audit event"
        indexes = [models.Index(fields=["event", "-occurred_at"], name="audit_event_when_idx")]

    def __str__(self):
        return f"{self.get_event_display()} at {self.occurred_at}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AuditLogIsAppendOnly("Audit records cannot be changed.")
        if kwargs.get("force_update") or kwargs.get("update_fields") is not None:
            raise AuditLogIsAppendOnly("Audit records cannot be changed.")
        if self.user_agent:
            self.user_agent = self.user_agent[: self.USER_AGENT_MAX]
        if self.occurred_at.tzinfo is not None:
            self.occurred_at = self.occurred_at.astimezone(datetime.UTC)
        self._save_args = (args, kwargs)
        chain.append(self)

    def insert_row(self):
        """Called by chain.append once the record has its place in the chain."""
        args, kwargs = self._save_args
        # Always an INSERT: a new object given an existing pk must not overwrite that row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def set_snapshot(self, **labels):
        """Keep these names (actor=..., object=...) as they are now, each with its commitment."""
        self.snapshot, self.snapshot_hashes = {}, {}
        for key, text in labels.items():
            if text:
                self.snapshot[key], self.snapshot_hashes[key] = chain.snapshot_entry(text)

    def snapshot_text(self, key):
        return ((self.snapshot or {}).get(key) or {}).get("text", "")

    @property
    def actor_label(self):
        """Who, as they were when the record was written ("" once redacted)."""
        return self.snapshot_text("actor")

    @property
    def object_label(self):
        return self.snapshot_text("object")

    @property
    def actor_gone(self):
        """The record names an account that no longer exists."""
        if self.actor_id is None:
            return False
        try:
            return self.actor is None
        except self._meta.get_field("actor").related_model.DoesNotExist:
            return True

    @property
    def who(self):
        """Who did it, by the account's name today (names are rendered when shown)."""
        if self.event == self.Event.LOGIN_FAILURE:
            return self.summary
        if self.actor_id is not None and not self.actor_gone:
            return self.actor.display_label
        if self.actor_id is not None:
            return f"{self.actor_label or 'A removed account'} (account no longer exists)"
        return self.actor_label or "Not known"

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit records cannot be deleted.")


class AuditChainHead(models.Model):
    """The one row that holds the end of the hash chain (and its start, after retention)."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(
        max_length=64, default=chain.GENESIS, validators=[validate_single_line]
    )
    # Records up to anchor_seq were deleted by retention; the chain starts after them.
    anchor_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(
        max_length=64, default=chain.GENESIS, validators=[validate_single_line]
    )

    class Meta:
        verbose_name = "audit chain head"

    def __str__(self):
        return f"Audit chain at record {self.last_seq}"

    @classmethod
    def locked(cls):
        """The head, locked until the transaction ends (made on first use)."""
        head = cls.objects.select_for_update().filter(pk=1).first()
        if head is None:
            with transaction.atomic():
                cls.objects.get_or_create(pk=1)
            head = cls.objects.select_for_update().get(pk=1)
        return head

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class AuditVerification(models.Model):
    """One check of the hash chain (`manage.py verify_audit` or the nightly task)."""

    checked_at = models.DateTimeField(default=timezone.now, db_index=True)
    ok = models.BooleanField()
    records_checked = models.PositiveBigIntegerField(default=0)
    broken_seq = models.BigIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        get_latest_by = "checked_at"

    def __str__(self):
        return f"Audit check at {self.checked_at}: {'intact' if self.ok else 'broken'}"
