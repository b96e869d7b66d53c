import json

import pytest

from accounts.models import User
from panels.models import Conflict, PanelMember, PrivateNote, Score
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationFactory
from tests.panels.factories import ConflictFactory, PrivateNoteFactory, ScoreFactory, ready_to_score


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
        assert user.email is None and user.full_name == "" and not user.is_active
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
