"""Every step a panel takes goes on the audit log as well as the timeline: who and when.

Each step is recorded through panels.services.records.record_step, which writes both. The
audit log never names the young people (they are 11 to 18) nor quotes a typed reason: it
keeps member ids and numbers, and the timeline event's id leads to the full sentence."""

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from panels import selectors
from panels.services import consensus, results, scoring, sittings
from tests.accounts.factories import StaffFactory
from tests.panels.factories import ready_to_score

pytestmark = pytest.mark.django_db


def _steps(application):
    return list(
        AuditEvent.objects.filter(
            event=AuditEvent.Event.PANEL_STEP, object_id=str(application.pk)
        ).order_by("seq", "pk")
    )


def _latest(application):
    return _steps(application)[-1]


def _assert_step(event, *, actor, since, step, member=None):
    assert event.actor_id == actor.pk
    assert since <= event.occurred_at <= timezone.now()
    assert event.object_type == "assessments.application"
    assert step in event.summary
    assert event.extra["member_id"] == (member.pk if member else None)
    # The timeline holds the same step, by the same person.
    timeline = event.extra["timeline_event_id"]
    assert timeline is not None
    return timeline


def test_each_panel_step_leaves_an_audit_record_with_who_and_when():
    application, panel, (maya, leo) = ready_to_score(started=False)
    facilitator = panel.facilitator
    first, second = application.level.indicators.order_by("order")[:2]
    since = timezone.now()

    # The start and each presence record.
    sittings.start_round(application, actor=facilitator)
    _assert_step(_latest(application), actor=facilitator, since=since, step="started early")
    sittings.record_attendance(
        application, maya, present=False, reason="Maya was ill", actor=facilitator
    )
    absent = _latest(application)
    _assert_step(absent, actor=facilitator, since=since, step="absent", member=maya)
    for member in (maya, leo):
        sittings.record_attendance(application, member, present=True, actor=facilitator)
        _assert_step(
            _latest(application),
            actor=facilitator,
            since=since,
            step="recorded as present",
            member=member,
        )

    # Each agreed score, including one outside the range with a reason, and a change.
    for indicator in application.level.indicators.all():
        scoring.save_score(maya, application, indicator.pk, 3)
        scoring.save_score(leo, application, indicator.pk, 2)
    for member in (maya, leo):
        scoring.submit_scores(member, application)
    before = len(_steps(application))
    for indicator in application.level.indicators.order_by("order"):
        consensus.save_agreed_score(
            application,
            indicator.pk,
            value=4 if indicator == second else 3,
            feedback="",
            needs_more_evidence=False,
            reason="Leo's video showed more" if indicator == second else "",
            actor=facilitator,
        )
    agreed = _steps(application)[before:]
    assert len(agreed) == application.level.indicators.count()
    outside = agreed[1]
    _assert_step(outside, actor=facilitator, since=since, step=f"agreed score for {second.code}")
    assert "outside the young people's range" in outside.summary
    assert outside.extra["value"] == 4 and outside.extra["given"] == [2, 3]

    # Each confirmation: on the member's own device, and spoken (recorded by the facilitator).
    sheet = selectors.sheet_fingerprint(application)
    consensus.confirm_sheet(application, maya, sheet=sheet, actor=maya.user)
    _assert_step(
        _latest(application), actor=maya.user, since=since, step="on their device", member=maya
    )

    # A change clears the confirmations: the change and the clearing are both recorded.
    consensus.save_agreed_score(
        application, first.pk, value=2, feedback="", needs_more_evidence=False, actor=facilitator
    )
    change, cleared = _steps(application)[-2:]
    _assert_step(change, actor=facilitator, since=since, step=f"agreed score for {first.code}")
    assert "(changed)" in change.summary and change.extra["previous_value"] == 3
    _assert_step(cleared, actor=facilitator, since=since, step="confirmations cleared")

    sheet = selectors.sheet_fingerprint(application)
    for member in (maya, leo):
        consensus.confirm_sheet(application, member, sheet=sheet, actor=facilitator, spoken=True)
        _assert_step(
            _latest(application), actor=facilitator, since=since, step="spoken", member=member
        )

    # Staff send the result back.
    consensus.finalise(application, actor=facilitator)
    staff = StaffFactory()
    results.send_back(application, reason="Look at Maya's S2 again", actor=staff)
    _assert_step(_latest(application), actor=staff, since=since, step="sent back")

    # The audit log names nobody and quotes no reason: those stay on the timeline.
    for event in _steps(application):
        text = event.summary + str(event.extra)
        for words in (maya.display_name, leo.display_name, "video", "was ill", "Look at"):
            assert words not in text, (words, event.summary)
        timeline = application.timeline.get(pk=event.extra["timeline_event_id"])
        assert timeline.actor_id == event.actor_id
    assert application.timeline.filter(message__contains="Maya was ill").exists()
