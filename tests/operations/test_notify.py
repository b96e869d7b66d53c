"""Email through GOV.UK Notify, against a fake Notify API: a real HTTP server on loopback
(port 0) that checks the client's signed token and records each request."""

import base64
import json
import os
import subprocess
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import jwt
import pytest

from jobs import services as job_services
from jobs.models import Job
from operations.notify import reference_for

ROOT = Path(__file__).resolve().parents[2]
SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"kitemark_test-{SERVICE_ID}-{SECRET}"
TEMPLATE = str(uuid.uuid4())
FILE_TEMPLATE = str(uuid.uuid4())


class FakeNotify:
    def __init__(self):
        self.sent = []  # the JSON bodies of POST /v2/notifications/email
        self.fail_next_for = set()  # addresses whose next send answers 500
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _authorised(self):
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                claims = jwt.decode(token, SECRET, algorithms=["HS256"])
                return claims["iss"] == SERVICE_ID

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802
                assert self._authorised()
                url = urlparse(self.path)
                assert url.path == "/v2/notifications"
                reference = parse_qs(url.query)["reference"][0]
                found = [n for n in fake.sent if n.get("reference") == reference]
                self._answer(200, {"notifications": found, "links": {}})

            def do_POST(self):  # noqa: N802
                assert self._authorised()
                assert self.path == "/v2/notifications/email"
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if body["email_address"] in fake.fail_next_for:
                    fake.fail_next_for.discard(body["email_address"])
                    self._answer(500, {"errors": [{"error": "Exception", "message": "down"}]})
                    return
                fake.sent.append(body)
                self._answer(201, {"id": str(uuid.uuid4()), "reference": body.get("reference")})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def notify(settings):
    fake = FakeNotify()
    settings.EMAIL_BACKEND = "operations.notify.NotifyEmailBackend"
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_BASE_URL = fake.url
    settings.NOTIFY_TEMPLATE_ID = TEMPLATE
    settings.NOTIFY_FILE_TEMPLATE_ID = FILE_TEMPLATE
    settings.NOTIFY_REPLY_TO_ID = ""
    yield fake
    fake.close()


def _send(run_jobs, **extra):
    with run_jobs(execute=True):
        job = job_services.send_email(
            to=["ola@example.org", "sam@example.org"],
            subject="Your Kitemark panel interview",
            template="panels_interview_member",
            context={"interview": None, "application": None, "change": "new"},
            key=f"test-email:{uuid.uuid4()}",
            **extra,
        )
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_each_recipient_gets_the_subject_and_body_through_the_template(notify, run_jobs):
    job = _send(run_jobs)
    assert job.status == Job.Status.DONE
    assert [n["email_address"] for n in notify.sent] == ["ola@example.org", "sam@example.org"]
    for notification in notify.sent:
        assert notification["template_id"] == TEMPLATE
        assert notification["personalisation"]["subject"] == "Your Kitemark panel interview"
        assert notification["personalisation"]["body"] == job.payload["body"]
        assert notification["reference"] == reference_for(job.key, notification["email_address"])
        assert "@" not in notification["reference"]
        assert "link_to_file" not in notification["personalisation"]


@pytest.mark.django_db
def test_a_calendar_file_goes_as_a_notify_file_link(notify, run_jobs):
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    _send(run_jobs, attachments=[("kitemark-interview.ics", ics, "text/calendar")])
    notification = notify.sent[0]
    assert notification["template_id"] == FILE_TEMPLATE
    link = notification["personalisation"]["link_to_file"]
    assert base64.b64decode(link["file"]).decode() == ics
    assert link["filename"] == "kitemark-interview.ics"
    assert link["confirm_email_before_download"] is True


@pytest.mark.django_db
def test_a_retried_job_never_sends_anyone_the_email_twice(notify, run_jobs, settings):
    notify.fail_next_for.add("sam@example.org")
    job = _send(run_jobs)
    assert job.status == Job.Status.PENDING and job.attempts == 1
    assert [n["email_address"] for n in notify.sent] == ["ola@example.org"]
    job_services.run(job.pk)  # the retry
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert sorted(n["email_address"] for n in notify.sent) == [
        "ola@example.org",
        "sam@example.org",
    ]


def _settings_with(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL", "NOTIFY"))}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='kitemark.settings';"
        "django.setup(); from django.conf import settings as s; print(s.EMAIL_BACKEND)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_smtp_stays_the_default_and_notify_is_chosen_by_a_setting():
    smtp = _settings_with(EMAIL_URL="smtp+tls://user:pass@smtp.example.gov.uk:587")
    assert smtp.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"
    chosen = _settings_with(
        EMAIL_BACKEND="notify", NOTIFY_API_KEY=API_KEY, NOTIFY_TEMPLATE_ID=TEMPLATE
    )
    assert chosen.stdout.strip() == "operations.notify.NotifyEmailBackend"
    missing = _settings_with(EMAIL_BACKEND="notify")
    assert missing.returncode == 1
    assert "NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID" in missing.stderr
