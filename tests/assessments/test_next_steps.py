"""assessments.next_steps: what an organisation does next, for each status."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import FINISHED_STATUSES, LIVE_STATUSES, Status
from assessments.next_steps import next_step


def _values(status, deadline=datetime.date(2031, 3, 14), resubmission_deadline=None):
    return {
        "status": status,
        "cycle__submission_deadline": deadline,
        "resubmission_deadline": resubmission_deadline,
    }


def test_a_draft_is_finished_and_submitted_by_the_cycle_deadline():
    assert next_step(_values(Status.DRAFT)) == (
        "Finish your self-assessment and submit it by 14 March 2031."
    )


def test_a_returned_application_is_submitted_again_by_the_cycle_deadline():
    assert "submit again by 14 March 2031." in next_step(_values(Status.RETURNED))


def test_the_interview_time_is_given_in_local_time_when_one_is_booked():
    starts = timezone.make_aware(datetime.datetime(2031, 5, 6, 14, 30))
    assert next_step(_values(Status.INTERVIEW_SCHEDULED), starts).startswith(
        "The panel will interview you on Tuesday 6 May 2031 at 2:30 p.m."
    )
    assert next_step(_values(Status.INTERVIEW_SCHEDULED)) == (
        "The panel will interview you. Your email invitation has the date, time and place."
    )


def test_a_resubmission_gives_its_deadline_when_it_has_one():
    with_deadline = _values(
        Status.RESUBMISSION_INVITED, resubmission_deadline=datetime.date(2031, 2, 28)
    )
    assert next_step(with_deadline).endswith("then resubmit by 28 February 2031.")
    assert next_step(_values(Status.RESUBMISSION_INVITED)).endswith(
        "make the changes the panel suggested."
    )


@pytest.mark.parametrize("status", LIVE_STATUSES)
def test_every_live_status_has_a_next_step(status):
    assert next_step(_values(status), timezone.now())


@pytest.mark.parametrize("status", FINISHED_STATUSES)
def test_a_finished_application_has_no_next_step(status):
    assert next_step(_values(status)) == ""
