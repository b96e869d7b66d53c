"""Two web servers behind one load balancer: two gunicorn processes on two free ports,
sharing one PostgreSQL database, one Redis (sessions through the cache, rate limits) and
one bucket (moto's S3 emulator). A user signs in and uploads evidence on one, then
downloads it and carries on with the application on the other."""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests
from django_ratelimit.core import _get_window

from assessments.models import Answer, Evidence
from assessments.services import applications
from tests.assessments import files
from tests.assessments.factories import CycleFactory, default_level
from tests.organisations.factories import OrganisationFactory, member_of

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery-staple-42"  # noqa: S105


def _start(env):
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    process = subprocess.Popen(  # noqa: S603
        [gunicorn, "kitemark.wsgi:application", "--bind", "127.0.0.1:0", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", line)
        if found:
            return process, found.group(1)
        if process.poll() is not None:
            break
    process.kill()
    raise AssertionError("gunicorn did not start")


def _csrf(session, url):
    page = session.get(url, timeout=90)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


@pytest.mark.real_stack
def test_sign_in_and_upload_on_one_server_download_and_continue_on_the_other(
    transactional_db, s3_storage, settings
):
    from django.db import connection

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    CycleFactory()
    organisation = OrganisationFactory(name="Riverside Youth Project")
    member = member_of(organisation, email="alex@riverside.example")
    member.set_password(PASSWORD)
    member.save()
    application = applications.start_application(organisation, default_level("silver"), member)
    answer = application.answers.select_related("indicator").order_by("indicator__order")[0]

    db = connection.settings_dict
    redis_db = os.environ["CELERY_BROKER_URL"].rsplit("/", 1)[-1]
    storage = settings.STORAGES["default"]["OPTIONS"]
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL"}},
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CACHE_URL": f"rediscache://127.0.0.1:6379/{redis_db}",
        "SECRET_KEY": "two-servers-share-this-secret-key-" + "x" * 30,
        "AWS_STORAGE_BUCKET_NAME": storage["bucket_name"],
        "AWS_S3_ENDPOINT_URL": storage["endpoint_url"],
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "RATELIMIT_ENABLE": "true",
        "DJANGO_SETTINGS_MODULE": "kitemark.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    first, first_url = _start(env)
    try:
        second, second_url = _start(env)
        try:
            assert first_url != second_url
            browser = requests.Session()
            login = f"{first_url}/accounts/login/"
            signed_in = browser.post(
                login,
                data={
                    "username": "alex@riverside.example",
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": _csrf(browser, login),
                },
                headers={"Referer": login},
                timeout=90,
            )
            assert signed_in.status_code == 200 and "/accounts/login/" not in signed_in.url

            upload = f"{first_url}/organisations/{organisation.pk}/evidence/upload/"
            data = files.pdf_bytes()
            uploaded = browser.post(
                upload,
                data={"csrfmiddlewaretoken": _csrf(browser, upload)},
                files={"files": ("Forum notes.pdf", data, "application/pdf")},
                headers={"Referer": upload},
                timeout=90,
            )
            assert uploaded.status_code == 200
            evidence = Evidence.objects.get(original_name="Forum notes.pdf")

            # The other server: the same session, the same file, the same application.
            download = browser.get(f"{second_url}/evidence/{evidence.pk}/download/", timeout=90)
            assert download.status_code == 200
            assert download.content == data
            page = f"{second_url}/applications/{application.pk}/indicators/{answer.indicator.code}/"
            saved = browser.post(
                page,
                data={
                    "csrfmiddlewaretoken": _csrf(browser, page),
                    "text": "Young people chair our forum.",
                    "self_rating": "3",
                    "revision": answer.revision,
                    "evidence": [evidence.pk],
                },
                headers={"Referer": page},
                timeout=90,
            )
            assert saved.status_code == 200
            answer = Answer.objects.get(pk=answer.pk)
            assert answer.text == "Young people chair our forum."
            assert list(answer.evidence.values_list("pk", flat=True)) == [evidence.pk]

            # A rate limit counts the requests to both servers: 60 lookups a minute per IP.
            shared = redis.Redis.from_url(env["CACHE_URL"].replace("rediscache", "redis"))
            bogus = "not-a-real-code-1234"
            for _ in range(3):
                # django-ratelimit counts in fixed one-minute windows: when the 61 requests
                # straddle two, count again from an empty window.
                window = _get_window("127.0.0.1", 60)
                for key in shared.scan_iter(":1:rl:*"):
                    shared.delete(key)
                answers = [
                    browser.get(f"{url}/verify/{bogus}/", timeout=90).status_code
                    for url in [first_url, second_url] * 30
                ]
                last = browser.get(f"{first_url}/verify/{bogus}/", timeout=90).status_code
                if _get_window("127.0.0.1", 60) == window:
                    break
            assert 429 not in answers
            assert last == 429

            # Signing out on one server ends the session on both.
            browser.post(
                f"{second_url}/accounts/logout/",
                data={"csrfmiddlewaretoken": _csrf(browser, page)},
                headers={"Referer": page},
                timeout=90,
            )
            after = browser.get(page.replace(second_url, first_url), timeout=90)
            assert "/accounts/login/" in after.url
        finally:
            second.terminate()
            second.wait(timeout=90)
    finally:
        first.terminate()
        first.wait(timeout=90)
