"""Rule 2: scoring opens when the interview starts (its time, or earlier when the
facilitator starts it, recorded), the facilitator records who is present (an absence has a
reason), and at least PANEL_MIN_YOUNG_PEOPLE must be present or the interview is moved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from panels import selectors
from panels.models import Attendance, Interview, Sitting
from panels.refusals import PanelError
from panels.services import interviews, notes, scoring, sittings
from tests.panels.factories import ready_to_score

pytestmark = pytest.mark.django_db


def _first(application):
    return application.level.indicators.order_by("order").first()


def test_members_read_and_note_but_cannot_score_before_the_interview(client):
    application, panel, (maya, leo) = ready_to_score(started=False)
    notes.save_note(maya, application, _first(application), notes="Ask about pay", questions="")
    client.force_login(maya.user)
    assert client.get(reverse("panels:reader", args=[application.pk, 1])).status_code == 200
    with pytest.raises(PanelError, match="opens when the interview starts"):
        scoring.save_score(maya, application, _first(application).pk, 3)
    page = client.get(reverse("panels:score", args=[application.pk])).content.decode()
    assert "Scoring opens when the interview starts" in page


def test_scoring_opens_at_the_scheduled_time_once_the_quorum_is_present():
    application, panel, (maya, leo) = ready_to_score(started=False)
    Interview.objects.filter(application=application).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert selectors.round_state(application).started
    assert not Sitting.objects.exists()  # no start needed at the booked time
    sittings.record_attendance(application, maya, present=True, actor=panel.facilitator)
    with pytest.raises(PanelError, match="at least 2 young people"):
        scoring.save_score(maya, application, _first(application).pk, 3)
    sittings.record_attendance(application, leo, present=True, actor=panel.facilitator)
    # Exactly the minimum present: scoring is open.
    score, applied = scoring.save_score(maya, application, _first(application).pk, 3)
    assert applied and score.value == 3


def test_an_early_start_is_recorded():
    application, panel, _ = ready_to_score(started=False)
    sitting = sittings.start_round(application, actor=panel.facilitator)
    assert sitting.early is True and sitting.started_by == panel.facilitator
    event = application.timeline.get(message__contains="started early")
    assert event.actor == panel.facilitator and not event.visible_to_organisation
    with pytest.raises(PanelError, match="already started"):
        sittings.start_round(application, actor=panel.facilitator)


def test_only_the_facilitator_starts_and_records_presence(client):
    application, panel, (maya, leo) = ready_to_score(started=False)
    with pytest.raises(PanelError, match="facilitator"):
        sittings.start_round(application, actor=maya.user)
    client.force_login(maya.user)
    assert client.get(reverse("panels:presence", args=[application.pk])).status_code == 404
    assert (
        client.post(reverse("panels:presence", args=[application.pk]), {"start": "1"}).status_code
        == 404
    )
    assert not Sitting.objects.exists()
    client.force_login(panel.facilitator)
    page = client.get(reverse("panels:presence", args=[application.pk])).content.decode()
    assert "Start now" in page


def test_an_absent_member_needs_a_reason_and_cannot_score(settings):
    settings.PANEL_MIN_YOUNG_PEOPLE = 2
    application, panel, (maya, leo, sam) = ready_to_score(members=3, started=False)
    sam.display_name = "Sam"
    sam.save()
    sittings.start_round(application, actor=panel.facilitator)
    with pytest.raises(PanelError, match="Say why Sam is not here"):
        sittings.record_attendance(application, sam, present=False, actor=panel.facilitator)
    sittings.record_attendance(
        application, sam, present=False, reason="Ill today", actor=panel.facilitator
    )
    for member in (maya, leo):
        sittings.record_attendance(application, member, present=True, actor=panel.facilitator)
    assert Attendance.objects.get(member=sam).absence_reason == "Ill today"
    assert application.timeline.filter(message__contains="Sam recorded as absent").exists()
    with pytest.raises(PanelError, match="not marked you as here"):
        scoring.save_score(sam, application, _first(application).pk, 3)
    scoring.save_score(maya, application, _first(application).pk, 3)


def test_one_young_person_present_is_not_enough_and_the_interview_moves(client):
    application, panel, (maya, leo) = ready_to_score(started=False)
    client.force_login(panel.facilitator)
    url = reverse("panels:presence", args=[application.pk])
    client.post(url, {"start": "1"})
    client.post(url, {"member": maya.pk, "present": "yes"})
    client.post(url, {"member": leo.pk, "present": "no", "reason": "Missed the bus"})
    page = client.get(url).content.decode()
    assert "1 here" in page and "move the interview" in page
    state = selectors.round_state(application)
    assert state.present_count == 1
    assert selectors.scoring_closed(application, state).startswith("Scoring opens when at least 2")
    interview = selectors.next_interview_for(application)
    interviews.reschedule_interview(
        interview,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        duration_minutes=60,
        venue="Town Hall",
        video_link="",
        actor=panel.facilitator,
    )
    # The new interview starts afresh: not started, nobody recorded.
    assert not Sitting.objects.filter(application=application).exists()
    assert not Attendance.objects.filter(application=application).exists()
    assert not selectors.round_state(application).started


def test_a_member_not_on_the_panel_cannot_be_recorded():
    from tests.panels.factories import PanelMemberFactory

    application, panel, _ = ready_to_score()
    with pytest.raises(PanelError, match="not on this panel"):
        sittings.record_attendance(
            application, PanelMemberFactory(), present=True, actor=panel.facilitator
        )
