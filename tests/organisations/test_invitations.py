import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from organisations.exceptions import OrganisationError
from organisations.models import Invitation, Membership
from organisations.selectors import pending_invitations
from organisations.services import invitations
from organisations.services.current_organisation import SESSION_KEY
from tests.accounts.factories import PanelUserFactory, UserFactory
from tests.organisations.factories import InvitationFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def _invite_url(organisation):
    return reverse("organisations:invite", args=[organisation.pk])


def test_full_flow_send_email_then_accept(client, run_jobs, settings):
    settings.SITE_URL = "https://kitemark.example"
    organisation = OrganisationFactory(name="Riverside Youth")
    inviter = member_of(organisation, full_name="Dana Inviter", email="dana@riverside.example")
    client.force_login(inviter)
    with run_jobs(execute=True):
        response = client.post(_invite_url(organisation), {"email": "Kim@Example.org "})
    assert response.status_code == 302
    assert response.url == reverse("organisations:members", args=[organisation.pk])
    invitation = Invitation.objects.get()
    assert invitation.email == "kim@example.org"
    assert invitation.invited_by == inviter
    lifetime = invitation.expires_at - invitation.created_at
    assert abs(lifetime - datetime.timedelta(days=7)) < datetime.timedelta(seconds=5)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kim@example.org"]
    assert "Dana Inviter has invited you to join Riverside Youth" in message.subject
    link = re.search(r"https://kitemark\.example(/invitations/[^/\s]+/)", message.body)
    assert link is not None
    assert link.group(1) == f"/invitations/{invitation.token}/"

    # The members page lists it as pending.
    members_page = client.get(response.url).content.decode()
    assert "kim@example.org" in members_page

    invitee = UserFactory(email="kim@example.org", full_name="Kim Lee")
    client.force_login(invitee)
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert "Join Riverside Youth" in page.content.decode()
    mail.outbox.clear()
    with run_jobs(execute=True):
        response = client.post(link.group(1))
    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")
    assert Membership.objects.filter(organisation=organisation, user=invitee).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee
    assert invitation.accepted_at is not None
    assert client.session[SESSION_KEY] == organisation.pk

    # Existing members (only them) hear that someone joined.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dana@riverside.example"]
    assert "Kim Lee has joined Riverside Youth" in mail.outbox[0].subject
    assert f"/organisations/{organisation.pk}/members/" in mail.outbox[0].body


def test_invitation_email_is_plain_text_without_html_escaping(run_jobs):
    organisation = OrganisationFactory(name="St Mary's & St John's")
    inviter = member_of(organisation)
    with run_jobs(execute=True):
        invitations.invite(organisation, "kim@example.org", inviter)
    assert "St Mary's & St John's" in mail.outbox[0].body


def test_invite_form_refuses_an_existing_member_and_bad_addresses(client):
    organisation = OrganisationFactory()
    user = member_of(organisation)
    member_of(organisation, email="already@example.org")
    client.force_login(user)
    response = client.post(_invite_url(organisation), {"email": "ALREADY@example.org"})
    assert response.status_code == 200
    assert "already@example.org is already a member" in response.content.decode()
    response = client.post(_invite_url(organisation), {"email": "nope"})
    assert "Enter an email address in the right format" in response.content.decode()
    assert not Invitation.objects.exists()


def test_inviting_again_replaces_the_older_link(run_jobs):
    organisation = OrganisationFactory()
    inviter = member_of(organisation)
    with run_jobs(execute=True):
        first = invitations.invite(organisation, "kim@example.org", inviter)
        second = invitations.invite(organisation, "kim@example.org", inviter)
    first.refresh_from_db()
    assert first.is_cancelled
    assert second.is_pending
    assert len(mail.outbox) == 2
    assert list(pending_invitations(organisation)) == [second]


def test_expired_invitation_says_so_and_cannot_be_used(client):
    invitation = InvitationFactory(
        email="kim@example.org", expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    user = UserFactory(email="kim@example.org")
    client.force_login(user)
    url = reverse("organisations:invitation", args=[invitation.token])
    page = client.get(url).content.decode()
    assert "This invitation ran out on" in page
    assert "Ask your colleague to send you a new invitation" in page
    response = client.post(url)
    assert response.status_code == 400
    assert not Membership.objects.filter(user=user).exists()


def test_invitation_lasts_the_configured_number_of_days(settings):
    settings.INVITATION_VALID_DAYS = 3
    invitation = invitations.invite(OrganisationFactory(), "kim@example.org", UserFactory())
    lifetime = invitation.expires_at - timezone.now()
    assert datetime.timedelta(days=2, hours=23) < lifetime <= datetime.timedelta(days=3)
    assert invitation.is_pending
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    invitation.refresh_from_db()
    assert invitation.is_expired and not invitation.is_pending


def test_an_invitation_can_only_be_used_once(client):
    invitation = InvitationFactory(email="kim@example.org")
    first = UserFactory(email="kim@example.org")
    url = reverse("organisations:invitation", args=[invitation.token])
    client.force_login(first)
    assert client.post(url).status_code == 302
    # Used again by the same person: they are told they already joined.
    page = client.get(url).content.decode()
    assert "You have already accepted this invitation" in page
    # Used by somebody else (the link was forwarded): refused.
    client.force_login(UserFactory(email="other@example.org"))
    response = client.post(url)
    assert response.status_code == 400
    assert "This invitation has already been used" in response.content.decode()
    assert invitation.organisation.memberships.count() == 1


def test_accept_service_refuses_second_use():
    invitation = InvitationFactory(email="kim@example.org")
    user = UserFactory(email="kim@example.org")
    invitations.accept_invitation(invitation, user)
    with pytest.raises(OrganisationError) as error:
        invitations.accept_invitation(invitation, user)
    assert error.value.code == "used_by_you"


def test_wrong_email_is_refused_and_names_the_invited_address(client):
    invitation = InvitationFactory(email="kim@example.org")
    user = UserFactory(email="sam@example.org")
    client.force_login(user)
    url = reverse("organisations:invitation", args=[invitation.token])
    page = client.get(url).content.decode()
    assert "This invitation was sent to kim@example.org" in page
    assert "you are signed in as sam@example.org" in page
    assert "Join " + invitation.organisation.name + "</button>" not in page
    response = client.post(url)
    assert response.status_code == 400
    assert not Membership.objects.filter(user=user).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_email_match_ignores_case(client):
    invitation = InvitationFactory(email="kim@example.org")
    user = UserFactory(email="Kim@Example.ORG")
    client.force_login(user)
    client.post(reverse("organisations:invitation", args=[invitation.token]))
    assert Membership.objects.filter(user=user, organisation=invitation.organisation).exists()


def test_anonymous_visitor_is_offered_sign_in_and_create_account(client):
    invitation = InvitationFactory(email="kim@example.org")
    url = reverse("organisations:invitation", args=[invitation.token])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    next_param = f"next=%2Finvitations%2F{invitation.token}%2F"
    assert f"{reverse('accounts:login')}?{next_param}" in html
    assert f"{reverse('accounts:signup')}?{next_param}" in html
    assert "kim@example.org" in html
    # Posting without signing in changes nothing and sends them to sign in.
    response = client.post(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_already_a_member_gets_a_clear_message(client):
    organisation = OrganisationFactory(name="Riverside Youth")
    user = member_of(organisation, email="kim@example.org")
    invitation = InvitationFactory(organisation=organisation, email="kim@example.org")
    client.force_login(user)
    url = reverse("organisations:invitation", args=[invitation.token])
    assert "You are already a member of Riverside Youth" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 400
    assert organisation.memberships.count() == 1


def test_panel_member_cannot_accept(client):
    invitation = InvitationFactory(email="kim@example.org")
    panel = PanelUserFactory(email="kim@example.org")
    client.force_login(panel)
    response = client.post(reverse("organisations:invitation", args=[invitation.token]))
    assert response.status_code == 400
    assert "cannot join an organisation" in response.content.decode()
    assert not Membership.objects.filter(user=panel).exists()


def test_unknown_token_is_404(client):
    assert client.get(reverse("organisations:invitation", args=["nope"])).status_code == 404


def test_members_can_cancel_a_pending_invitation_after_confirming(client):
    organisation = OrganisationFactory()
    user = member_of(organisation)
    invitation = InvitationFactory(organisation=organisation, email="kim@example.org")
    client.force_login(user)
    url = reverse("organisations:cancel_invitation", args=[organisation.pk, invitation.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Yes, cancel the invitation" in confirm.content.decode()
    invitation.refresh_from_db()
    assert not invitation.is_cancelled  # nothing happens until they confirm

    response = client.post(url)
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.is_cancelled
    members_page = client.get(reverse("organisations:members", args=[organisation.pk]))
    assert "kim@example.org" not in members_page.content.decode().split("Invitations waiting")[1]

    client.force_login(UserFactory(email="kim@example.org"))
    page = client.get(reverse("organisations:invitation", args=[invitation.token]))
    assert "was cancelled" in page.content.decode()


def test_cancelling_an_accepted_invitation_is_refused(client):
    organisation = OrganisationFactory()
    user = member_of(organisation)
    invitation = InvitationFactory(organisation=organisation, email="kim@example.org")
    invitations.accept_invitation(invitation, UserFactory(email="kim@example.org"))
    client.force_login(user)
    url = reverse("organisations:cancel_invitation", args=[organisation.pk, invitation.pk])
    response = client.post(url, follow=True)
    assert "has already accepted this invitation" in response.content.decode()
    invitation.refresh_from_db()
    assert not invitation.is_cancelled


def test_dashboard_lists_invitations_waiting_for_a_signed_in_member(client):
    organisation = OrganisationFactory()
    user = member_of(organisation, email="kim@example.org")
    other = InvitationFactory(email="kim@example.org")
    client.force_login(user)
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert reverse("organisations:invitation", args=[other.token]) in html
