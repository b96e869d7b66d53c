"""Staff manage panel members; members and staff record conflicts."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from panels.models import Conflict, PanelMember
from tests.organisations.factories import OrganisationFactory
from tests.panels.factories import PanelMemberFactory

pytestmark = pytest.mark.django_db


def test_staff_create_a_member_with_email_who_gets_a_set_password_link(
    staff_client, staff_user, run_jobs
):
    with run_jobs(execute=True):
        response = staff_client.post(
            reverse("panels:staff_member_create"),
            {
                "display_name": "Maya",
                "group": "Youth Cabinet",
                "supervisor": staff_user.pk,
                "email": "maya@example.org",
            },
        )
    assert response.status_code == 302
    member = PanelMember.objects.get()
    assert member.user.role == User.Role.PANEL
    assert member.user.full_name == "Maya"
    assert not member.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_staff_create_a_member_with_username_and_password(staff_client, staff_user):
    from django.test import Client

    client = Client()
    response = staff_client.post(
        reverse("panels:staff_member_create"),
        {
            "display_name": "Leo",
            "group": "Youth Council",
            "supervisor": staff_user.pk,
            "username": "leo-yc",
            "password": "a-long-kite-phrase-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="leo-yc")
    assert user.email is None and user.check_password("a-long-kite-phrase-42")
    response = client.post(
        reverse("accounts:login"), {"username": "leo-yc", "password": "a-long-kite-phrase-42"}
    )
    assert response.status_code == 302


def test_creating_needs_a_username_and_password_without_email(staff_client, staff_user):
    response = staff_client.post(
        reverse("panels:staff_member_create"),
        {"display_name": "Leo", "group": "Youth Council", "supervisor": staff_user.pk},
    )
    content = response.content.decode()
    assert "Give a username, or an email address above." in content
    assert not PanelMember.objects.exists()


def test_no_surname_allowed(staff_client, staff_user):
    response = staff_client.post(
        reverse("panels:staff_member_create"),
        {
            "display_name": "Leo Smith",
            "group": "Youth Council",
            "supervisor": staff_user.pk,
            "email": "leo@example.org",
        },
    )
    assert "no surname" in response.content.decode()
    assert not PanelMember.objects.exists()


def test_deactivate_after_confirmation_then_they_cannot_sign_in(staff_client):
    from django.test import Client

    client = Client()
    member = PanelMemberFactory(display_name="Leo")
    url = reverse("panels:staff_member_deactivate", args=[member.pk])
    assert "Yes, deactivate Leo" in staff_client.get(url).content.decode()
    staff_client.post(url)
    member.refresh_from_db()
    member.user.refresh_from_db()
    assert not member.is_active and member.deactivated_at is not None
    assert not member.user.is_active
    response = client.post(
        reverse("accounts:login"),
        {"username": member.user.username, "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    staff_client.post(reverse("panels:staff_member_reactivate", args=[member.pk]))
    member.refresh_from_db()
    assert member.is_active


def test_staff_list_and_edit(staff_client, staff_user):
    member = PanelMemberFactory(display_name="Leo")
    page = staff_client.get(reverse("panels:staff_members")).content.decode()
    assert "Leo" in page
    staff_client.post(
        reverse("panels:staff_member_edit", args=[member.pk]),
        {"display_name": "Leon", "group": "Youth Council", "supervisor": staff_user.pk},
    )
    member.refresh_from_db()
    assert member.display_name == "Leon" and member.user.full_name == "Leon"


def test_member_declares_a_conflict_from_a_searchable_list(client):
    member = PanelMemberFactory()
    club = OrganisationFactory(name="Northside Boxing Club")
    OrganisationFactory(name="Riverside School")
    client.force_login(member.user)
    page = client.get(reverse("panels:my_conflicts"), {"q": "boxing"}).content.decode()
    assert "Northside Boxing Club" in page
    assert "Riverside School" not in page
    response = client.post(
        reverse("panels:my_conflicts"),
        {"organisation": club.pk, "reason": "I go to this boxing club"},
    )
    assert response.status_code == 302
    conflict = Conflict.objects.get()
    assert conflict.member == member and conflict.declared_by_member
    # Declaring the same one twice is refused kindly.
    response = client.post(
        reverse("panels:my_conflicts"), {"organisation": club.pk, "reason": "Again"}
    )
    assert "already recorded" in response.content.decode()


def test_staff_record_a_conflict_for_a_member(staff_client):
    member = PanelMemberFactory()
    school = OrganisationFactory(name="Riverside School")
    staff_client.post(
        reverse("panels:staff_member_conflicts", args=[member.pk]),
        {"organisation": school.pk, "reason": "Their brother is a teacher there"},
    )
    conflict = Conflict.objects.get()
    assert not conflict.declared_by_member
