"""assessments.workflow: what a move sends and records beside the new status."""

import datetime

import pytest
from django.core import mail

from assessments import workflow
from assessments.models import Status
from tests.accounts.factories import StaffFactory
from tests.assessments.factories import ApplicationFactory
from tests.organisations.factories import member_of

pytestmark = pytest.mark.django_db


def test_the_resubmission_email_gives_the_total_out_of_the_maximum(run_jobs):
    application = ApplicationFactory(
        status=Status.SCORED, total=44, resubmission_deadline=datetime.date(2031, 2, 28)
    )
    member = member_of(application.organisation)
    with run_jobs(execute=True):
        workflow.transition(
            application,
            Status.RESUBMISSION_INVITED,
            actor=StaffFactory(),
            actor_kind=workflow.STAFF,
        )
    [email] = mail.outbox
    assert email.to == [member.email]
    assert "You scored 44 out of 64, so you are invited to resubmit." in email.body
    assert "until 28 February 2031" in email.body
