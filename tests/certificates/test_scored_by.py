"""Rule 9: the verification page and the plaque say "Scored by a panel of N young
people": the number only, never names; the organisation's result page shows the young
people's comments without names."""

import pytest
from django.urls import reverse

from certificates.models import Award
from certificates.plaques import render_plaque_pdf
from certificates.selectors import scored_by
from panels.services import consensus, results, scoring
from tests.organisations.factories import member_of
from tests.panels.factories import confirm_all, ready_to_score

pytestmark = pytest.mark.django_db


def _awarded_by_two():
    application, panel, (maya, leo) = ready_to_score()
    for indicator in application.level.indicators.all():
        scoring.save_score(maya, application, indicator.pk, 3, comment="They pay us for our time")
        scoring.save_score(leo, application, indicator.pk, 3)
    for member in (maya, leo):
        scoring.submit_scores(member, application)
    for indicator in application.level.indicators.all():
        consensus.save_agreed_score(
            application,
            indicator.pk,
            value=3,
            feedback="Keep it up",
            needs_more_evidence=False,
            actor=panel.facilitator,
        )
    confirm_all(application)
    consensus.finalise(application, actor=panel.facilitator)
    results.confirm_outcome(application, actor=panel.facilitator)
    application.refresh_from_db()
    return application, (maya, leo)


def test_verification_page_gives_the_number_never_names(client):
    application, (maya, leo) = _awarded_by_two()
    award = Award.objects.get(application=application)  # made when confirmed
    assert scored_by(award) == "Scored by a panel of 2 young people"
    page = client.get(reverse("certificates:verify", args=[award.verification_code]))
    text = page.content.decode()
    assert "Scored by a panel of 2 young people." in text
    assert maya.display_name not in text and leo.display_name not in text
    html_of_plaque = render_plaque_pdf(award)
    assert html_of_plaque.startswith(b"%PDF")


def test_the_plaque_template_says_it(monkeypatch):
    application, _ = _awarded_by_two()
    award = Award.objects.get(application=application)  # made when confirmed
    seen = {}
    import certificates.plaques as plaques

    real = plaques.render_to_string

    def spy(name, context):
        seen.update(context)
        return real(name, context)

    monkeypatch.setattr(plaques, "render_to_string", spy)
    render_plaque_pdf(award)
    assert seen["scored_by"] == "Scored by a panel of 2 young people"
    assert "Scored by a panel of 2 young people" in real("certificates/plaque.html", seen)


def test_the_result_page_shows_the_young_peoples_comments_without_names(client):
    application, (maya, leo) = _awarded_by_two()
    client.force_login(member_of(application.organisation))
    page = client.get(reverse("panels:org_result", args=[application.pk])).content.decode()
    assert "What the young people said:" in page
    assert "“They pay us for our time”" in page
    assert maya.display_name + ":" not in page
