"""Bad input is refused with a clear message, and nothing is recorded."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Status
from panels import selectors
from panels.models import AgreedScore, Interview, Panel, Score
from panels.refusals import PanelError
from panels.services import assignment, consensus, interviews, scoring
from panels.services import members as panel_members
from tests.accounts.factories import StaffFactory
from tests.panels.factories import (
    ConflictFactory,
    InterviewFactory,
    PanelMemberFactory,
    agree_all,
    ready_to_score,
    seated_panel,
    submitted_application,
)

pytestmark = pytest.mark.django_db


def test_conflicted_member_is_not_selectable_and_the_page_says_why(
    client, application, members, facilitator
):
    maya, leo = members
    ConflictFactory(member=maya, organisation=application.organisation, recorded_by=maya.user)
    client.force_login(facilitator)
    page = client.get(reverse("panels:staff_assign", args=[application.pk])).content.decode()
    assert "Declared a conflict: I go to this youth club" in page
    assert f'name="members" value="{maya.pk}"' not in page
    assert f'name="members" value="{leo.pk}"' in page

    response = client.post(
        reverse("panels:staff_assign", args=[application.pk]),
        {"members": [maya.pk, leo.pk], "facilitator": facilitator.pk},
    )
    assert response.status_code == 200
    assert not Panel.objects.filter(application=application).exists()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_service_refuses_a_conflicted_or_inactive_member(application, members, facilitator):
    maya, leo = members
    ConflictFactory(member=maya, organisation=application.organisation, reason="My mum works there")
    with pytest.raises(PanelError, match="My mum works there"):
        assignment.assign_panel(
            application, members=[maya], facilitator=facilitator, actor=facilitator
        )
    panel_members.deactivate_panel_member(leo)
    with pytest.raises(PanelError, match="no longer an active"):
        assignment.assign_panel(
            application, members=[leo], facilitator=facilitator, actor=facilitator
        )
    assert application.timeline.count() == 0


def test_inactive_members_are_not_offered(client, application, members, facilitator):
    panel_members.deactivate_panel_member(members[1])
    client.force_login(facilitator)
    page = client.get(reverse("panels:staff_assign", args=[application.pk])).content.decode()
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
        reverse("panels:staff_assign", args=[application.pk]),
        {"members": [members[0].pk], "facilitator": facilitator.pk},
    )
    assert "only be assigned to a submitted application" in response.content.decode()
    assert not Panel.objects.exists()


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


def test_an_unassigned_member_cannot_score_or_read(client):
    application, _, _ = ready_to_score()
    outsider = PanelMemberFactory()
    client.force_login(outsider.user)
    indicator = application.level.indicators.first()
    assert client.get(reverse("panels:score", args=[application.pk])).status_code == 404
    assert client.get(reverse("panels:reader", args=[application.pk, 1])).status_code == 404
    assert client.get(reverse("panels:consensus", args=[application.pk])).status_code == 404
    response = client.post(
        reverse("panels:score_save", args=[application.pk]),
        data=json.dumps({"indicator": indicator.pk, "value": 4}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Score.objects.exists()
    with pytest.raises(PanelError, match="not on the panel"):
        scoring.save_score(outsider, application, indicator.pk, 4)


def test_scoring_a_finalised_round_is_refused(client):
    application, panel, (maya, _) = ready_to_score()
    agree_all(application, [3] * 16, actor=panel.facilitator)
    consensus.finalise(application, actor=panel.facilitator)
    application.refresh_from_db()
    client.force_login(maya.user)
    indicator = application.level.indicators.first()
    response = client.post(
        reverse("panels:score_save", args=[application.pk]),
        data=json.dumps({"indicator": indicator.pk, "value": 4}),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "final" in response.json()["error"]
    page = client.get(reverse("panels:score", args=[application.pk])).content.decode()
    assert "The scores for this application are final." in page
    assert not Score.objects.exists()
    with pytest.raises(PanelError, match="final"):
        consensus.save_agreed_score(
            application,
            indicator.pk,
            value=0,
            feedback="",
            needs_more_evidence=False,
            actor=panel.facilitator,
        )


def test_finalising_with_missing_agreed_scores_is_refused(client):
    application, panel, _ = ready_to_score()
    agree_all(application.__class__.objects.get(pk=application.pk), [3] * 16, actor=None)
    AgreedScore.objects.filter(application=application).order_by("-indicator__order")[0].delete()
    client.force_login(panel.facilitator)
    page = client.get(reverse("panels:finalise", args=[application.pk])).content.decode()
    assert "You cannot finalise yet" in page
    response = client.post(reverse("panels:finalise", args=[application.pk]), follow=True)
    assert "Still missing" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW_SCHEDULED
    assert application.total is None
    assert not application.timeline.exists()


def test_only_the_facilitator_finalises(client):
    application, panel, (maya, _) = ready_to_score()
    agree_all(application, [3] * 16)
    other_staff = StaffFactory()
    client.force_login(other_staff)
    assert client.post(reverse("panels:finalise", args=[application.pk])).status_code == 404
    client.force_login(maya.user)
    assert client.post(reverse("panels:finalise", args=[application.pk])).status_code == 404
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW_SCHEDULED


def test_illegal_transition_is_refused_and_recorded_nowhere(client):
    application, panel, _ = ready_to_score()
    client.force_login(panel.facilitator)
    response = client.post(reverse("panels:staff_outcome", args=[application.pk]), follow=True)
    assert "no outcome waiting" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW_SCHEDULED
    assert not application.timeline.exists()


def test_send_scores_refused_until_every_indicator_scored(client):
    application, _, (maya, _) = ready_to_score()
    client.force_login(maya.user)
    scoring.save_score(maya, application, application.level.indicators.first().pk, 2)
    response = client.post(reverse("panels:score_finish", args=[application.pk]), follow=True)
    assert "You have not scored these yet" in response.content.decode()
    assert not selectors.round_state(application, maya).submitted


def test_scores_cannot_change_after_sending(client):
    application, _, (maya, _) = ready_to_score()
    for indicator in application.level.indicators.all():
        scoring.save_score(maya, application, indicator.pk, 2)
    scoring.submit_scores(maya, application)
    with pytest.raises(PanelError, match="already sent"):
        scoring.save_score(maya, application, indicator.pk, 4)


def test_staff_pages_are_for_staff_only(client, application, members):
    client.force_login(members[0].user)
    for name in ("panels:staff_assign", "panels:staff_interview", "panels:staff_outcome"):
        assert client.get(reverse(name, args=[application.pk])).status_code == 403
    assert client.get(reverse("panels:staff_members")).status_code == 403


def test_interview_cannot_be_cancelled_after_scoring_started(application, members, facilitator):
    _assigned(application, members, facilitator)
    interview = InterviewFactory(application=application)
    application.status = Status.INTERVIEW_SCHEDULED
    application.save()
    scoring.save_score(members[0], application, application.level.indicators.first().pk, 3)
    with pytest.raises(PanelError, match="started scoring"):
        interviews.cancel_interview(interview, actor=facilitator)


def test_seated_panel_helper_is_used(application):
    panel, seated = seated_panel(application, members=3)
    assert panel.seats.count() == 3 and len(seated) == 3
