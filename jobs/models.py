from django.db import models

from kitemark.validators import validate_single_line


class Job(models.Model):
    """Work for the worker, written in the same transaction as the change that needs it.

    The row is the source of truth: the Celery message is only a nudge. If the
    broker is down the row stays pending and the sweep re-queues it later.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=50, validators=[validate_single_line])
    # Idempotency key: the same logical piece of work can be enqueued only once.
    key = models.CharField(max_length=255, unique=True, validators=[validate_single_line])
    payload = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    application = models.ForeignKey(
        "assessments.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
        help_text="The application this job belongs to, so its emails appear on the timeline.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self):
        return f"{self.kind} {self.key} ({self.status})"
