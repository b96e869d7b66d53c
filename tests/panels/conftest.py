import datetime

import pytest
from django.utils import timezone

from tests.accounts.factories import StaffFactory
from tests.organisations.factories import member_of
from tests.panels.factories import PanelMemberFactory, submitted_application


@pytest.fixture
def facilitator(db):
    return StaffFactory(full_name="Fran Facilitator")


@pytest.fixture
def application(db):
    return submitted_application()


@pytest.fixture
def org_user(application):
    return member_of(application.organisation, email="boss@riverside.example")


@pytest.fixture
def members(db):
    return [
        PanelMemberFactory(display_name="Maya", user__email="maya.private@example.org"),
        PanelMemberFactory(display_name="Leo"),
    ]


@pytest.fixture
def next_week():
    day = timezone.localdate() + datetime.timedelta(days=7)
    return {"date": day.isoformat(), "time": "10:00", "duration_minutes": 60}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Hashing passwords the slow, safe way is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
