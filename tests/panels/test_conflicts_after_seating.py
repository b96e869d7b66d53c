"""Rule 8: a member who declares a conflict after being seated loses the seat at once,
their unsent scores are discarded, staff are told in the pipeline, and a new member can
be seated."""

import pytest
from django.urls import reverse

from panels import selectors
from panels.models import Confirmation, PanelSeat, Score, SeatLoss
from panels.services import assignment, members, scoring
from tests.panels.factories import PanelMemberFactory, agree_all, ready_to_score

pytestmark = pytest.mark.django_db


def test_a_conflict_declared_after_seating_removes_the_seat(client):
    application, panel, (maya, leo) = ready_to_score()
    indicator = application.level.indicators.order_by("order").first()
    scoring.save_score(maya, application, indicator.pk, 4)
    client.force_login(maya.user)
    client.post(
        reverse("panels:my_conflicts"),
        {"organisation": application.organisation.pk, "reason": "My aunt runs it"},
    )
    assert not PanelSeat.objects.filter(member=maya).exists()
    assert not Score.objects.filter(member=maya).exists()  # not sent: discarded
    loss = SeatLoss.objects.get()
    assert (loss.member, loss.discarded_scores) == (maya, 1)
    assert application.timeline.filter(message__contains="lost their seat").exists()
    # Maya can no longer score or read it.
    assert client.get(reverse("panels:score", args=[application.pk])).status_code == 404
    # Scoring closes: one young person is left, below the minimum.
    state = selectors.round_state(application)
    assert selectors.scoring_closed(application, state).startswith("Scoring opens when")

    # Staff are told in the pipeline, and seat a new member.
    client.force_login(panel.facilitator)
    page = client.get(reverse("console:staff_dashboard")).content.decode()
    assert "Seats lost to a conflict" in page and "My aunt runs it" in page
    sam = PanelMemberFactory(display_name="Sam")
    assignment.assign_panel(
        application, members=[leo, sam], facilitator=panel.facilitator, actor=panel.facilitator
    )
    assert selectors.seat_losses_to_handle() == []


def test_sent_scores_stay_on_record_but_the_confirmations_clear():
    application, panel, (maya, leo) = ready_to_score()
    agree_all(application, [3] * 16, actor=panel.facilitator)
    assert Confirmation.objects.count() == 2
    members.record_conflict(
        maya, application.organisation, "I volunteer there", recorded_by=maya.user
    )
    assert Score.objects.filter(member=maya).count() == 16  # sent: kept on record
    assert not Confirmation.objects.exists()
    assert maya not in selectors.present_members(application)
