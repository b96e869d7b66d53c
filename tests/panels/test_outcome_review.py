"""Rule 6: staff cannot change scores. At confirmation they see the young people's scores
beside the agreed ones, the divergence and its reason, and the members' totals; they
confirm, or send the result back to the panel with a reason."""

import pytest
from django.urls import reverse

from assessments.models import Status
from panels import selectors
from panels.models import Confirmation, Finalisation, SendBack
from panels.refusals import PanelError
from panels.services import consensus, results
from tests.accounts.factories import StaffFactory
from tests.panels.factories import confirm_all, ready_to_score

pytestmark = pytest.mark.django_db


def _finalised_with_one_outside_the_range():
    """Maya scored 3 everywhere, Leo 2 everywhere except 4 on the first indicator; the panel
    agreed 3 everywhere except 1 on the second (outside 2–3, with a reason)."""
    from panels.services import scoring

    application, panel, (maya, leo) = ready_to_score()
    indicators = list(application.level.indicators.order_by("order"))
    for position, indicator in enumerate(indicators):
        scoring.save_score(maya, application, indicator.pk, 3)
        scoring.save_score(leo, application, indicator.pk, 4 if position == 0 else 2)
    for member in (maya, leo):
        scoring.submit_scores(member, application)
    for position, indicator in enumerate(indicators):
        consensus.save_agreed_score(
            application,
            indicator.pk,
            value=1 if position == 1 else 3,
            feedback="",
            needs_more_evidence=position == 1,
            reason="They told us the forum stopped" if position == 1 else "",
            actor=panel.facilitator,
        )
    confirm_all(application)
    consensus.finalise(application, actor=panel.facilitator)
    application.refresh_from_db()
    return application, panel, (maya, leo), indicators


def test_staff_see_the_divergence_and_the_members_totals(client, django_assert_max_num_queries):
    application, panel, (maya, leo), indicators = _finalised_with_one_outside_the_range()
    assert application.total == 46  # 15 × 3 + 1
    staff = StaffFactory()
    client.force_login(staff)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("console:staff_outcome", args=[application.pk]))
    page = response.content.decode()
    review = response.context["review"]
    assert review["diverging"] == 1
    second = review["rows"][1]
    assert second["scores"] == [3, 2] and second["agreed"].value == 1
    assert second["divergence"] == "outside"
    assert "Outside their scores.</strong> Reason: They told us the forum stopped" in page
    # Maya 48, Leo 4 + 15 × 2 = 34, beside the agreed 46.
    assert [t["total"] for t in review["member_totals"]] == [48, 34]
    assert f"{maya.display_name}'s own total: 48" in page
    assert "Agreed total: 46" in page
    assert "1 agreed score differs from the young people's scores" in page
    # No form on the page changes a score.
    assert f"i{indicators[0].pk}-value" not in page


def test_staff_cannot_change_a_score():
    application, panel, _, indicators = _finalised_with_one_outside_the_range()
    with pytest.raises(PanelError):
        consensus.save_agreed_score(
            application,
            indicators[0].pk,
            value=4,
            feedback="",
            needs_more_evidence=False,
            actor=StaffFactory(),
        )


def test_send_back_needs_a_reason_then_the_panel_re_agrees_and_confirms_again(client):
    application, panel, (maya, leo), indicators = _finalised_with_one_outside_the_range()
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("console:staff_outcome", args=[application.pk])
    page = client.post(url, {"send_back": "1", "reason": ""}).content.decode()
    assert "This field is required" in page
    application.refresh_from_db()
    assert application.status == Status.SCORED
    client.post(url, {"send_back": "1", "reason": "Please look at S2 again."})
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW_SCHEDULED
    assert application.total is None and application.proposed_outcome == ""
    assert not Finalisation.objects.filter(application=application).exists()
    assert not Confirmation.objects.exists()
    assert SendBack.objects.get().total == 46
    assert application.timeline.filter(
        message__contains="Sent back to the panel (46 out of 64): Please look at S2 again."
    ).exists()
    # The panel sees why, re-agrees, the young people confirm again, and it is finalised.
    client.force_login(panel.facilitator)
    page = client.get(reverse("panels:consensus", args=[application.pk])).content.decode()
    assert "Please look at S2 again." in page
    consensus.save_agreed_score(
        application,
        indicators[1].pk,
        value=2,
        feedback="",
        needs_more_evidence=True,
        actor=panel.facilitator,
    )
    with pytest.raises(PanelError, match="Still to confirm"):
        consensus.finalise(application, actor=panel.facilitator)
    confirm_all(application)
    consensus.finalise(application, actor=panel.facilitator)
    application.refresh_from_db()
    assert application.total == 47
    assert selectors.latest_send_back(application) == ""
    results.confirm_outcome(application, actor=staff)
    application.refresh_from_db()
    assert application.status == Status.RESUBMISSION_INVITED


def test_only_staff_send_back():
    application, panel, (maya, _), _ = _finalised_with_one_outside_the_range()
    with pytest.raises(PanelError, match="participation team"):
        results.send_back(application, reason="No", actor=maya.user)
