"""Shared state for more than one web server: what the settings choose with Redis, and
the per-address rate limits behind a load balancer."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _settings(expressions, **env):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='kitemark.settings';"
        "django.setup(); from django.conf import settings as s;"
        f"print({expressions})"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_with_redis_sessions_and_every_rate_limit_use_the_shared_cache():
    printed = _settings(
        "s.CACHES['default']['BACKEND'], s.SESSION_ENGINE,"
        "getattr(s, 'RATELIMIT_USE_CACHE', 'default'), getattr(s, 'AXES_HANDLER', 'database')",
        CACHE_URL="rediscache://127.0.0.1:6379/6",
    )
    assert printed == [
        "kitemark.cache.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "default",  # django-ratelimit: every limit counts in the shared cache
        "axes.handlers.database.AxesDatabaseHandler",  # login lockouts: in the database
    ]


def test_behind_a_trusted_proxy_rate_limits_count_the_forwarded_client():
    printed = _settings(
        "getattr(s, 'RATELIMIT_IP_META_KEY', None)", AUDIT_TRUST_X_FORWARDED_FOR="true"
    )
    assert printed == ["audit.services.ratelimit_ip"]
    assert _settings("getattr(s, 'RATELIMIT_IP_META_KEY', None)") == ["None"]


@pytest.mark.django_db
def test_two_clients_behind_one_balancer_have_their_own_budgets(client, settings, monkeypatch):
    from django_ratelimit import core

    # One counting window for the whole test, wherever the clock is in the minute.
    monkeypatch.setattr(core, "_get_window", lambda value, period: 4_000_000_000)
    settings.RATELIMIT_ENABLE = True
    settings.AUDIT_TRUST_X_FORWARDED_FOR = True
    settings.RATELIMIT_IP_META_KEY = "audit.services.ratelimit_ip"
    url = "/verify/not-a-real-code-1234/"
    balancer = {"REMOTE_ADDR": "10.0.0.5"}
    for _ in range(60):
        client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1", **balancer)
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1", **balancer).status_code == 429
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.2", **balancer).status_code == 404
