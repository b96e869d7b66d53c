"""Only participation staff reach the console: others get 403, anonymous users log in."""

import pytest
from django.urls import reverse

from assessments.models import Cycle, Status
from jobs.models import Job
from tests.accounts.factories import PanelUserFactory, StaffFactory
from tests.assessments.factories import ApplicationFactory, CycleFactory
from tests.jobs.factories import JobFactory
from tests.organisations.factories import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects():
    cycle = CycleFactory(name="Spring")
    application = ApplicationFactory(cycle=cycle, status=Status.SUBMITTED)
    job = JobFactory(status=Job.Status.FAILED, application=application)
    return cycle, application, job


def _pages(cycle, application, job):
    return [
        ("get", reverse("console:staff_dashboard")),
        ("get", reverse("console:staff_applications")),
        ("get", reverse("console:staff_detail", args=[application.pk])),
        ("get", reverse("console:staff_submission", args=[application.pk])),
        ("get", reverse("console:staff_scores", args=[application.pk])),
        ("get", reverse("console:staff_timeline", args=[application.pk])),
        ("get", reverse("console:staff_cycles")),
        ("get", reverse("console:staff_cycle_create")),
        ("post", reverse("console:staff_cycle_create")),
        ("get", reverse("console:staff_cycle", args=[cycle.pk])),
        ("get", reverse("console:staff_cycle_edit", args=[cycle.pk])),
        ("post", reverse("console:staff_cycle_edit", args=[cycle.pk])),
        ("get", reverse("console:staff_cycle_state", args=[cycle.pk, "close"])),
        ("post", reverse("console:staff_cycle_state", args=[cycle.pk, "close"])),
        ("get", reverse("console:staff_reports")),
        ("get", reverse("console:staff_report_csv", args=["awards"])),
        ("post", reverse("console:staff_retry_job", args=[job.pk])),
    ]


@pytest.mark.parametrize("who", ["organisation", "panel"])
def test_organisation_users_and_panel_members_get_403_everywhere(client, objects, who):
    cycle, application, job = objects
    client.force_login(
        member_of(application.organisation) if who == "organisation" else PanelUserFactory()
    )
    for method, url in _pages(*objects):
        response = getattr(client, method)(url, {"name": "Hacked"} if method == "post" else None)
        assert response.status_code == 403, url
    cycle.refresh_from_db()
    job.refresh_from_db()
    assert cycle.name == "Spring"
    assert cycle.is_closed is False
    assert job.status == Job.Status.FAILED


def test_anonymous_users_are_sent_to_log_in(client, objects):
    for method, url in _pages(*objects):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url
    assert not Cycle.objects.filter(is_closed=True).exists()


def test_staff_reach_every_page(client, objects):
    client.force_login(StaffFactory())
    for method, url in _pages(*objects):
        if method == "get":
            assert client.get(url).status_code == 200, url
