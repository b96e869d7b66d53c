"""Booking and cancelling interviews: refused over another interview of the same people,
or once scoring has started."""

import datetime

import pytest

from assessments.models import Status
from panels.models import Interview
from panels.refusals import PanelError
from panels.services import assignment, interviews, scoring
from tests.panels.factories import InterviewFactory, open_round, ready_to_score

pytestmark = pytest.mark.django_db


def _assigned(application, members, facilitator):
    return assignment.assign_panel(
        application, members=members, facilitator=facilitator, actor=facilitator
    )


def test_overlapping_the_facilitators_other_interview_is_refused(application, members, facilitator):
    _assigned(application, members, facilitator)
    other, other_panel, _ = ready_to_score(members=0)
    other_panel.facilitator = facilitator
    other_panel.save()
    taken = Interview.objects.get(application=other)
    with pytest.raises(PanelError, match="Fran Facilitator"):
        interviews.schedule_interview(
            application,
            starts_at=taken.starts_at - datetime.timedelta(minutes=30),
            duration_minutes=60,
            venue="Hall",
            video_link="",
            actor=facilitator,
        )


def test_interview_cannot_be_cancelled_after_scoring_started(application, members, facilitator):
    _assigned(application, members, facilitator)
    interview = InterviewFactory(application=application)
    application.status = Status.INTERVIEW_SCHEDULED
    application.save()
    open_round(application, application.panel, members)
    scoring.save_score(members[0], application, application.level.indicators.first().pk, 3)
    with pytest.raises(PanelError, match="started scoring"):
        interviews.cancel_interview(interview, actor=facilitator)
