from celery import shared_task

from . import services


@shared_task
def lapse_overdue_resubmissions():
    """Daily: resubmission deadlines that passed with nothing sent end as not awarded."""
    return services.lapse_overdue_resubmissions()
