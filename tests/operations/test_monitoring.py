import json
import logging
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sentry_sdk
from django.utils import timezone
from sentry_sdk.transport import Transport

from certificates import tasks as certificate_tasks
from jobs import tasks as job_tasks
from jobs.models import Job
from operations import heartbeats, logs
from operations.models import Heartbeat
from operations.monitoring import init_sentry
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobFactory

ROOT = Path(__file__).resolve().parents[2]


def _age_job(job, **delta):
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(**delta))


# --- /health/ -------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_reports_the_ages_and_stays_ok_when_they_are_recent(client, settings):
    settings.CELERY_BROKER_URL = ""
    heartbeats.beat(heartbeats.REMINDER_SWEEP, at=timezone.now() - timedelta(hours=2))
    _age_job(JobFactory(status=Job.Status.PENDING), minutes=5)
    response = client.get("/health/")
    body = response.json()
    assert response.status_code == 200, body
    assert body["checks"]["reminder_sweep"] == "ok"
    assert 7100 < body["age_seconds"]["reminder_sweep"] < 7300
    assert 290 < body["age_seconds"]["oldest_pending_job"] < 310


@pytest.mark.django_db
def test_a_site_whose_sweep_never_ran_and_with_no_jobs_is_healthy(client, settings):
    settings.CELERY_BROKER_URL = ""
    body = client.get("/health/").json()
    assert body["status"] == "ok"
    assert body["age_seconds"] == {"reminder_sweep": None, "oldest_pending_job": None}


@pytest.mark.django_db
def test_health_is_503_when_the_last_sweep_is_too_old(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.HEALTH_MAX_SWEEP_AGE_HOURS = 26
    heartbeats.beat(heartbeats.REMINDER_SWEEP, at=timezone.now() - timedelta(hours=27))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["reminder_sweep"].startswith("error: the last sweep")


@pytest.mark.django_db
def test_health_is_503_when_a_job_has_waited_too_long(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.HEALTH_MAX_PENDING_JOB_MINUTES = 60
    _age_job(JobFactory(status=Job.Status.DONE), hours=5)  # done jobs do not count
    waiting = JobFactory(status=Job.Status.PENDING)
    assert client.get("/health/").status_code == 200
    _age_job(waiting, minutes=61)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["oldest_pending_job"].startswith("error: the oldest")


@pytest.mark.django_db
def test_the_daily_sweep_records_its_success(settings):
    assert not Heartbeat.objects.exists()
    certificate_tasks.daily_sweep()
    assert heartbeats.age_seconds(heartbeats.REMINDER_SWEEP) < 5


# --- /metrics/ ------------------------------------------------------------------------


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_TOKEN = "scrape-token-123"
    settings.MIDDLEWARE = ["operations.middleware.MetricsMiddleware", *settings.MIDDLEWARE]


@pytest.mark.django_db
def test_metrics_are_not_found_unless_enabled(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = []
    assert client.get("/metrics/", HTTP_AUTHORIZATION="Bearer anything").status_code == 404


@pytest.mark.django_db
def test_metrics_need_the_token(client, metrics_on):
    assert client.get("/metrics/").status_code == 404
    assert client.get("/metrics/", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics/", HTTP_AUTHORIZATION="Bearer scrape-token-123").status_code == 200


@pytest.mark.django_db
def test_metrics_from_an_allowed_address_only(client, settings):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.0/8"]
    assert client.get("/metrics/", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics/", REMOTE_ADDR="192.0.2.7").status_code == 404


def _sample(text, name):
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    return None


@pytest.mark.django_db
def test_metrics_report_latency_jobs_and_the_sweep(client, metrics_on, settings):
    settings.CELERY_BROKER_URL = ""
    JobFactory(status=Job.Status.PENDING)
    _age_job(JobFactory(status=Job.Status.PENDING), minutes=10)
    JobFactory(status=Job.Status.FAILED)
    heartbeats.beat(heartbeats.REMINDER_SWEEP, at=timezone.now() - timedelta(hours=3))
    assert client.get("/").status_code == 200
    text = client.get("/metrics/", HTTP_AUTHORIZATION="Bearer scrape-token-123").content.decode()
    assert _sample(text, "kitemark_jobs_pending") == 2
    assert _sample(text, "kitemark_jobs_failed") == 1
    assert 590 < _sample(text, "kitemark_oldest_pending_job_age_seconds") < 700
    assert 10700 < _sample(text, "kitemark_reminder_sweep_age_seconds") < 10900
    home = 'kitemark_request_duration_seconds_count{method="GET",status="200",view="public:home"}'
    assert _sample(text, home) >= 1
    assert "kitemark_celery_queue_depth" not in text  # no broker in this test


@pytest.mark.real_stack
@pytest.mark.django_db
def test_metrics_report_the_celery_queue_depth(client, metrics_on, settings):
    from kitemark.celery import app

    def depth():
        response = client.get("/metrics/", HTTP_AUTHORIZATION="Bearer scrape-token-123")
        return _sample(response.content.decode(), "kitemark_celery_queue_depth")

    app.control.purge()
    assert depth() == 0
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    job_tasks.run_job.delay(0)  # nothing consumes it in this test
    try:
        assert depth() == 1
    finally:
        app.control.purge()


# --- Sentry ---------------------------------------------------------------------------


class CapturingTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type == "event":
                self.events.append(item.payload.json)


@pytest.fixture
def sentry(settings):
    settings.SENTRY_DSN = "https://public@sentry.example.invalid/1"
    transport = CapturingTransport()
    init_sentry(settings, transport=transport)
    yield transport
    sentry_sdk.init()  # no DSN: nothing is sent by later tests


@pytest.mark.urls("tests.operations.failing_urls")
@pytest.mark.django_db
def test_an_error_reaches_sentry_without_personal_data(client, sentry):
    user = UserFactory(full_name="Aisha Khan", email="aisha.khan@example.org")
    client.force_login(user)
    client.raise_request_exception = False
    response = client.post(
        "/fails/?email=aisha.khan@example.org",
        {"name": "Aisha Khan", "email": "aisha.khan@example.org"},
        HTTP_X_REQUEST_ID="request-id-0001",
    )
    assert response.status_code == 500
    sentry_sdk.flush()
    assert len(sentry.events) == 1
    event = sentry.events[0]
    assert event["exception"]["values"][0]["type"] == "ValueError"
    assert event["exception"]["values"][0]["value"].startswith("[removed")
    assert event["exception"]["values"][0]["stacktrace"]["frames"][-1]["function"] == "fails"
    assert "data" not in event["request"] and "cookies" not in event["request"]
    assert set(event.get("user", {})) <= {"id"}
    text = json.dumps(event)
    assert "aisha.khan" not in text
    assert "Aisha" not in text
    assert "Khan" not in text


def test_sentry_has_the_django_and_celery_integrations(settings, sentry):
    integrations = sentry_sdk.get_client().integrations
    assert {"django", "celery"} <= set(integrations)
    assert sentry_sdk.get_client().options["send_default_pii"] is False


# --- Request id and JSON logs ---------------------------------------------------------


@pytest.mark.django_db
def test_each_response_carries_a_request_id(client):
    given = client.get("/", HTTP_X_REQUEST_ID="lb-request-42abc")
    assert given["X-Request-ID"] == "lb-request-42abc"
    made = client.get("/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert len(made["X-Request-ID"]) == 32 and made["X-Request-ID"].isalnum()


def test_a_task_published_during_a_request_carries_its_id(settings):
    from kitemark.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    token = logs.current_request_id.set("request-id-0042")
    try:
        with app.connection_for_write("memory://") as connection:
            job_tasks.run_job.apply_async((1,), connection=connection)
            message = connection.SimpleQueue(app.conf.task_default_queue).get(timeout=2)
    finally:
        logs.current_request_id.reset(token)
    assert message.headers["request_id"] == "request-id-0042"


def test_the_worker_logs_a_task_under_the_request_id_it_carries(monkeypatch):
    seen = []
    monkeypatch.setattr(
        job_tasks.services, "requeue_pending", lambda: seen.append(logs.current_request_id.get())
    )
    job_tasks.sweep_pending_jobs.apply(headers={"request_id": "request-id-0043"})
    assert seen == ["request-id-0043"]
    assert logs.current_request_id.get() == ""


def test_production_logs_are_json_lines_with_the_request_id():
    code = (
        "import django, logging, os; os.environ['DJANGO_SETTINGS_MODULE']='kitemark.settings';"
        "django.setup();"
        "from operations import logs; logs.current_request_id.set('request-id-0044');"
        "logging.getLogger('kitemark.test').warning('sent %s emails', 3)"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "example.org",
        "CREDENTIAL_SIGNING_KEY_FILE": "/run/secrets/kitemark-credential-key.pem",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "sent 3 emails"
    assert line["level"] == "WARNING"
    assert line["request_id"] == "request-id-0044"


def test_the_request_id_filter_names_no_request_outside_one():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    assert logs.RequestIdFilter().filter(record) and record.request_id == ""


def test_the_scrubber_removes_addresses_from_messages_and_breadcrumbs():
    from operations.monitoring import scrub_event

    event = scrub_event(
        {
            "message": "bounce from sam@council.gov.uk",
            "logentry": {
                "message": "emailed %s",
                "params": ["Aisha"],
                "formatted": "emailed Aisha",
            },
            "breadcrumbs": {"values": [{"message": "to a@b.org", "data": {"name": "Aisha"}}]},
            "user": {"id": 7, "email": "a@b.org", "username": "aisha"},
        }
    )
    assert "Aisha" not in json.dumps(event) and "@" not in json.dumps(event)
    assert event["user"] == {"id": 7}
    assert event["logentry"] == {"message": "emailed %s"}
