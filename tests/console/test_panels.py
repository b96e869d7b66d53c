"""Staff give an application its panel and interview, and confirm the outcome: the pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Status
from panels.models import Interview, Panel
from panels.refusals import PanelError
from panels.services import assignment, interviews
from panels.services import members as panel_members
from tests.accounts.factories import StaffFactory
from tests.panels.factories import (
    ConflictFactory,
    PanelMemberFactory,
    ready_to_score,
    submitted_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator():
    return StaffFactory(full_name="Fran Facilitator")


@pytest.fixture
def application():
    return submitted_application()


@pytest.fixture
def members():
    return [
        PanelMemberFactory(display_name="Maya", user__email="maya.private@example.org"),
        PanelMemberFactory(display_name="Leo"),
    ]


@pytest.fixture
def next_week():
    day = timezone.localdate() + datetime.timedelta(days=7)
    return {"date": day.isoformat(), "time": "10:00", "duration_minutes": 60}


def _assigned(application, members, facilitator):
    return assignment.assign_panel(
        application, members=members, facilitator=facilitator, actor=facilitator
    )


def test_staff_pages_are_for_staff_only(client, application, members):
    client.force_login(members[0].user)
    for name in ("console:staff_assign", "console:staff_interview", "console:staff_outcome"):
        assert client.get(reverse(name, args=[application.pk])).status_code == 403
    assert client.get(reverse("console:staff_members")).status_code == 403


# --- The panel ---------------------------------------------------------------------


def test_conflicted_member_is_not_selectable_and_the_page_says_why(
    client, application, members, facilitator
):
    maya, leo = members
    ConflictFactory(member=maya, organisation=application.organisation, recorded_by=maya.user)
    client.force_login(facilitator)
    page = client.get(reverse("console:staff_assign", args=[application.pk])).content.decode()
    assert "Declared a conflict: I go to this youth club" in page
    assert f'name="members" value="{maya.pk}"' not in page
    assert f'name="members" value="{leo.pk}"' in page

    response = client.post(
        reverse("console:staff_assign", args=[application.pk]),
        {"members": [maya.pk, leo.pk], "facilitator": facilitator.pk},
    )
    assert response.status_code == 200
    assert not Panel.objects.filter(application=application).exists()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_inactive_members_are_not_offered(client, application, members, facilitator):
    panel_members.deactivate_panel_member(members[1])
    client.force_login(facilitator)
    page = client.get(reverse("console:staff_assign", args=[application.pk])).content.decode()
    # Checked by the member's own checkbox: a generated staff name such as "Leonard" may
    # well appear on the page (in the facilitator list) and must not fail this test.
    assert f'id="m-{members[0].pk}"' in page
    assert f'id="m-{members[1].pk}"' not in page
    assert f'value="{members[1].pk}" id="m-' not in page


def test_assigning_a_draft_application_is_refused(client, members, facilitator):
    application = submitted_application()
    application.status = Status.DRAFT
    application.save()
    client.force_login(facilitator)
    response = client.post(
        reverse("console:staff_assign", args=[application.pk]),
        {"members": [members[0].pk], "facilitator": facilitator.pk},
    )
    assert "only be assigned to a submitted application" in response.content.decode()
    assert not Panel.objects.exists()


# --- The interview -----------------------------------------------------------------


def test_scheduling_in_the_past_is_refused(client, application, members, facilitator):
    _assigned(application, members, facilitator)
    client.force_login(facilitator)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("console:staff_interview", args=[application.pk]),
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
    response = client.post(reverse("console:staff_interview", args=[application.pk]), next_week)
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
        reverse("console:staff_interview", args=[application.pk]),
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


# --- The outcome -------------------------------------------------------------------


def test_illegal_transition_is_refused_and_recorded_nowhere(client):
    application, panel, _ = ready_to_score()
    client.force_login(panel.facilitator)
    response = client.post(reverse("console:staff_outcome", args=[application.pk]), follow=True)
    assert "no outcome waiting" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW_SCHEDULED
    assert not application.timeline.exists()
