import os

import pytest

from tests.accounts.factories import UserFactory


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
