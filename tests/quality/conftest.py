"""A world built once per module inside a transaction that is rolled back at the end.

Each test still runs in its own savepoint (pytest-django's `db`), so a request
that changes something cannot affect the next cell of the matrix.
"""

import pytest
from django.db import transaction
from django.test import override_settings


def _storages(location):
    from django.conf import settings

    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }


@pytest.fixture(scope="module")
def world_files(tmp_path_factory):
    return tmp_path_factory.mktemp("quality-private")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_files):
    from tests.quality.world import build_world

    with (
        django_db_blocker.unblock(),
        override_settings(
            PRIVATE_ROOT=world_files,
            STORAGES=_storages(world_files),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _world_storage(_private_storage, settings, world_files):
    """Serve the world's files (the root conftest points each test at a fresh folder)."""
    settings.PRIVATE_ROOT = world_files
    settings.STORAGES = _storages(world_files)
