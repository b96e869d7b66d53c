"""The panels app's reads: where a round stands, the scores finalising makes final, and
who sits on a panel."""

import dataclasses

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from assessments import workflow
from assessments.models import Status
from panels import selectors
from panels.models import AgreedScore, PanelSeat
from panels.selectors import RoundState
from panels.services import consensus, results, scoring
from tests.accounts.factories import StaffFactory
from tests.panels.factories import (
    PanelMemberFactory,
    agree_all,
    all_send,
    confirm_all,
    open_round,
    ready_to_score,
)

pytestmark = pytest.mark.django_db

FIRST_ROUND = [3] * 13 + [1, 1, 1]  # 42: resubmission invited; the last 3 flagged


def _score_all(member, application, value=3):
    for indicator in application.level.indicators.all():
        scoring.save_score(member, application, indicator.pk, value)


def _second_round(application, panel):
    """Round 1 finalised and confirmed at 42 (last three flagged), then resubmitted."""
    agree_all(application, FIRST_ROUND, flagged=(13, 14, 15), actor=panel.facilitator)
    consensus.finalise(application, actor=panel.facilitator)
    results.confirm_outcome(application, actor=panel.facilitator)
    application.refresh_from_db()
    application.round = 2
    application.save(update_fields=["round"])
    workflow.transition(
        application, Status.RESUBMITTED, actor=None, actor_kind=workflow.ORGANISATION
    )
    application.refresh_from_db()
    open_round(application, panel, [seat.member for seat in panel.seats.all()])


# --------------------------------------------------------------------------- RoundState


def test_round_state_follows_the_round():
    application, panel, (maya, leo) = ready_to_score()
    assert selectors.round_state(application, maya) == RoundState(
        finalised=False,
        scores_revealed=False,
        seated=True,
        submitted=False,
        started=True,
        present=True,
        present_count=2,
    )
    _score_all(maya, application)
    scoring.submit_scores(maya, application)
    assert selectors.round_state(application, maya).submitted
    assert not selectors.round_state(application, leo).submitted
    consensus.reveal_scores(application, actor=panel.facilitator)
    assert selectors.round_state(application, leo).scores_revealed
    agree_all(application, [3] * 16, actor=panel.facilitator)
    consensus.finalise(application, actor=panel.facilitator)
    assert selectors.round_state(application, leo) == RoundState(
        finalised=True,
        scores_revealed=False,
        seated=True,
        submitted=True,  # agree_all: the young people here sent the scores agreed
        started=True,
        present=True,
        present_count=2,
    )


def test_round_state_without_a_member_or_for_someone_not_seated():
    application, _, _ = ready_to_score()
    outsider = PanelMemberFactory()
    assert selectors.round_state(application) == RoundState(
        finalised=False, scores_revealed=False, started=True, present_count=2
    )
    assert not selectors.round_state(application, outsider).seated


def test_round_state_is_frozen():
    application, _, (maya, _) = ready_to_score()
    state = selectors.round_state(application, maya)
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.finalised = True


def test_a_second_round_starts_open_and_unsent():
    application, panel, (maya, _) = ready_to_score()
    _score_all(maya, application)
    scoring.submit_scores(maya, application)
    _second_round(application, panel)
    state = selectors.round_state(application, maya)
    assert state == RoundState(
        finalised=False,
        scores_revealed=False,
        seated=True,
        submitted=False,
        started=True,
        present=True,
        present_count=2,
    )
    assert selectors.scoring_closed(application, state) is None


def test_round_states_of_many_applications_in_one_query(django_assert_num_queries):
    finalised, panel, _ = ready_to_score()
    agree_all(finalised, [3] * 16, actor=panel.facilitator)
    consensus.finalise(finalised, actor=panel.facilitator)
    open_ones = [ready_to_score()[0] for _ in range(3)]
    with django_assert_num_queries(1):
        states = selectors.round_states([finalised, *open_ones])
    assert states[finalised.pk].finalised
    assert not any(states[a.pk].finalised for a in open_ones)


def test_scoring_closes_when_the_round_is_final_or_not_at_the_scoring_stage():
    application, _, (maya, _) = ready_to_score()
    final = RoundState(finalised=True, scores_revealed=False)
    assert "final" in selectors.scoring_closed(application, final)
    application.status = Status.PANEL_ASSIGNED
    state = selectors.round_state(application, maya)
    assert selectors.scoring_closed(application, state) == (
        "Scoring is not open for this application."
    )


# --------------------------------------------------------------------------- final scores


def test_final_scores_in_round_one_are_the_agreed_ones_in_order():
    application, panel, _ = ready_to_score()
    agreed = agree_all(application, list(range(4)) * 4, actor=panel.facilitator)
    final = selectors.final_scores(application)
    assert [a.pk for a in final] == [a.pk for a in agreed]
    assert not any(a.carried_over for a in final)
    agreed[5].delete()
    assert len(selectors.final_scores(application)) == 15


def test_final_scores_in_round_two_carry_over_what_was_not_rescored():
    application, panel, _ = ready_to_score()
    _second_round(application, panel)
    all_send(application, 4)
    first = {a.indicator_id: a for a in AgreedScore.objects.of_round(application, 1)}
    flagged = [i for i, a in first.items() if a.needs_more_evidence]
    consensus.save_agreed_score(
        application,
        flagged[0],
        value=4,
        feedback="Much better",
        needs_more_evidence=False,
        actor=panel.facilitator,
    )
    final = selectors.final_scores(application)
    by_indicator = {a.indicator_id: a for a in final}
    # Two flagged indicators are not agreed again yet: they count with round 1's score.
    assert len(final) == 16
    assert sum(a.value for a in final) == 42 - 1 + 4
    rescored = by_indicator[flagged[0]]
    assert (rescored.round, rescored.value, rescored.carried_over) == (2, 4, False)
    assert rescored.pk is not None
    carried = [a for a in final if a.carried_over]
    assert len(carried) == 15
    for copy in carried:
        assert copy.pk is None  # finalising saves it
        assert copy.round == 2
        assert (copy.value, copy.feedback) == (
            first[copy.indicator_id].value,
            first[copy.indicator_id].feedback,
        )
    assert selectors.missing_agreed(application) == [
        i for i in application.level.indicators.order_by("order") if i.pk in flagged[1:]
    ]


def test_the_finalise_page_shows_the_total_finalising_records(client):
    """The preview and the service read the same final scores."""
    application, panel, _ = ready_to_score()
    _second_round(application, panel)
    all_send(application, 4)
    for indicator_id in (
        AgreedScore.objects.of_round(application, 1)
        .filter(needs_more_evidence=True)
        .values_list("indicator_id", flat=True)
    ):
        consensus.save_agreed_score(
            application,
            indicator_id,
            value=4,
            feedback="",
            needs_more_evidence=False,
            actor=panel.facilitator,
        )
    confirm_all(application)
    client.force_login(panel.facilitator)
    page = client.get(reverse("panels:finalise", args=[application.pk])).content.decode()
    assert "Total: <strong>51 out of 64</strong>" in page
    assert "Proposed outcome: <strong>Awarded</strong>" in page
    client.post(reverse("panels:finalise", args=[application.pk]))
    application.refresh_from_db()
    assert application.total == 51
    round_two = AgreedScore.objects.of_round(application, 2)
    assert round_two.count() == 16
    assert round_two.filter(carried_over=True).count() == 13


# --------------------------------------------------------------------------- who is seated


def test_seat_and_facilitation_are_read_afresh_on_each_question():
    """The permission rules give the same answer whatever the same user object was asked
    before: nothing is remembered on it."""
    application, panel, (maya, _) = ready_to_score()
    user, facilitator = maya.user, panel.facilitator
    assert user.has_perm("panels.score_application", application)
    assert selectors.seated_member(user, application) == maya
    assert facilitator.has_perm("panels.agree_scores", application)

    PanelSeat.objects.filter(member=maya).delete()
    panel.facilitator = StaffFactory()
    panel.save(update_fields=["facilitator"])

    assert not user.has_perm("panels.score_application", application)
    assert selectors.seated_member(user, application) is None
    assert selectors.member_for(user) == maya  # still a panel member, just not on this one
    assert not facilitator.has_perm("panels.agree_scores", application)
    assert not selectors.is_assigned(facilitator, application)


def test_nobody_is_seated_without_a_signed_in_panel_member():
    application, panel, _ = ready_to_score()
    assert selectors.member_for(AnonymousUser()) is None
    assert not selectors.is_assigned(AnonymousUser(), application)
    assert selectors.seated_member(panel.facilitator, application) is None
    assert not selectors.is_facilitator(panel.facilitator, None)
