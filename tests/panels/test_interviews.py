"""Booking and cancelling interviews: refused in the past, without a place, over another
interview of the same people, or once scoring has started."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Status
from panels.models import Interview
from panels.refusals import PanelError
from panels.services import assignment, interviews, scoring
from tests.panels.factories import InterviewFactory, ready_to_score

pytestmark = pytest.mark.django_db


def _assigned(application, members, facilitator):
    return assignment.assign_panel(
        application, members=members, facilitator=facilitator, actor=facilitator
    )


def test_scheduling_in_the_past_is_refused(client, application, members, facilitator):
    _assigned(application, members, facilitator)
    client.force_login(facilitator)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("panels:staff_interview", args=[application.pk]),
        {"date": yesterday.isoformat(), "time": "10:00", "duration_minutes": 60, "venue": "Hall"},
    )
    assert response.status_code == 200
    assert "Choose a date and time in the future." in response.content.decode()
    assert not Interview.objects.exists()
    with pytest.raises(PanelError, match="future"):
        interviews.schedule_interview(
            application,
            starts_at=timezone.now() - datetime.timedelta(minutes=5),
            duration_minutes=60,
            venue="Hall",
            video_link="",
            actor=facilitator,
        )


def test_scheduling_needs_a_venue_or_link(client, application, members, facilitator, next_week):
    _assigned(application, members, facilitator)
    client.force_login(facilitator)
    response = client.post(reverse("panels:staff_interview", args=[application.pk]), next_week)
    assert "Give a venue or a video link." in response.content.decode()
    assert not Interview.objects.exists()


def test_overlapping_a_members_other_interview_is_refused(
    client, application, members, facilitator
):
    maya, leo = members
    _assigned(application, [maya, leo], facilitator)
    other, other_panel, _ = ready_to_score(members=0)
    other_panel.seats.create(member=maya)
    taken = Interview.objects.get(application=other)
    local = timezone.localtime(taken.starts_at) + datetime.timedelta(minutes=30)
    client.force_login(facilitator)
    response = client.post(
        reverse("panels:staff_interview", args=[application.pk]),
        {
            "date": local.date().isoformat(),
            "time": local.strftime("%H:%M"),
            "duration_minutes": 60,
            "venue": "Hall",
        },
    )
    content = response.content.decode()
    assert "overlaps another interview" in content
    assert "Maya" in content
    assert Interview.objects.filter(application=application).count() == 0
    application.refresh_from_db()
    assert application.status == Status.PANEL_ASSIGNED

    # Straight after the other interview ends is fine.
    after = timezone.localtime(taken.ends_at)
    interviews.schedule_interview(
        application,
        starts_at=after,
        duration_minutes=60,
        venue="Hall",
        video_link="",
        actor=facilitator,
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
    scoring.save_score(members[0], application, application.level.indicators.first().pk, 3)
    with pytest.raises(PanelError, match="started scoring"):
        interviews.cancel_interview(interview, actor=facilitator)
