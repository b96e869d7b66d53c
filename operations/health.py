"""The operational facts /health/ and /metrics report: the outbox, the reminder sweep,
the Celery queue. /health/ (kitemark/views.py) runs the checks named in HEALTH_CHECKS."""

from dataclasses import dataclass

from amqp.exceptions import ChannelError
from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

from jobs.models import Job
from kitemark.celery import app

from . import heartbeats


@dataclass(frozen=True)
class OutboxState:
    pending: int
    failed: int
    oldest_pending_age: float | None


def outbox_state(now=None):
    now = now or timezone.now()
    row = Job.objects.aggregate(
        pending=Count("pk", filter=Q(status=Job.Status.PENDING)),
        failed=Count("pk", filter=Q(status=Job.Status.FAILED)),
        oldest=Min("created_at", filter=Q(status=Job.Status.PENDING)),
    )
    oldest = row["oldest"]
    age = max(0.0, (now - oldest).total_seconds()) if oldest else None
    return OutboxState(row["pending"], row["failed"], age)


def sweep_age(now=None):
    return heartbeats.age_seconds(heartbeats.REMINDER_SWEEP, now=now)


def queue_depth():
    """Messages waiting in Celery's default queue, or None without a broker."""
    if not settings.CELERY_BROKER_URL:
        return None
    try:
        with app.connection_for_read() as connection:
            name = app.conf.task_default_queue
            try:
                declared = connection.default_channel.queue_declare(queue=name, passive=True)
            except ChannelError as error:
                # Redis keeps no empty queue: "not found" means nothing is waiting.
                if "NOT_FOUND" in str(error):
                    return 0
                raise
            return declared.message_count
    except Exception:  # noqa: BLE001 - the broker check of /health/ reports an outage
        return None


def _check(age, limit_seconds, what):
    if age is None:
        return {"status": "ok", "age_seconds": None}
    if limit_seconds and age > limit_seconds:
        return {
            "status": f"error: {what} is {int(age)} s old, over {int(limit_seconds)} s",
            "age_seconds": round(age),
        }
    return {"status": "ok", "age_seconds": round(age)}


def reminder_sweep_check():
    """Fails when the last successful sweep is older than HEALTH_MAX_SWEEP_AGE_HOURS; a
    sweep that never ran yet (a new site) is not a failure."""
    return _check(sweep_age(), settings.HEALTH_MAX_SWEEP_AGE_HOURS * 3600, "the last sweep")


def oldest_pending_job_check():
    """Fails when a job has waited longer than HEALTH_MAX_PENDING_JOB_MINUTES."""
    return _check(
        outbox_state().oldest_pending_age,
        settings.HEALTH_MAX_PENDING_JOB_MINUTES * 60,
        "the oldest pending job",
    )
