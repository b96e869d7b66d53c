"""42-47: resubmit, re-score the flagged indicators only, the revised total decides."""

import json

import pytest
from django.urls import reverse

from assessments import outcomes, workflow
from assessments.models import Indicator, Status
from panels import selectors
from panels.models import AgreedScore, Finalisation, Score
from panels.services import consensus, results, scoring
from tests.panels.factories import agree_all, all_send, confirm_all, open_round, ready_to_score

pytestmark = pytest.mark.django_db

FIRST_ROUND = [3] * 13 + [1, 1, 1]  # 39 + 3 = 42: resubmission invited; the last 3 flagged


def _finalise_first_round(application, panel):
    agree_all(application, FIRST_ROUND, flagged=(13, 14, 15), actor=panel.facilitator)
    consensus.finalise(application, actor=panel.facilitator)
    results.confirm_outcome(application, actor=panel.facilitator)
    application.refresh_from_db()


def _flagged(application):
    return set(Indicator.objects.flagged_for_resubmission(application).values_list("pk", flat=True))


def _resubmit(application, org_user=None):
    # The assessments app does this when the organisation resubmits.
    application.round = 2
    application.save(update_fields=["round"])
    workflow.transition(
        application, Status.RESUBMITTED, actor=org_user, actor_kind=workflow.ORGANISATION
    )
    application.refresh_from_db()
    panel = application.panel
    open_round(application, panel, [seat.member for seat in panel.seats.all()])


def test_resubmission_rescores_flagged_only_and_keeps_both_rounds(client, run_jobs):
    application, panel, (maya, leo) = ready_to_score()
    interview_day = selectors.next_interview_for(application).local_date
    with run_jobs(execute=True):
        _finalise_first_round(application, panel)
    assert application.status == Status.RESUBMISSION_INVITED
    assert application.total == 42
    assert application.resubmission_deadline == outcomes.resubmission_deadline(interview_day)
    flagged = _flagged(application)
    assert len(flagged) == 3

    page = client.get(reverse("console:staff_outcome", args=[application.pk]))
    assert page.status_code == 302  # not logged in yet
    client.force_login(panel.facilitator)
    page = client.get(reverse("console:staff_outcome", args=[application.pk])).content.decode()
    assert "no outcome waiting" in page
    assert "First assessment: 42 out of 64" in page

    _resubmit(application)
    panel.refresh_from_db()
    assert panel.scores_revealed is False

    # Round 2 scoring page shows only the flagged indicators.
    client.force_login(maya.user)
    page = client.get(reverse("panels:score", args=[application.pk]))
    shown = {row["indicator"].pk for row in page.context["rows"]}
    assert shown == flagged
    content = page.content.decode()
    assert content.count('data-indicator="') == 3

    # A non-flagged indicator cannot be re-scored.
    unflagged = application.level.indicators.exclude(pk__in=flagged).first()
    response = client.post(
        reverse("panels:score_save", args=[application.pk]),
        data=json.dumps({"indicator": unflagged.pk, "value": 4}),
        content_type="application/json",
    )
    assert response.status_code == 409
    for indicator_id in flagged:
        response = client.post(
            reverse("panels:score_save", args=[application.pk]),
            data=json.dumps({"indicator": indicator_id, "value": 4}),
            content_type="application/json",
        )
        assert response.status_code == 200
    assert Score.objects.filter(application=application, round=2).count() == 3
    client.post(reverse("panels:score_finish", args=[application.pk]))
    for indicator_id in flagged:
        scoring.save_score(leo, application, indicator_id, 4)
    scoring.submit_scores(leo, application)

    # The facilitator agrees 4 on the flagged ones: 39 + 12 = 51, awarded.
    client.force_login(panel.facilitator)
    for indicator_id in flagged:
        client.post(
            reverse("panels:consensus", args=[application.pk]),
            {"indicator": indicator_id, f"i{indicator_id}-value": 4},
        )
    # Both young people confirm the round-2 sheet on their own devices.
    for member in (maya, leo):
        client.force_login(member.user)
        page = client.get(reverse("panels:confirm", args=[application.pk]))
        client.post(
            reverse("panels:confirm", args=[application.pk]), {"sheet": page.context["sheet"]}
        )
    client.force_login(panel.facilitator)
    client.post(reverse("panels:finalise", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.SCORED
    assert application.total == 51
    assert application.proposed_outcome == "awarded"

    # Both rounds are kept; round 1 untouched; unflagged scores carried over.
    assert (
        sum(
            AgreedScore.objects.filter(application=application, round=1).values_list(
                "value", flat=True
            )
        )
        == 42
    )
    round_two = AgreedScore.objects.filter(application=application, round=2)
    assert round_two.count() == 16
    assert round_two.filter(carried_over=True).count() == 13
    assert list(
        Finalisation.objects.filter(application=application).values_list("round", "total")
    ) == [
        (1, 42),
        (2, 51),
    ]

    client.post(reverse("console:staff_outcome", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.AWARDED

    # The organisation sees both results, each tied to its round.
    from tests.organisations.factories import member_of

    org_user = member_of(application.organisation)
    client.force_login(org_user)
    page = client.get(reverse("panels:org_result", args=[application.pk])).content.decode()
    assert "First assessment: 42 out of 64" in page
    assert "After resubmission: 51 out of 64" in page


def test_revised_total_in_resubmission_band_is_not_awarded(client):
    application, panel, _ = ready_to_score()
    _finalise_first_round(application, panel)
    _resubmit(application)
    all_send(application, 2)
    for indicator_id in _flagged(application):
        consensus.save_agreed_score(
            application,
            indicator_id,
            value=2,
            feedback="Better",
            needs_more_evidence=True,
            actor=panel.facilitator,
        )
    confirm_all(application)
    consensus.finalise(application, actor=panel.facilitator)
    application.refresh_from_db()
    assert application.total == 45
    assert application.proposed_outcome == "not_awarded"
    results.confirm_outcome(application, actor=panel.facilitator)
    application.refresh_from_db()
    assert application.status == Status.NOT_AWARDED
