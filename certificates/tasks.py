from celery import shared_task

from . import reminders


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def daily_sweep():
    """Beat runs this once a day; it only calls the plain service function."""
    return reminders.daily_sweep()
