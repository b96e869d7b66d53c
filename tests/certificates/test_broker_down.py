import time

import pytest
from django.core import mail

from certificates.models import Award, Plaque
from certificates.services.awards import create_award
from jobs import registry
from jobs import services as job_services
from jobs.models import Job
from jobs.tasks import run_job
from kitemark.celery import app as celery_app
from tests.certificates.helpers import confirm_award, scored_application

pytestmark = pytest.mark.django_db

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker_down(settings):
    """Point Celery at a closed port and stop running tasks inline; restore afterwards."""
    saved = {
        "broker_url": celery_app.conf.broker_url,
        "task_always_eager": celery_app.conf.task_always_eager,
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = CLOSED_PORT_BROKER
    celery_app.conf.broker_url = CLOSED_PORT_BROKER
    celery_app.conf.task_always_eager = False
    celery_app._pool = None  # drop any connection pool made for another broker
    yield
    celery_app.conf.update(saved)
    celery_app._pool = None


def plaque_ready_emails():
    return [m for m in mail.outbox if "plaque is ready" in m.subject]


def test_confirming_an_award_with_the_broker_down_loses_nothing(staff_user, run_jobs, broker_down):
    application = scored_application()
    started = time.monotonic()
    with run_jobs(execute=True):
        confirm_award(application, staff_user)  # no exception reaches the user
    assert time.monotonic() - started < 10  # publishing fails fast

    award = Award.objects.get(application=application)
    plaque_job = Job.objects.get(kind="plaque")
    assert plaque_job.status == Job.Status.PENDING
    assert plaque_job.attempts == 0
    assert not Plaque.objects.exists()
    assert mail.outbox == []

    # The broker is back (tasks inline again); the periodic sweep re-queues pending jobs.
    celery_app.conf.task_always_eager = True
    celery_app.conf.broker_url = ""
    celery_app._pool = None
    with run_jobs(execute=True):
        requeued = job_services.requeue_pending(older_than_seconds=0)
    assert requeued >= 1
    plaque_job.refresh_from_db()
    assert plaque_job.status == Job.Status.DONE
    assert Plaque.objects.filter(award=award).count() == 1
    assert len(plaque_ready_emails()) == 1
    sent = len(mail.outbox)

    # Running the sweep again sends nothing more.
    with run_jobs(execute=True):
        assert job_services.requeue_pending(older_than_seconds=0) == 0
    assert len(mail.outbox) == sent
    assert Plaque.objects.count() == 1
    assert not Job.objects.filter(status=Job.Status.PENDING).exists()


def test_a_job_that_keeps_failing_ends_as_failed(settings, run_jobs):
    settings.JOB_MAX_ATTEMPTS = 3
    calls = []

    @registry.register("test-always-fails")
    def always_fails(job):
        calls.append(job.pk)
        raise OSError("renderer crashed")

    try:
        with run_jobs(execute=True):
            job = job_services.enqueue("test-always-fails", {}, key="always-fails")
        for _ in range(5):
            run_job.apply(args=[job.pk])
        job.refresh_from_db()
    finally:
        registry._handlers.pop("test-always-fails", None)
    assert job.status == Job.Status.FAILED
    assert job.attempts == 3
    assert "renderer crashed" in job.last_error
    assert len(calls) == 3  # never run again once failed


def test_a_failing_plaque_job_is_retried_then_marked_failed(settings, run_jobs, monkeypatch):
    from certificates import plaques

    settings.JOB_MAX_ATTEMPTS = 2
    application = scored_application()
    application.status = "awarded"
    application.save()

    def broken(award):
        raise RuntimeError("font missing")

    monkeypatch.setattr(plaques, "render_plaque_pdf", broken)
    with run_jobs(execute=True):
        create_award(application)
    job = Job.objects.get(kind="plaque")
    assert job.status == Job.Status.PENDING and job.attempts == 1
    with run_jobs(execute=True):
        job_services.requeue_pending(older_than_seconds=0)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "font missing" in job.last_error
    assert not Plaque.objects.exists()
    assert plaque_ready_emails() == []
