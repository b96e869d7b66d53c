"""The outcome: staff confirm it, then the organisation says what it did ("you said, we
did")."""

import pytest

from assessments.models import Status
from panels.models import AgreedScore, Finalisation, OrganisationAction
from panels.refusals import PanelError
from panels.services import consensus, results
from tests.organisations.factories import member_of
from tests.panels.factories import agree_all, ready_to_score

pytestmark = pytest.mark.django_db


def _finalised(values=(3,) * 16):
    application, panel, members = ready_to_score()
    agree_all(application, list(values), actor=panel.facilitator)
    consensus.finalise(application, actor=panel.facilitator)
    return application, panel, members


def test_only_the_participation_team_confirms_an_outcome():
    application, _, (maya, _) = _finalised()
    with pytest.raises(PanelError, match="Only the participation team"):
        results.confirm_outcome(application, actor=maya.user)
    application.refresh_from_db()
    assert application.status == Status.SCORED
    assert application.outcome_confirmed_at is None


def test_an_outcome_is_confirmed_once():
    application, panel, _ = _finalised()
    results.confirm_outcome(application, actor=panel.facilitator)
    assert application.status == Status.AWARDED
    with pytest.raises(PanelError, match="no outcome waiting"):
        results.confirm_outcome(application, actor=panel.facilitator)
    assert Finalisation.objects.get(application=application).confirmed_by == panel.facilitator
    messages = application.timeline.values_list("message", flat=True)
    assert "Outcome confirmed: Awarded (48 out of 64)." in messages


def test_an_action_needs_words_and_one_of_the_latest_feedback_points():
    application, panel, _ = _finalised()
    results.confirm_outcome(application, actor=panel.facilitator)
    org_user = member_of(application.organisation)
    item = AgreedScore.objects.of_round(application).first()
    with pytest.raises(PanelError, match="Write what you did"):
        results.add_organisation_action(application, item.pk, "  ", actor=org_user)
    other, _, _ = ready_to_score()
    foreign = agree_all(other, [3] * 16)[0]
    with pytest.raises(PanelError, match="Choose one of the panel"):
        results.add_organisation_action(application, foreign.pk, "We did it", actor=org_user)
    assert not OrganisationAction.objects.exists()
    action = results.add_organisation_action(
        application, item.pk, " We pay young people now. ", actor=org_user
    )
    assert (action.agreed_score, action.text) == (item, "We pay young people now.")
