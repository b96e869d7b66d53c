"""Scheduled tasks record their last success here; /health/ and /metrics read it."""

from django.utils import timezone

from .models import Heartbeat

REMINDER_SWEEP = "reminder_sweep"


def beat(name, *, at=None):
    Heartbeat.objects.update_or_create(
        name=name, defaults={"last_success_at": at or timezone.now()}
    )


def age_seconds(name, *, now=None):
    """Seconds since the task's last success, or None if it never succeeded."""
    last = Heartbeat.objects.filter(name=name).values_list("last_success_at", flat=True).first()
    if last is None:
        return None
    return max(0.0, ((now or timezone.now()) - last).total_seconds())
