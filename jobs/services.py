import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone

from kitemark.validators import one_line
from scheme.selectors import current_scheme

from .models import Job
from .registry import handler_for

logger = logging.getLogger(__name__)


def enqueue(kind, payload, *, key=None, application=None):
    """Record a job in the current transaction and nudge the worker once it commits.

    Returns the existing job if one with the same key was already enqueued, so
    calling twice never does the work twice.
    """
    key = key or f"{kind}:{uuid.uuid4()}"
    job, created = Job.objects.get_or_create(
        key=key, defaults={"kind": kind, "payload": payload, "application": application}
    )
    if created:
        transaction.on_commit(lambda: dispatch(job.pk))
    return job


def dispatch(job_id):
    """Send the job to the broker; a broker outage is logged, never raised to the user."""
    # jobs.tasks imports this module for the work itself, so the task is looked up here.
    from .tasks import run_job

    try:
        run_job.delay(job_id)
    except Exception:  # noqa: BLE001 - any broker failure leaves the job pending for the sweep
        logger.warning("Broker unavailable; job %s stays pending for the sweep", job_id)


def run(job_id):
    """Run one job exactly once. Safe to call concurrently and repeatedly."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.PENDING:
            return job
        job.attempts += 1
        try:
            handler_for(job.kind)(job)
        except Exception as exc:
            # Record the failure outside the rolled-back work, then let Celery retry.
            job.last_error = f"{type(exc).__name__}: {exc}"
            failed = job.attempts >= settings.JOB_MAX_ATTEMPTS
            raise JobFailed(job.pk, job.attempts, job.last_error, failed) from exc
        job.status = Job.Status.DONE
        job.completed_at = timezone.now()
        job.last_error = ""
        job.save(update_fields=["status", "attempts", "completed_at", "last_error", "updated_at"])
        return job


class JobFailed(Exception):
    def __init__(self, job_id, attempts, error, final):
        super().__init__(error)
        self.job_id = job_id
        self.attempts = attempts
        self.error = error
        self.final = final

    def record(self):
        status = Job.Status.FAILED if self.final else Job.Status.PENDING
        Job.objects.filter(pk=self.job_id).update(
            attempts=self.attempts, last_error=self.error, status=status, updated_at=timezone.now()
        )


def requeue_pending(older_than_seconds=60, limit=500):
    """Re-send pending jobs whose message may have been lost. Returns how many were queued."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    ids = list(
        Job.objects.filter(status=Job.Status.PENDING, updated_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    for job_id in ids:
        dispatch(job_id)
    return len(ids)


def retry_failed(job):
    """Staff action: give a failed job a fresh set of attempts."""
    Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
        status=Job.Status.PENDING, attempts=0, updated_at=timezone.now()
    )
    transaction.on_commit(lambda: dispatch(job.pk))


def email_job(
    *,
    to,
    subject,
    template,
    context=None,
    key=None,
    application=None,
    attachments=None,
    reply_to=None,
):
    """An unsaved email Job, its body rendered now from templates/emails/<template>.txt
    (None if there is nobody to send it to). enqueue_many() queues a list of them.

    The scheme's settings are in every body's context as `scheme` (the signature,
    templates/emails/_signature.txt), and its names are the sender's name; replies go to
    the Kitemark enquiries address unless `reply_to` says otherwise."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return None
    scheme = current_scheme()
    ctx = {"site_url": settings.SITE_URL, "scheme": scheme, **(context or {})}
    body = render_plain_text(f"emails/{template}.txt", ctx)
    payload = {
        "from": scheme.from_email,
        "reply_to": list(reply_to or ([scheme.kitemark_email] if scheme.kitemark_email else [])),
        "to": recipients,
        # A subject is a header: built from a name or a title, it must stay on one line.
        "subject": one_line(subject),
        "body": body,
        "attachments": [list(a) for a in (attachments or [])],
    }
    return Job(
        kind="email", key=key or f"email:{uuid.uuid4()}", payload=payload, application=application
    )


def render_plain_text(template_name, context):
    """A plain-text template rendered without HTML escaping: an email body is not HTML,
    so a name holding <, & or " must read as typed, not as &lt;, &amp; or &quot;."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def send_email(
    *,
    to,
    subject,
    template,
    context=None,
    key=None,
    application=None,
    attachments=None,
    reply_to=None,
):
    """Queue an email rendered now from templates/emails/<template>.txt.

    The body is rendered at enqueue time so the message reflects the state that
    caused it, even if the worker sends it later. Attachments are
    (filename, text content, mimetype) tuples.
    """
    job = email_job(
        to=to,
        subject=subject,
        template=template,
        context=context,
        key=key,
        application=application,
        attachments=attachments,
        reply_to=reply_to,
    )
    if job is None:
        return None
    return enqueue(job.kind, job.payload, key=job.key, application=application)


def enqueue_many(jobs):
    """Record many unsaved jobs in two queries (a key already used is left alone, as in
    enqueue()) and nudge the worker for the new ones once the transaction commits.
    Returns the ids of the jobs this call created."""
    jobs = [job for job in jobs if job is not None]
    if not jobs:
        return []
    started = timezone.now()
    Job.objects.bulk_create(jobs, ignore_conflicts=True)
    ids = list(
        Job.objects.filter(
            key__in=[job.key for job in jobs],
            status=Job.Status.PENDING,
            created_at__gte=started,
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: [dispatch(job_id) for job_id in ids])
    return ids
