"""The consensus: who sees everyone's scores, and finalising (only the facilitator, only
once every score is agreed)."""

import pytest
from django.urls import reverse

from assessments.models import Status
from panels.models import AgreedScore
from panels.refusals import PanelError
from panels.services import consensus, scoring
from tests.accounts.factories import StaffFactory
from tests.panels.factories import agree_all, ready_to_score

pytestmark = pytest.mark.django_db


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


def test_members_do_not_see_others_scores_until_they_send_their_own(client):
    application, panel, (maya, leo) = ready_to_score()
    indicator = application.level.indicators.order_by("order").first()

    def sees_everyones_scores(member):
        client.force_login(member.user)
        page = client.get(reverse("panels:consensus", args=[application.pk]))
        return page.context["show_all"]

    scoring.save_score(leo, application, indicator.pk, 1)
    assert not sees_everyones_scores(maya)
    for i in application.level.indicators.all():
        scoring.save_score(maya, application, i.pk, 3)
    scoring.submit_scores(maya, application)
    assert sees_everyones_scores(maya)
    assert not sees_everyones_scores(leo)
    consensus.reveal_scores(application, actor=panel.facilitator)
    assert sees_everyones_scores(leo)
    with pytest.raises(PanelError):
        consensus.reveal_scores(application, actor=leo.user)
