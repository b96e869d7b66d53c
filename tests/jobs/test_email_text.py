"""What user-typed text can do to an email: nothing.

A subject is a header: a line break in it would start a new header (Bcc: ...), and
Django refuses to send such a message at all. The plain-text body is not HTML: it
shows what people typed, not entities.
"""

import pytest
from django.core import mail

from jobs import services
from jobs.models import Job
from organisations.services import invitations
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobFactory
from tests.organisations.factories import InvitationFactory, OrganisationFactory, member_of

INJECTED = "Eve\r\nBcc: everyone@example.org"

pytestmark = pytest.mark.django_db


def test_a_subject_built_from_text_with_line_breaks_is_sent_on_one_line(run_jobs):
    with run_jobs(execute=True):
        job = services.send_email(
            to=["a@example.org"],
            subject=f"{INJECTED}\u2028has joined\x85",
            template="verify_email",
            context={"user": {"full_name": "A"}, "path": "/x/"},
        )
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.payload["subject"] == "Eve Bcc: everyone@example.org has joined"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Eve Bcc: everyone@example.org has joined"
    assert message.recipients() == ["a@example.org"]


def test_member_joined_email_is_delivered_for_a_name_stored_before_the_check(run_jobs):
    """A full name saved before names were checked still reaches the other members."""
    organisation = OrganisationFactory(name="Hillside\nAcademy")
    member_of(organisation, email="dana@hillside.example")
    invitee = UserFactory(email="kim@example.org")
    type(invitee).objects.filter(pk=invitee.pk).update(full_name=INJECTED)
    invitee.refresh_from_db()
    invitation = InvitationFactory(organisation=organisation, email="kim@example.org")
    with run_jobs(execute=True):
        invitations.accept_invitation(invitation, invitee)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == (
        "Eve Bcc: everyone@example.org has joined Hillside Academy on the Kitemark"
    )
    assert message.recipients() == ["dana@hillside.example"]
    assert Job.objects.get(key__startswith="organisation-member-joined").status == Job.Status.DONE


def test_a_job_recorded_with_a_line_break_in_its_subject_is_still_delivered():
    job = JobFactory(
        payload={"to": ["a@example.org"], "subject": INJECTED, "body": "Hello", "attachments": []}
    )
    services.run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert mail.outbox[0].subject == "Eve Bcc: everyone@example.org"
    assert mail.outbox[0].recipients() == ["a@example.org"]


HOSTILE_NAME = 'Jo <script> & "Co"'


def test_plain_text_emails_show_names_as_typed_not_as_html_entities(run_jobs):
    with run_jobs(execute=True):
        services.send_email(
            to=["a@example.org"],
            subject="Confirm",
            template="verify_email",
            context={"user": {"full_name": HOSTILE_NAME}, "path": "/x/?a=1&b=2"},
        )
    body = mail.outbox[0].body
    assert f"Hello {HOSTILE_NAME}," in body
    assert "/x/?a=1&b=2" in body
    assert "&lt;" not in body and "&amp;" not in body and "&quot;" not in body


def test_sign_up_confirmation_shows_the_name_as_typed(client, run_jobs):
    with run_jobs(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "full_name": HOSTILE_NAME,
                "email": "jo@example.org",
                "password1": "a-long-unusual-passphrase",
                "password2": "a-long-unusual-passphrase",
            },
        )
    assert f"Hello {HOSTILE_NAME}," in mail.outbox[0].body


def test_panel_welcome_email_shows_the_name_and_group_as_typed(staff_client, staff_user, run_jobs):
    from django.urls import reverse

    with run_jobs(execute=True):
        staff_client.post(
            reverse("console:staff_member_create"),
            {
                "display_name": "Jo&Co",
                "group": 'Youth <Cabinet> & "Friends"',
                "supervisor": staff_user.pk,
                "email": "jo@example.org",
            },
        )
    body = mail.outbox[0].body
    assert "Hello Jo&Co," in body
    assert '(Youth <Cabinet> & "Friends")' in body


def test_invitation_email_shows_names_as_typed(run_jobs):
    organisation = OrganisationFactory(name='Jo & Co <Youth> "Hub"')
    inviter = UserFactory(full_name=HOSTILE_NAME)
    with run_jobs(execute=True):
        invitations.invite(organisation, "kim@example.org", inviter)
    body = mail.outbox[0].body
    assert f'{HOSTILE_NAME} has invited you to join Jo & Co <Youth> "Hub"' in body
    assert "&lt;" not in body and "&amp;" not in body and "&quot;" not in body


def test_member_joined_email_shows_names_as_typed(run_jobs):
    organisation = OrganisationFactory(name='Jo & Co <Youth> "Hub"')
    member_of(organisation, email="dana@example.org")
    invitee = UserFactory(email="kim@example.org", full_name=HOSTILE_NAME)
    invitation = InvitationFactory(organisation=organisation, email="kim@example.org")
    with run_jobs(execute=True):
        invitations.accept_invitation(invitation, invitee)
    body = mail.outbox[0].body
    assert f'{HOSTILE_NAME} (kim@example.org) has joined Jo & Co <Youth> "Hub"' in body
    assert "&lt;" not in body and "&amp;" not in body and "&quot;" not in body
