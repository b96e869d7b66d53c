from celery import shared_task

from . import followups


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def sweep():
    """Beat runs this every 15 minutes; it only calls the plain service function."""
    return followups.sweep()
