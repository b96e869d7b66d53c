from celery import shared_task

from . import services


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=5,
    soft_time_limit=120,
)
def run_job(self, job_id):
    try:
        services.run(job_id)
    except services.JobFailed as failure:
        failure.record()
        if not failure.final and not self.request.is_eager:
            # Exponential backoff: 30 s, 60 s, 120 s, ...
            raise self.retry(countdown=30 * 2 ** (failure.attempts - 1)) from None


@shared_task
def sweep_pending_jobs():
    return services.requeue_pending()
