import pytest
from django.core import mail
from django.db import transaction

from jobs import services
from jobs.models import Job
from jobs.registry import register
from kitemark.celery import app
from tests.conftest import wait_for
from tests.jobs.factories import JobFactory


@register("test-explode")
def _explode(job):
    raise RuntimeError("always fails")


@pytest.mark.django_db
class TestOutbox:
    def test_enqueue_twice_with_the_same_key_does_the_work_once(
        self, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(2):
                services.send_email(
                    to=["a@example.org"],
                    subject="Hello",
                    template="verify_email",
                    context={"user": {"full_name": "A"}, "path": "/x/"},
                    key="once",
                )
        assert Job.objects.filter(key="once").count() == 1
        assert Job.objects.get(key="once").status == Job.Status.DONE
        assert len(mail.outbox) == 1

    def test_no_job_is_queued_when_the_transaction_rolls_back(
        self, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    services.enqueue("email", {"to": ["a@example.org"]}, key="rolled-back")
                    raise RuntimeError("the state change failed")
            except RuntimeError:
                pass
        assert not Job.objects.filter(key="rolled-back").exists()
        assert callbacks == []

    def test_running_a_done_job_again_does_nothing(self):
        job = JobFactory()
        services.run(job.pk)
        services.run(job.pk)
        assert len(mail.outbox) == 1
        job.refresh_from_db()
        assert job.status == Job.Status.DONE and job.attempts == 1

    def test_broker_outage_leaves_the_job_pending_and_the_sweep_delivers_it_once(
        self, settings, django_capture_on_commit_callbacks
    ):
        original = app.conf.broker_url, app.conf.task_always_eager
        app.conf.broker_url, app.conf.task_always_eager = "redis://127.0.0.1:1/0", False
        try:
            with django_capture_on_commit_callbacks(execute=True):
                job = services.enqueue(
                    "email",
                    {"to": ["a@example.org"], "subject": "S", "body": "B", "attachments": []},
                    key="outage",
                )
        finally:
            app.conf.broker_url, app.conf.task_always_eager = original
        job.refresh_from_db()
        assert job.status == Job.Status.PENDING
        assert mail.outbox == []
        assert services.requeue_pending(older_than_seconds=0) == 1
        assert services.requeue_pending(older_than_seconds=0) == 0
        job.refresh_from_db()
        assert job.status == Job.Status.DONE
        assert len(mail.outbox) == 1

    def test_a_job_that_keeps_failing_is_marked_failed_never_dropped(self, settings):
        from jobs.tasks import run_job

        settings.JOB_MAX_ATTEMPTS = 3
        job = JobFactory(kind="test-explode")
        for _ in range(5):
            run_job.apply(args=[job.pk])
        job.refresh_from_db()
        assert job.status == Job.Status.FAILED
        assert job.attempts == 3
        assert "always fails" in job.last_error
        services.retry_failed(job)
        job.refresh_from_db()
        assert job.status == Job.Status.PENDING and job.attempts == 0

    def test_email_attachments_are_delivered(self):
        job = JobFactory(
            payload={
                "to": ["a@example.org"],
                "subject": "Invite",
                "body": "See attached",
                "attachments": [["invite.ics", "BEGIN:VCALENDAR", "text/calendar"]],
            }
        )
        services.run(job.pk)
        assert mail.outbox[0].attachments[0][0] == "invite.ics"


@pytest.mark.real_stack
@pytest.mark.django_db(transaction=True)
def test_real_worker_takes_a_job_from_redis_and_records_it_in_postgresql(celery_worker_process):
    from django.db import connection

    assert connection.vendor == "postgresql"
    with transaction.atomic():
        job = services.enqueue(
            "email",
            {
                "to": ["a@example.org"],
                "subject": "Real",
                "body": "Sent by the worker",
                "attachments": [],
            },
            key="real-worker",
        )
    wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE, timeout=60)
    job.refresh_from_db()
    assert job.attempts == 1 and job.completed_at is not None
