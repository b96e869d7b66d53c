"""The audit log: an append-only record of who did what, when and from where.

Rows are only ever added. `AuditEvent.save()` refuses to update a stored row,
`delete()` refuses, and the default manager's bulk `update()`/`delete()` refuse
too. The one change allowed is Django's own `SET_NULL` on `actor` when a user
account is deleted: `actor_label` keeps the name as it was at the time.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit record."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # Deleting a user sets actor to NULL; the label snapshot keeps who it was.
        if set(kwargs) <= {"actor", "actor_id"} and all(v is None for v in kwargs.values()):
            return super().update(**kwargs)
        raise AuditLogIsAppendOnly("Audit records cannot be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("Audit records cannot be deleted.")

    # bulk_update and _raw_delete are how other paths change rows in bulk.
    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly("Audit records cannot be changed.")


class AuditEvent(models.Model):
    class Event(models.TextChoices):
        LOGIN_SUCCESS = "login_success", "Signed in"
        LOGIN_FAILURE = "login_failure", "Failed sign-in"
        PERMISSION_DENIED = "permission_denied", "Permission refused"
        EVIDENCE_DOWNLOAD = "evidence_download", "Evidence downloaded"
        STATE_CHANGE = "state_change", "Application status changed"
        ADMIN_CHANGE = "admin_change", "Admin edit"

    USER_AGENT_MAX = 200

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    actor_label = models.CharField("who", max_length=255, blank=True, editable=False)
    event = models.CharField(max_length=32, choices=Event.choices, db_index=True, editable=False)
    object_type = models.CharField(max_length=100, blank=True, editable=False)
    object_id = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    summary = models.TextField(blank=True, editable=False)
    ip_address = models.GenericIPAddressField(
        "IP address", null=True, blank=True, unpack_ipv4=True, editable=False
    )
    user_agent = models.CharField(max_length=USER_AGENT_MAX, blank=True, editable=False)
    extra = models.JSONField(default=dict, blank=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = "audit event"
        indexes = [models.Index(fields=["event", "-occurred_at"], name="audit_event_when_idx")]

    def __str__(self):
        return (
            f"{self.get_event_display()} by {self.actor_label or 'unknown'} at {self.occurred_at}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AuditLogIsAppendOnly("Audit records cannot be changed.")
        if kwargs.get("force_update") or kwargs.get("update_fields") is not None:
            raise AuditLogIsAppendOnly("Audit records cannot be changed.")
        if self.user_agent:
            self.user_agent = self.user_agent[: self.USER_AGENT_MAX]
        # Always an INSERT: a new object given an existing pk must not overwrite that row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit records cannot be deleted.")
