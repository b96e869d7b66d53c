import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_content_security_policy_forbids_inline_script_objects_base_and_framing(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_contain_no_inline_script(client):
    import re

    page = client.get("/accounts/login/").content.decode()
    for match in re.finditer(r"<script([^>]*)>(.*?)</script>", page, re.S):
        attributes, body = match.groups()
        assert "src=" in attributes and not body.strip(), match.group(0)[:200]
    assert " onclick=" not in page and " onload=" not in page


def test_production_turns_on_hsts_secure_cookies_and_https_redirect():
    code = (
        "import django, os; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY)"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}},
        "DJANGO_SETTINGS_MODULE": "kitemark.settings",
        "DEBUG": "false",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "kitemark.example.gov.uk",
        "CREDENTIAL_SIGNING_KEY_FILE": "/run/secrets/kitemark-credential-key.pem",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    hsts, session_secure, csrf_secure, redirect, httponly = out.stdout.split()
    assert int(hsts) >= 31536000
    assert (session_secure, csrf_secure, redirect, httponly) == ("True",) * 4
