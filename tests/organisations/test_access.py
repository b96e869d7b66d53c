"""Another organisation's pages answer 404 at every URL this app adds."""

import pytest
from django.urls import reverse

from organisations.models import Invitation, Membership
from tests.organisations.factories import InvitationFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    mine = OrganisationFactory(name="Mine")
    theirs = OrganisationFactory(name="Theirs")
    me = member_of(mine)
    member_of(theirs)
    member_of(theirs)
    their_invitation = InvitationFactory(organisation=theirs)
    return me, mine, theirs, their_invitation


def _their_urls(theirs, invitation):
    return [
        reverse("organisations:detail", args=[theirs.pk]),
        reverse("organisations:edit", args=[theirs.pk]),
        reverse("organisations:members", args=[theirs.pk]),
        reverse("organisations:invite", args=[theirs.pk]),
        reverse("organisations:leave", args=[theirs.pk]),
        reverse("organisations:cancel_invitation", args=[theirs.pk, invitation.pk]),
    ]


def test_every_page_of_another_organisation_is_404(client, setting):
    me, mine, theirs, invitation = setting
    client.force_login(me)
    for url in _their_urls(theirs, invitation):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"email": "x@example.org", "name": "Hacked"}).status_code == 404, (
            url
        )
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"
    assert theirs.memberships.count() == 2
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None
    assert Invitation.objects.filter(organisation=theirs).count() == 1


def test_cannot_cancel_another_organisations_invitation_through_my_own(client, setting):
    me, mine, theirs, invitation = setting
    client.force_login(me)
    url = reverse("organisations:cancel_invitation", args=[mine.pk, invitation.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None


def test_switch_to_another_organisation_is_404(client, setting):
    me, mine, theirs, invitation = setting
    client.force_login(me)
    response = client.post(reverse("organisations:switch"), {"organisation": theirs.pk})
    assert response.status_code == 404


def test_dashboard_never_shows_another_organisation(client, setting):
    me, mine, theirs, invitation = setting
    client.force_login(me)
    session = client.session
    session["current_organisation_id"] = theirs.pk  # a forged or stale choice
    session.save()
    response = client.get(reverse("portal:dashboard"))
    assert response.context["organisation"] == mine
    assert "Theirs" not in response.content.decode()


def test_anonymous_users_are_sent_to_sign_in(client, setting):
    me, mine, theirs, invitation = setting
    for url in _their_urls(mine, invitation) + [reverse("portal:dashboard")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url
    assert not Membership.objects.filter(organisation=mine).exclude(user=me).exists()
