"""Panel members declare their own conflicts of interest."""

import pytest
from django.urls import reverse

from panels.models import Conflict
from tests.organisations.factories import OrganisationFactory
from tests.panels.factories import PanelMemberFactory

pytestmark = pytest.mark.django_db


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
