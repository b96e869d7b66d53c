"""Staff manage panel members: add, edit, deactivate, record conflicts, and export or
anonymise what is held about a young person."""

import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from panels.models import Conflict, PanelMember, PrivateNote, Score
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationFactory
from tests.panels.factories import (
    ConflictFactory,
    PanelMemberFactory,
    PrivateNoteFactory,
    ScoreFactory,
    ready_to_score,
)

pytestmark = pytest.mark.django_db


def test_staff_create_a_member_with_email_who_gets_a_set_password_link(
    staff_client, staff_user, run_jobs
):
    with run_jobs(execute=True):
        response = staff_client.post(
            reverse("console:staff_member_create"),
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
    client = Client()
    response = staff_client.post(
        reverse("console:staff_member_create"),
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
        reverse("console:staff_member_create"),
        {"display_name": "Leo", "group": "Youth Council", "supervisor": staff_user.pk},
    )
    content = response.content.decode()
    assert "Give a username, or an email address above." in content
    assert not PanelMember.objects.exists()


def test_no_surname_allowed(staff_client, staff_user):
    response = staff_client.post(
        reverse("console:staff_member_create"),
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
    client = Client()
    member = PanelMemberFactory(display_name="Leo")
    url = reverse("console:staff_member_deactivate", args=[member.pk])
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
    staff_client.post(reverse("console:staff_member_reactivate", args=[member.pk]))
    member.refresh_from_db()
    assert member.is_active


def test_staff_list_and_edit(staff_client, staff_user):
    member = PanelMemberFactory(display_name="Leo")
    page = staff_client.get(reverse("console:staff_members")).content.decode()
    assert "Leo" in page
    staff_client.post(
        reverse("console:staff_member_edit", args=[member.pk]),
        {"display_name": "Leon", "group": "Youth Council", "supervisor": staff_user.pk},
    )
    member.refresh_from_db()
    assert member.display_name == "Leon" and member.user.full_name == "Leon"


def test_staff_record_a_conflict_for_a_member(staff_client):
    member = PanelMemberFactory()
    school = OrganisationFactory(name="Riverside School")
    staff_client.post(
        reverse("console:staff_member_conflicts", args=[member.pk]),
        {"organisation": school.pk, "reason": "Their brother is a teacher there"},
    )
    conflict = Conflict.objects.get()
    assert not conflict.declared_by_member


# --- Data protection: export and anonymise -------------------------------------------


@pytest.fixture
def scored(db):
    application, panel, (maya, leo) = ready_to_score()
    maya.user.full_name = "Maya Zqxsurname"
    maya.user.email = "maya.private@example.org"
    maya.user.save()
    indicators = list(application.level.indicators.order_by("order"))
    for indicator in indicators:
        ScoreFactory(member=maya, application=application, indicator=indicator, value=3)
        ScoreFactory(member=leo, application=application, indicator=indicator, value=2)
    PrivateNoteFactory(member=maya, application=application, indicator=indicators[0])
    ConflictFactory(member=maya, organisation=OrganisationFactory(name="Maya's school"))
    return application, maya, leo


@pytest.mark.django_db
class TestExport:
    def test_staff_export_everything_held_about_a_member(self, staff_client, scored):
        application, maya, _ = scored
        response = staff_client.get(f"/staff/panel-members/{maya.pk}/export/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        data = json.loads(response.content)
        assert data["account"]["email"] == "maya.private@example.org"
        assert data["account"]["display_name"] == maya.display_name
        assert len(data["scores"]) == 16
        assert data["conflicts"][0]["organisation"] == "Maya's school"
        assert len(data["private_notes"]) == 1

    @pytest.mark.parametrize("role", ["organisation", "panel"])
    def test_only_staff_can_export(self, client, scored, role):
        _, maya, _ = scored
        client.force_login(UserFactory(role=role))
        assert client.get(f"/staff/panel-members/{maya.pk}/export/").status_code == 403


@pytest.mark.django_db
class TestAnonymise:
    def test_confirmation_page_then_anonymise_keeps_totals_and_unlinks_the_person(
        self, staff_client, scored
    ):
        application, maya, leo = scored
        before = sorted(
            Score.objects.filter(application=application).values_list("value", flat=True)
        )
        page = staff_client.get(f"/staff/panel-members/{maya.pk}/anonymise/")
        assert b"cannot be undone" in page.content
        assert PanelMember.objects.get(pk=maya.pk).anonymised_at is None

        response = staff_client.post(f"/staff/panel-members/{maya.pk}/anonymise/")
        assert response.status_code == 302
        after = sorted(
            Score.objects.filter(application=application).values_list("value", flat=True)
        )
        assert after == before
        assert sum(after) == 16 * 3 + 16 * 2

        member = PanelMember.objects.get(pk=maya.pk)
        user = User.objects.get(pk=member.user_id)
        assert member.anonymised_at is not None
        assert "Maya" not in member.display_name and member.group == ""
        assert user.email is None and user.full_name == member.display_name and not user.is_active
        assert "maya" not in (user.username or "").lower()
        assert not user.has_usable_password()
        assert not Conflict.objects.filter(member=member).exists()
        assert not PrivateNote.objects.filter(member=member).exists()
        assert Score.objects.filter(member=member).count() == 16

        export = staff_client.get(f"/staff/panel-members/{maya.pk}/export/").content.decode()
        assert "Zqxsurname" not in export and "maya.private" not in export

    def test_anonymising_twice_changes_nothing_more(self, staff_client, scored):
        _, maya, _ = scored
        staff_client.post(f"/staff/panel-members/{maya.pk}/anonymise/")
        first = PanelMember.objects.get(pk=maya.pk)
        staff_client.post(f"/staff/panel-members/{maya.pk}/anonymise/")
        second = PanelMember.objects.get(pk=maya.pk)
        assert (first.anonymised_at, first.user.username) == (
            second.anonymised_at,
            second.user.username,
        )

    def test_panel_member_cannot_anonymise(self, client, scored):
        _, maya, leo = scored
        client.force_login(leo.user)
        assert client.post(f"/staff/panel-members/{maya.pk}/anonymise/").status_code == 403
        assert PanelMember.objects.get(pk=maya.pk).anonymised_at is None
