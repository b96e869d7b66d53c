from celery import shared_task

from operations import heartbeats

from . import reminders


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def daily_sweep():
    """Beat runs this once a day; it only calls the plain service function."""
    result = reminders.daily_sweep()
    # /health/ and the metrics report how long ago the sweep last finished.
    heartbeats.beat(heartbeats.REMINDER_SWEEP)
    return result
