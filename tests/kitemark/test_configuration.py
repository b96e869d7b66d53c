import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from credentials.keys import new_private_key_pem

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into production checks.
    dropped = {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DEBUG": "false", "ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
        (
            {"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org"},
            "CREDENTIAL_SIGNING_KEY",
        ),
    ],
)
def test_production_without_required_setting_stops_with_one_line_naming_it(env, variable):
    result = _manage(
        "check",
        **{
            "SECRET_KEY": "",
            "ALLOWED_HOSTS": "",
            "CREDENTIAL_SIGNING_KEY": "",
            "CREDENTIAL_SIGNING_KEY_FILE": "",
            **env,
        },
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_production_settings_pass_deploy_checks():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="kitemark.example.gov.uk",
        SITE_URL="https://kitemark.example.gov.uk",
        CREDENTIAL_SIGNING_KEY=new_private_key_pem(),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _printed_settings(expressions, unset, **env):
    """What `print(expressions)` shows after django.setup() in a fresh interpreter, with
    the `unset` variables removed from the environment and `env` added."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='kitemark.settings';"
        "django.setup();"
        "from django.conf import settings as s;"
        f"print({expressions})"
    )
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(env)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_embedded_defaults_use_sqlite_inline_tasks_and_console_email():
    printed = _printed_settings(
        "s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND,"
        " s.TIME_ZONE, s.LANGUAGE_CODE",
        unset={"DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL", "DEBUG"},
    )
    assert printed == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "Europe/London",
        "en-gb",
    ]


def _database_options(**env):
    return _printed_settings(
        "s.DATABASES['default'].get('OPTIONS', {}).get('server_side_binding'),"
        " s.DATABASES['default'].get('OPTIONS', {}).get('prepare_threshold')",
        unset={"DATABASE_URL", "DB_PREPARE_THRESHOLD"},
        **env,
    )


POSTGRES_URL = "postgres://kitemark@db.example:5432/kitemark"


def test_postgresql_binds_values_on_the_server_and_prepares_repeated_queries():
    url = POSTGRES_URL
    assert _database_options(DATABASE_URL=url) == ["True", "1"]
    assert _database_options(DATABASE_URL=url, DB_PREPARE_THRESHOLD="2") == ["True", "2"]
    # Behind a transaction-mode pooler prepared statements must be off.
    assert _database_options(DATABASE_URL=url, DB_PREPARE_THRESHOLD="") == ["True", "None"]
    assert _database_options() == ["None", "None"]  # SQLite: nothing to set


def test_postgresql_connections_are_kept_ten_minutes_and_checked_before_use():
    # Each new connection prepares its statements again, so connections are kept; a health
    # check on each request's first query replaces one the server has dropped.
    url = POSTGRES_URL
    keep = "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS']"
    unset = {"DATABASE_URL", "CONN_MAX_AGE"}
    assert _printed_settings(keep, unset, DATABASE_URL=url) == ["600", "True"]
    assert _printed_settings(keep, unset, DATABASE_URL=url, CONN_MAX_AGE="0") == ["0", "True"]


def _session_engine(**env):
    return _printed_settings("s.SESSION_ENGINE", unset={"CACHE_URL"}, **env)


def test_sessions_are_read_from_the_cache_only_when_every_process_shares_it():
    # Redis (docker-compose.yml's cache): cached_db saves a query on every signed-in page.
    assert _session_engine(CACHE_URL="redis://127.0.0.1:6379/1") == [
        "django.contrib.sessions.backends.cached_db"
    ]
    # The embedded per-process cache would keep a session alive in one process after a
    # sign-out in another, so sessions stay in the database alone.
    assert _session_engine() == ["django.contrib.sessions.backends.db"]


def test_a_redis_cache_url_gives_the_backend_that_keeps_its_client():
    printed = "s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION']"
    assert _printed_settings(printed, {"CACHE_URL"}, CACHE_URL="redis://127.0.0.1:6379/1") == [
        "kitemark.cache.RedisCache",
        "redis://127.0.0.1:6379/1",
    ]
    assert _printed_settings(printed, {"CACHE_URL"}) == [
        "django.core.cache.backends.locmem.LocMemCache",
        "kitemark",
    ]


def test_env_example_names_every_conventional_variable():
    text = (ROOT / ".env.example").read_text()
    for name in (
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "EMAIL_URL",
        "DEFAULT_FROM_EMAIL",
        "SITE_URL",
    ):
        assert f"\n{name}=" in f"\n{text}", name


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


class TestDockerCompose:
    def test_defines_the_production_services(self, compose):
        assert set(compose["services"]) == {
            "web",
            "worker",
            "beat",
            "postgres",
            "redis",
            "minio",
            "minio-bucket",
        }
        default = {n for n, s in compose["services"].items() if not s.get("profiles")}
        assert default == {"web", "worker", "beat", "postgres", "redis"}

    def test_minio_runs_only_in_the_storage_profile_with_a_private_bucket(self, compose):
        minio, bucket = compose["services"]["minio"], compose["services"]["minio-bucket"]
        assert minio["profiles"] == bucket["profiles"] == ["storage"]
        assert minio["command"].startswith("server /data")
        assert "minio-data:/data" in minio["volumes"]
        assert bucket["depends_on"]["minio"]["condition"] == "service_healthy"
        assert "mc anonymous set none" in bucket["entrypoint"][-1]

    def test_every_service_has_a_healthcheck(self, compose):
        for name, service in compose["services"].items():
            assert "test" in service.get("healthcheck", {}), name

    def test_commands_run_gunicorn_worker_and_beat(self, compose):
        services = compose["services"]
        assert "gunicorn kitemark.wsgi:application" in services["web"]["command"]
        assert services["worker"]["command"].startswith("celery -A kitemark worker")
        assert services["beat"]["command"].startswith("celery -A kitemark beat")

    def test_app_services_share_env_file_broker_database_and_private_volume(self, compose):
        for name in ("web", "worker", "beat"):
            service = compose["services"][name]
            assert service["env_file"] == ".env"
            assert service["environment"]["CELERY_BROKER_URL"].startswith("redis://redis:")
            # Rate limits live in the cache: a per-process cache would split them.
            assert service["environment"]["CACHE_URL"] == "redis://redis:6379/1"
            assert "@postgres:5432/" in service["environment"]["DATABASE_URL"]
            assert "private-files:/data/private" in service["volumes"]
            assert service["depends_on"]["postgres"]["condition"] == "service_healthy"

    def test_named_volumes_for_database_and_private_files(self, compose):
        assert {"postgres-data", "private-files"} <= set(compose["volumes"])
        assert (
            "postgres-data:/var/lib/postgresql/data" in compose["services"]["postgres"]["volumes"]
        )
