from celery import shared_task

from . import retention


@shared_task(name="assessments.tasks.apply_retention")
def apply_retention():
    """Daily (beat): delete evidence files whose retention period has ended."""
    return len(retention.apply_retention())
