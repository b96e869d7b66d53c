"""organisations.services.current_organisation: the organisation a user is working on."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from organisations.services.current_organisation import SESSION_KEY, current_organisation
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def _request_for(user, chosen=None):
    request = RequestFactory().get("/")
    request.user = user
    request.session = SessionStore()
    if chosen is not None:
        request.session[SESSION_KEY] = chosen
    return request


def test_the_chosen_organisation_else_the_first_by_name():
    alpha = OrganisationFactory(name="Alpha")
    beta = OrganisationFactory(name="Beta")
    other = OrganisationFactory(name="Aardvark (not mine)")
    user = member_of(beta)
    alpha.memberships.create(user=user)

    assert current_organisation(_request_for(user)) == alpha
    assert current_organisation(_request_for(user, beta.pk)) == beta
    # A stale or foreign choice falls back to the first organisation the user belongs to.
    assert current_organisation(_request_for(user, other.pk)) == alpha
    assert current_organisation(_request_for(UserFactory())) is None
