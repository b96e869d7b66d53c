"""Rules 3–5 and 7: the young people's own scores (with comments) make the agreed score,
they confirm the sheet, and a 42–47 total can always reach 48 on resubmission."""

import json

import pytest
from django.urls import reverse

from panels import agreement, selectors
from panels.models import Confirmation, Score
from panels.refusals import PanelError
from panels.services import consensus, scoring
from tests.panels.factories import agree_all, all_send, ready_to_score

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- pure rules


@pytest.mark.parametrize(
    ("values", "choices"),
    [
        ([], ()),
        ([2, 3], (2, 3)),  # two members, between two whole numbers: the panel picks
        ([1, 3], (2,)),  # two members, a whole median
        ([4, 4], (4,)),  # two members tied
        ([0, 4, 1], (1,)),  # three members
        ([3, 3, 1], (3,)),  # three members, a tie
        ([1, 2, 3, 4], (2, 3)),  # four members
        ([0, 2, 2, 4], (2,)),  # four members, the middle two tied
        ([1, 1, 4, 4], (2, 3)),  # four members, two ties
    ],
)
def test_median_choices(values, choices):
    assert agreement.median_choices(values) == choices


def test_range_check_edges():
    assert agreement.within_range(1, [1, 3])
    assert agreement.within_range(3, [1, 3])
    assert not agreement.within_range(0, [1, 3])
    assert not agreement.within_range(4, [1, 3])
    assert agreement.within_range(2, [2, 2])
    assert not agreement.within_range(2, [])


@pytest.mark.parametrize(
    ("total", "flagged", "reachable"),
    [
        (42, [], False),  # nothing flagged: a dead end
        (42, [3, 3, 3, 3, 3], False),  # 5 < 6
        (42, [3, 3, 3, 3, 3, 3], True),  # exactly 6
        (42, [2, 3, 4], False),  # 2 + 1 + 0 = 3 < 6
        (47, [], False),
        (47, [4], False),  # already at 4: adds nothing
        (47, [3], True),  # exactly 1
        (48, [], True),  # awarded: nothing to reach
        (41, [], True),  # not awarded: no resubmission
    ],
)
def test_resubmission_feasibility(total, flagged, reachable):
    assert agreement.resubmission_is_reachable(total, flagged) is reachable
    possible, needed = agreement.resubmission_headroom(total, flagged)
    assert needed == 48 - total
    assert possible == sum(4 - v for v in flagged)


# --------------------------------------------------------------------------- rule 3: comments


def test_a_member_scores_with_a_comment_in_their_own_words(client):
    application, panel, (maya, leo) = ready_to_score()
    indicator = application.level.indicators.order_by("order").first()
    client.force_login(maya.user)
    response = client.post(
        reverse("panels:score_save", args=[application.pk]),
        data=json.dumps({"indicator": indicator.pk, "value": 3, "comment": " They listen. "}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert Score.objects.get(member=maya, indicator=indicator).comment == "They listen."
    page = client.get(reverse("panels:score", args=[application.pk])).content.decode()
    assert "They listen." in page
    # Without JavaScript, the comment goes with its score.
    client.post(
        reverse("panels:score", args=[application.pk]),
        {f"score-{indicator.pk}": 2, f"comment-{indicator.pk}": "Not every time"},
    )
    score = Score.objects.get(member=maya, indicator=indicator)
    assert (score.value, score.comment) == (2, "Not every time")


def test_feedback_starts_from_the_members_comments(client):
    application, panel, (maya, leo) = ready_to_score()
    indicator = application.level.indicators.order_by("order").first()
    scoring.save_score(maya, application, indicator.pk, 3, comment="Great forum.")
    scoring.save_score(leo, application, indicator.pk, 2, comment="Pay us for our time.")
    client.force_login(panel.facilitator)
    page = client.get(reverse("panels:consensus", args=[application.pk]))
    row = page.context["rows"][0]
    assert row["suggested_feedback"] == "Great forum. Pay us for our time."  # in seat order
    assert "Great forum. Pay us for our time.</textarea>" in page.content.decode()


# --------------------------------------------------------------------------- rule 4


def _agree(application, panel, indicator, value, reason=""):
    return consensus.save_agreed_score(
        application,
        indicator.pk,
        value=value,
        feedback="Edited wording",
        needs_more_evidence=False,
        reason=reason,
        actor=panel.facilitator,
    )


def test_the_panel_agrees_only_once_everyone_here_has_sent():
    application, panel, (maya, leo) = ready_to_score()
    indicator = application.level.indicators.order_by("order").first()
    for i in application.level.indicators.all():
        scoring.save_score(maya, application, i.pk, 3)
    scoring.submit_scores(maya, application)
    with pytest.raises(PanelError, match="Waiting for: " + leo.display_name):
        _agree(application, panel, indicator, 3)


def test_within_the_range_or_outside_it_with_a_reason():
    application, panel, (maya, leo) = ready_to_score()
    first, second = application.level.indicators.order_by("order")[:2]
    for i in application.level.indicators.all():
        scoring.save_score(maya, application, i.pk, 1, comment="Only one meeting")
        scoring.save_score(leo, application, i.pk, 3)
    for member in (maya, leo):
        scoring.submit_scores(member, application)
    assert _agree(application, panel, first, 1).value == 1  # the lowest edge
    assert _agree(application, panel, first, 3).value == 3  # the highest edge
    with pytest.raises(PanelError, match=r"outside the young people's own scores \(from 1 to 3\)"):
        _agree(application, panel, second, 4)
    agreed = _agree(application, panel, second, 4, reason="The video showed much more")
    assert agreed.outside_range_reason == "The video showed much more"
    # Back within the range: the reason is not kept.
    assert _agree(application, panel, second, 2, reason="Stale").outside_range_reason == ""
    # The members' comments stay on record, whatever the feedback's wording.
    assert Score.objects.get(member=maya, indicator=first).comment == "Only one meeting"
    timeline = " ".join(application.timeline.values_list("message", flat=True))
    assert f"Agreed score for {second.code}: 4" in timeline
    assert "Outside their range because: The video showed much more" in timeline


# --------------------------------------------------------------------------- rule 5


def _sheet_agreed(values=None):
    application, panel, members = ready_to_score()
    agree_all(application, values or [3] * 16, actor=panel.facilitator, confirmed=False)
    return application, panel, members


def test_each_member_confirms_and_only_then_the_round_finalises():
    application, panel, (maya, leo) = _sheet_agreed()
    sheet = selectors.sheet_fingerprint(application)
    consensus.confirm_sheet(application, maya, sheet=sheet, actor=maya.user)
    with pytest.raises(PanelError, match=f"Still to confirm: {leo.display_name}"):
        consensus.finalise(application, actor=panel.facilitator)
    with pytest.raises(PanelError, match="Only you can confirm for yourself"):
        consensus.confirm_sheet(application, leo, sheet=sheet, actor=maya.user)
    # Leo has no device: the facilitator records his spoken confirmation by name.
    spoken = consensus.confirm_sheet(
        application, leo, sheet=sheet, actor=panel.facilitator, spoken=True
    )
    assert spoken.spoken and spoken.recorded_by == panel.facilitator
    consensus.finalise(application, actor=panel.facilitator)
    application.refresh_from_db()
    assert application.total == 48


def test_a_change_after_a_confirmation_clears_the_confirmations():
    application, panel, (maya, leo) = _sheet_agreed()
    indicator = application.level.indicators.order_by("order").first()
    sheet = selectors.sheet_fingerprint(application)
    consensus.confirm_sheet(application, maya, sheet=sheet, actor=maya.user)
    # Saving the same values again changes nothing: the confirmation stands.
    consensus.save_agreed_score(
        application,
        indicator.pk,
        value=3,
        feedback=f"Feedback on {indicator.code}",
        needs_more_evidence=False,
        actor=panel.facilitator,
    )
    assert Confirmation.objects.count() == 1
    _agree(application, panel, indicator, 3)  # the wording changed
    assert not Confirmation.objects.exists()
    assert application.timeline.filter(message__contains="confirmations were cleared").exists()
    # A confirmation of the sheet as it was is refused.
    with pytest.raises(PanelError, match="changed since this page was opened"):
        consensus.confirm_sheet(application, leo, sheet=sheet, actor=leo.user)


def test_a_member_confirms_on_their_own_device(client):
    application, panel, (maya, leo) = _sheet_agreed()
    client.force_login(maya.user)
    page = client.get(reverse("panels:confirm", args=[application.pk]))
    assert "These are our scores" in page.content.decode()
    client.post(reverse("panels:confirm", args=[application.pk]), {"sheet": page.context["sheet"]})
    confirmation = Confirmation.objects.get(member=maya)
    assert not confirmation.spoken and confirmation.recorded_by == maya.user
    page = client.get(reverse("panels:confirm", args=[application.pk])).content.decode()
    assert "You confirmed these are our scores" in page


# --------------------------------------------------------------------------- rule 7


@pytest.mark.parametrize(
    ("values", "flagged", "refused"),
    [
        ([3] * 10 + [2] * 6, (0, 1, 2, 3, 4), True),  # 42, five 3s flagged add 5 < 6
        ([3] * 10 + [2] * 6, (0, 1, 2, 3, 4, 5), False),  # 42, six 3s flagged add exactly 6
        ([3] * 15 + [2], (), True),  # 47, nothing flagged
        ([3] * 15 + [2], (0,), False),  # 47, a 3 flagged can add exactly 1
    ],
)
def test_finalising_42_to_47_needs_reachable_flags(values, flagged, refused):
    application, panel, _ = ready_to_score()
    agree_all(application, values, flagged=flagged, actor=panel.facilitator)
    if refused:
        with pytest.raises(PanelError, match="Mark more parts"):
            consensus.finalise(application, actor=panel.facilitator)
    else:
        consensus.finalise(application, actor=panel.facilitator)
        application.refresh_from_db()
        assert application.proposed_outcome == "resubmission"


def test_round_two_rescores_only_the_flagged_under_the_same_rules():
    from tests.panels.test_resubmission import _finalise_first_round, _flagged, _resubmit

    application, panel, (maya, leo) = ready_to_score()
    _finalise_first_round(application, panel)
    _resubmit(application)
    flagged = _flagged(application)
    all_send(application, 4)
    assert set(
        Score.objects.filter(application=application, round=2).values_list(
            "indicator_id", flat=True
        )
    ) == set(flagged)
    indicator_id = next(iter(flagged))
    with pytest.raises(PanelError, match="outside the young people's own scores"):
        consensus.save_agreed_score(
            application,
            indicator_id,
            value=1,
            feedback="",
            needs_more_evidence=False,
            actor=panel.facilitator,
        )
