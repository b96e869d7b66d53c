"""The resubmission lapse (services.applications.lapse_overdue_resubmissions): a
resubmission not sent by its deadline ends the application as not awarded, once."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from assessments.models import Status
from assessments.services import applications
from assessments.tasks import lapse_overdue_resubmissions
from kitemark.celery import app as celery_app
from tests.assessments.factories import ApplicationFactory
from tests.organisations.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db

LAPSED = (
    "The resubmission deadline passed with nothing submitted, so the application is not awarded."
)


def invited(deadline, **kwargs):
    organisation = OrganisationFactory()
    member_of(organisation)
    return ApplicationFactory(
        organisation=organisation,
        status=Status.RESUBMISSION_INVITED,
        total=44,
        resubmission_deadline=deadline,
        **kwargs,
    )


def test_an_overdue_resubmission_lapses_once_by_the_system():
    today = timezone.localdate()
    overdue = invited(today - datetime.timedelta(days=1))
    assert applications.lapse_overdue_resubmissions() == 1
    overdue.refresh_from_db()
    assert overdue.status == Status.NOT_AWARDED
    event = overdue.timeline.get(to_status=Status.NOT_AWARDED)
    assert event.from_status == Status.RESUBMISSION_INVITED
    assert event.actor is None
    assert event.message == LAPSED
    # A second run changes nothing and records nothing.
    assert applications.lapse_overdue_resubmissions() == 0
    assert overdue.timeline.filter(to_status=Status.NOT_AWARDED).count() == 1


def test_the_deadline_day_itself_is_still_open():
    application = invited(datetime.date(2030, 3, 31))
    assert applications.lapse_overdue_resubmissions(today=datetime.date(2030, 3, 31)) == 0
    application.refresh_from_db()
    assert application.status == Status.RESUBMISSION_INVITED
    assert applications.lapse_overdue_resubmissions(today=datetime.date(2030, 4, 1)) == 1
    application.refresh_from_db()
    assert application.status == Status.NOT_AWARDED


def test_resubmitted_on_time_and_other_applications_are_left_alone():
    today = timezone.localdate()
    past = today - datetime.timedelta(days=5)
    resubmitted = ApplicationFactory(status=Status.RESUBMITTED, round=2, resubmission_deadline=past)
    on_time = invited(today)
    later = invited(today + datetime.timedelta(days=30))
    no_deadline = invited(None)
    scored = ApplicationFactory(status=Status.SCORED, resubmission_deadline=past)
    assert applications.lapse_overdue_resubmissions() == 0
    for application, status in [
        (resubmitted, Status.RESUBMITTED),
        (on_time, Status.RESUBMISSION_INVITED),
        (later, Status.RESUBMISSION_INVITED),
        (no_deadline, Status.RESUBMISSION_INVITED),
        (scored, Status.SCORED),
    ]:
        application.refresh_from_db()
        assert application.status == status
        assert not application.timeline.filter(to_status=Status.NOT_AWARDED).exists()


def test_every_overdue_application_lapses_and_the_organisation_is_told(run_jobs, mailoutbox):
    today = timezone.localdate()
    overdue = [invited(today - datetime.timedelta(days=n)) for n in (1, 2, 40)]
    with run_jobs(execute=True):
        assert applications.lapse_overdue_resubmissions() == 3
    for application in overdue:
        application.refresh_from_db()
        assert application.status == Status.NOT_AWARDED
    assert sorted(m.subject for m in mailoutbox) == ["Your Kitemark result"] * 3


def test_the_task_lapses_and_beat_runs_it_daily():
    overdue = invited(timezone.localdate() - datetime.timedelta(days=1))
    assert lapse_overdue_resubmissions.apply().get() == 1
    overdue.refresh_from_db()
    assert overdue.status == Status.NOT_AWARDED
    entry = settings.CELERY_BEAT_SCHEDULE["lapse-resubmissions"]
    assert entry["task"] == lapse_overdue_resubmissions.name
    assert entry["task"] in celery_app.tasks
    # Beat runs the lapse once: no other entry runs a lapse task.
    lapsing = [
        name for name, other in settings.CELERY_BEAT_SCHEDULE.items() if "lapse" in other["task"]
    ]
    assert lapsing == ["lapse-resubmissions"]
