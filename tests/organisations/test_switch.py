"""Switching the organisation a user works on (organisations:switch)."""

import pytest
from django.urls import reverse

from organisations.services.current_organisation import SESSION_KEY
from tests.organisations.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def test_switching_to_your_own_organisation_remembers_it_and_goes_home(client):
    first = OrganisationFactory(name="Alpha Youth Club")
    second = OrganisationFactory(name="Beta Sports")
    user = member_of(first)
    second.memberships.create(user=user)
    client.force_login(user)
    response = client.post(reverse("organisations:switch"), {"organisation": second.pk})
    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")
    assert client.session[SESSION_KEY] == second.pk


def test_cannot_switch_to_an_organisation_you_do_not_belong_to(client):
    mine = OrganisationFactory()
    theirs = OrganisationFactory()
    user = member_of(mine)
    client.force_login(user)
    response = client.post(reverse("organisations:switch"), {"organisation": theirs.pk})
    assert response.status_code == 404
    assert SESSION_KEY not in client.session
    assert client.get(reverse("organisations:switch")).status_code == 405
