import os

import pytest

from tests.accounts.factories import UserFactory


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite, test in a file rather than shared-cache memory: the live server answers
    the browser's parallel requests from several threads, and shared-cache SQLite
    refuses concurrent writers outright ("table is locked") instead of waiting. The
    settings' transaction mode and busy timeout apply to it as to the real database."""
    import tempfile
    from pathlib import Path

    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        name = Path(tempfile.gettempdir()) / f"kitemark-test-{os.getpid()}.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(scope="session", autouse=True)
def _flush_may_empty_the_audit_log():
    """Transactional tests end by flushing the database. On PostgreSQL that is a TRUNCATE,
    which the audit log's triggers allow; on SQLite it is a DELETE of every row, which they
    refuse. Let the test database's flush through the audit log's one permitted path."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from audit import tamper_guard

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        from django.db import transaction

        alias = self.connection.alias
        with transaction.atomic(using=alias), tamper_guard.permitted(using=alias):
            return original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.fixture(scope="session", autouse=True)
def _flush_applications_before_the_framework():
    """A transactional test ends with a flush, which SQLite runs as one DELETE per table in
    the order of a Python set, so it could empty the framework's tables while applications
    still use it: the framework freeze's triggers (assessments/framework_freeze_sql.py)
    refuse that. Flush in name order, where assessments_application comes before the
    framework's tables. (PostgreSQL flushes with one TRUNCATE, which fires no row trigger.)"""
    from django.db.backends.base.introspection import BaseDatabaseIntrospection

    unordered = BaseDatabaseIntrospection.django_table_names

    def in_name_order(self, *args, **kwargs):
        return sorted(unordered(self, *args, **kwargs))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseIntrospection, "django_table_names", in_name_order)
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: nothing one test's data put there (rate limit
    counters, cached counts) may answer for another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_scheme_settings(_empty_cache):
    """Each test's database starts without scheme settings, so the cache starts with the
    defaults, as a running service's does after its first read: a page's query count
    does not depend on being the first page a test opens. Saving the settings
    (scheme.services.settings) forgets this copy."""
    from django.core.cache import cache

    from scheme.models import SchemeSettings
    from scheme.selectors import CACHE_KEY, CACHE_SECONDS

    cache.set(CACHE_KEY, SchemeSettings(), CACHE_SECONDS)


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    """Every test writes private files to its own folder."""
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.RATELIMIT_ENABLE = False
    # Hashing passwords the slow, safe way is not what these tests are about.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_framework_in_transactional_tests(request):
    """Transactional tests (live server, real worker) start from a flushed database,
    which removes what the data migration installed; put the default framework back."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from assessments.framework import install_default_framework
    from assessments.models import FrameworkVersion, Indicator, Level, ScoreDescriptor

    install_default_framework(FrameworkVersion, Level, Indicator, ScoreDescriptor)


@pytest.fixture(autouse=True)
def _inline_tasks(settings):
    """Tasks run inline unless a test asks for the real worker (celery_worker_process)."""
    from kitemark.celery import app

    was_eager = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = was_eager


@pytest.fixture
def real_stack():
    """True in the CI pass that runs against PostgreSQL and Redis."""
    return bool(os.environ.get("CELERY_BROKER_URL")) and "postgres" in os.environ.get(
        "DATABASE_URL", ""
    )


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (and so the inline jobs they dispatch)."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def staff_user(db):
    return UserFactory(role="staff", full_name="Sam Staff")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def pytest_collection_modifyitems(config, items):
    """Real-stack tests run only in the PostgreSQL + Redis pass, and PostgreSQL-only tests
    only on PostgreSQL; elsewhere they are deselected (not skipped): there is no broker,
    worker or PostgreSQL feature to test there."""
    database = os.environ.get("DATABASE_URL", "")
    on_postgres = database.startswith("postgres")
    real_stack = bool(os.environ.get("CELERY_BROKER_URL")) and on_postgres
    keep, drop = [], []
    for item in items:
        unavailable = (item.get_closest_marker("real_stack") and not real_stack) or (
            item.get_closest_marker("postgres_only") and not on_postgres
        )
        (drop if unavailable else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture
def celery_worker_process(transactional_db, settings):
    """A real Celery worker in a subprocess, on the broker from CELERY_BROKER_URL and
    the test database, so a test sees the effect of a task the way production does."""
    import shutil
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.db import connection

    from kitemark.celery import app

    was_eager = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PRIVATE_ROOT": str(settings.PRIVATE_ROOT),
        "DJANGO_SETTINGS_MODULE": "kitemark.settings",
    }
    celery_bin = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    app.control.purge()
    proc = subprocess.Popen(
        [celery_bin, "-A", "kitemark", "worker", "-P", "solo", "--loglevel=INFO", "-n", "test@%h"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=1.0):
            break
        if proc.poll() is not None:
            raise RuntimeError(f"Celery worker exited early:\n{proc.stdout.read()}")
    else:
        proc.kill()
        raise RuntimeError("Celery worker did not answer a ping within 60 s")
    yield proc
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    app.conf.task_always_eager = was_eager


def wait_for(predicate, timeout=60, interval=0.25):
    """Poll until predicate() is truthy; returns its value or raises AssertionError."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Condition not met within {timeout} s")


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def browser():
    import shutil

    from playwright.sync_api import expect, sync_playwright

    # Assertions wait as long as actions do (10 s, as new_page sets): on a loaded two-core
    # machine a page after a POST can take longer than Playwright's default 5 s.
    expect.set_options(timeout=10_000)
    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make
    # between browser steps are still ordinary synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    executable = shutil.which("chromium")
    assert executable, "Debian's chromium package is required (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """new_page(user=None, width=1280, height=900) -> a page signed in as `user`."""
    contexts = []

    def make(user=None, width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        contexts.append(context)
        if user is not None:
            from django.test import Client

            client = Client()
            client.force_login(user)
            cookie = client.cookies["sessionid"]
            context.add_cookies(
                [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
            )
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
