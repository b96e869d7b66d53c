import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import selectors
from assessments.models import Application, Status, TimelineEvent
from assessments.refusals import ActionRefused
from assessments.services import applications
from tests.assessments.factories import CycleFactory, default_level

pytestmark = pytest.mark.django_db


def start_url(org):
    return reverse("assessments:start", args=[org.pk])


def test_start_page_lists_the_three_levels_with_summaries(member_client, organisation, cycle):
    response = member_client.get(start_url(organisation))
    assert response.status_code == 200
    body = response.content.decode()
    for code in ("bronze", "silver", "gold"):
        level = default_level(code)
        assert level.name in body
        assert level.summary[:40] in body
    assert cycle.name in body


def test_starting_creates_draft_with_sixteen_empty_answers_and_timeline(
    member_client, organisation, member, cycle
):
    level = default_level("bronze")
    response = member_client.post(start_url(organisation), {"level": level.pk})
    application = Application.objects.get(organisation=organisation)
    assert response.status_code == 302
    assert response.url == reverse("assessments:detail", args=[application.pk])
    assert application.status == Status.DRAFT
    assert application.level == level
    assert application.cycle == cycle
    assert application.created_by == member
    assert application.answers.count() == 16
    assert not application.answers.exclude(text="").exists()
    event = TimelineEvent.objects.get(application=application)
    assert "started" in event.message
    assert event.actor == member


def test_no_open_cycle_says_closed_and_refuses(member_client, organisation):
    CycleFactory(
        opens_on=timezone.localdate() + datetime.timedelta(days=5),
        submission_deadline=timezone.localdate() + datetime.timedelta(days=50),
        name="Spring round",
    )
    page = member_client.get(start_url(organisation)).content.decode()
    assert "Applications are closed" in page
    assert "Spring round" in page
    response = member_client.post(
        start_url(organisation), {"level": default_level("gold").pk}, follow=True
    )
    assert "Applications are closed" in response.content.decode()
    assert not Application.objects.exists()


def test_closed_flag_closes_the_cycle(member_client, organisation):
    CycleFactory(is_closed=True)
    member_client.post(start_url(organisation), {"level": default_level("gold").pk})
    assert not Application.objects.exists()


def test_second_live_application_is_refused_with_a_message(
    member_client, organisation, application
):
    response = member_client.post(
        start_url(organisation), {"level": default_level("gold").pk}, follow=True
    )
    assert "already has an application in progress" in response.content.decode()
    assert Application.objects.filter(organisation=organisation).count() == 1


def test_a_race_past_the_check_hits_the_constraint_and_gets_a_message(
    monkeypatch, organisation, member, application
):
    monkeypatch.setattr(selectors, "live_application", lambda org: None)
    with pytest.raises(ActionRefused, match="already has an application"):
        applications.start_application(organisation, default_level("gold"), member)
    assert Application.objects.filter(organisation=organisation).count() == 1


def test_finished_application_does_not_block_a_new_one(member_client, organisation, application):
    Application.objects.filter(pk=application.pk).update(status=Status.NOT_AWARDED)
    member_client.post(start_url(organisation), {"level": default_level("gold").pk})
    assert Application.objects.filter(organisation=organisation).count() == 2


def test_level_of_an_old_framework_version_is_refused(organisation, member, cycle):
    from tests.assessments.factories import LevelFactory

    with pytest.raises(ActionRefused):
        applications.start_application(organisation, LevelFactory(), member)


def test_missing_level_shows_error_next_to_field(member_client, organisation, cycle):
    response = member_client.post(start_url(organisation), {})
    assert response.status_code == 200
    assert "Choose Bronze, Silver or Gold." in response.content.decode()


def test_other_organisations_user_gets_404(client, organisation, other_org_user, cycle):
    client.force_login(other_org_user)
    assert client.get(start_url(organisation)).status_code == 404
    client.post(start_url(organisation), {"level": default_level("gold").pk})
    assert not Application.objects.exists()


def test_anonymous_is_sent_to_login(client, organisation):
    response = client.get(start_url(organisation))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
