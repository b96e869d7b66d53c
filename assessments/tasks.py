from celery import shared_task

from . import retention
from .services import applications


@shared_task(name="assessments.tasks.apply_retention")
def apply_retention():
    """Daily (beat): delete evidence files whose retention period has ended."""
    return len(retention.apply_retention())


@shared_task(name="assessments.tasks.lapse_overdue_resubmissions")
def lapse_overdue_resubmissions():
    """Daily (beat): resubmission deadlines that passed with nothing sent end as not
    awarded. Returns how many lapsed."""
    return applications.lapse_overdue_resubmissions()
