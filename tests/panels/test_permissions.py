"""Who sees what: members only their applications; organisations never a member's details."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assessments.models import Status
from panels import selectors
from panels.models import PrivateNote, Score
from panels.services import members
from tests.accounts.factories import StaffFactory
from tests.organisations.factories import member_of
from tests.panels.factories import (
    FinalisationFactory,
    PanelMemberFactory,
    agree_all,
    ready_to_score,
)

pytestmark = pytest.mark.django_db


def test_member_dashboard_lists_only_assigned_applications(client):
    mine, _, (maya, _) = ready_to_score()
    other, _, _ = ready_to_score()
    client.force_login(maya.user)
    page = client.get(reverse("panels:dashboard")).content.decode()
    assert mine.organisation.name in page
    assert other.organisation.name not in page
    assert client.get(reverse("panels:reader", args=[other.pk, 1])).status_code == 404
    assert client.get(reverse("panels:reader", args=[mine.pk, 1])).status_code == 200


def test_interface_for_other_apps(client):
    application, panel, (maya, leo) = ready_to_score()
    outsider = PanelMemberFactory()
    assert selectors.is_assigned(maya.user, application)
    assert selectors.is_assigned(panel.facilitator, application)
    assert not selectors.is_assigned(outsider.user, application)
    assert not selectors.is_assigned(StaffFactory(), application)
    assert maya.user.has_perm("panels.read_application", application)
    assert not outsider.user.has_perm("panels.read_application", application)
    from panels.rules import is_assigned_to_application

    assert is_assigned_to_application(leo.user, application)
    members.deactivate_panel_member(leo)
    leo.user.refresh_from_db()
    assert not selectors.is_assigned(leo.user, application)
    assert selectors.next_interview_for(application).starts_at > timezone.now()


def test_private_notes_are_seen_only_by_their_author(client):
    application, _, (maya, leo) = ready_to_score()
    indicator = application.level.indicators.order_by("order").first()
    client.force_login(maya.user)
    response = client.post(
        reverse("panels:save_note", args=[application.pk, indicator.pk]),
        {"notes": "Secret thought of Maya", "questions": "Who chairs the forum?"},
        HTTP_HX_REQUEST="true",
    )
    assert "Saved" in response.content.decode()
    assert PrivateNote.objects.get(member=maya).questions == "Who chairs the forum?"
    assert (
        "Secret thought of Maya"
        in client.get(reverse("panels:reader", args=[application.pk, 1])).content.decode()
    )
    client.force_login(leo.user)
    assert (
        "Secret thought of Maya"
        not in client.get(reverse("panels:reader", args=[application.pk, 1])).content.decode()
    )
    # Without JavaScript the form posts and comes back to the same screen.
    response = client.post(
        reverse("panels:save_note", args=[application.pk, indicator.pk]),
        {"notes": "Leo's note", "questions": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("panels:reader", args=[application.pk, 1])


def test_reader_pages_step_through_indicators(client):
    application, _, (maya, _) = ready_to_score()
    client.force_login(maya.user)
    first = client.get(reverse("panels:reader", args=[application.pk, 1])).content.decode()
    assert "Part 1 of 16" in first
    assert "How we meet" in first
    assert reverse("panels:reader", args=[application.pk, 2]) in first
    assert client.get(reverse("panels:reader", args=[application.pk, 17])).status_code == 404
    last = client.get(reverse("panels:reader", args=[application.pk, 16])).content.decode()
    assert ">Next<" not in last


def _confirmed_result():
    application, panel, (maya, leo) = ready_to_score()
    for member, name in ((maya, "Maya"), (leo, "Leo")):
        member.display_name = name
        member.save()
    maya.user.full_name = "Maya Secretsurname"
    maya.user.email = "maya.secret@example.org"
    maya.user.save()
    for member, value in ((maya, 1), (leo, 4)):
        for indicator in application.level.indicators.all():
            Score.objects.create(
                member=member,
                application=application,
                indicator=indicator,
                value=value,
                client_updated_at=timezone.now(),
            )
    agree_all(application, [3] * 16)
    application.status = Status.AWARDED
    application.total = 48
    application.outcome_confirmed_at = timezone.now()
    application.save()
    FinalisationFactory(application=application, total=48, confirmed_at=timezone.now())
    return application, maya, leo


def test_organisation_pages_never_show_member_details_or_individual_scores(client):
    application, maya, leo = _confirmed_result()
    org_user = member_of(application.organisation)
    client.force_login(org_user)
    for url in (
        reverse("panels:org_result", args=[application.pk]),
        reverse("panels:org_actions", args=[application.pk]),
    ):
        page = client.get(url).content.decode()
        for secret in (
            "Secretsurname",
            "maya.secret@example.org",
            maya.user.username,
            leo.user.username,
        ):
            assert secret not in page
    page = client.get(reverse("panels:org_result", args=[application.pk]))
    content = page.content.decode()
    assert "Leo, Maya (Youth Cabinet)" in content
    # Individual scores (Maya gave 1s, Leo 4s) never appear, only the agreed 3s.
    assert "out of 4" in content
    assert "1 out of 4" not in content and "4 out of 4" not in content
    assert all(item.value == 3 for r in page.context["rounds"] for item in r["items"])


def test_another_organisation_gets_404(client):
    application, _, _ = _confirmed_result()
    stranger = member_of()
    client.force_login(stranger)
    assert client.get(reverse("panels:org_result", args=[application.pk])).status_code == 404
    assert client.get(reverse("panels:org_actions", args=[application.pk])).status_code == 404


def test_organisation_cannot_act_before_the_outcome_is_confirmed(client):
    application, _, _ = ready_to_score()
    org_user = member_of(application.organisation)
    client.force_login(org_user)
    assert client.get(reverse("panels:org_actions", args=[application.pk])).status_code == 404
    assert (
        "not ready yet"
        in client.get(reverse("panels:org_result", args=[application.pk])).content.decode()
    )


def test_the_organisation_partial_renders_for_the_application_page():
    application, _, _ = ready_to_score()
    org_html = render_to_string("panels/_org_result.html", {"application": application})
    assert "Your panel interview" in org_html
    assert "Your result:" not in org_html
