"""organisations.membership.is_member: the membership question every app's rules ask."""

import pytest
from django.contrib.auth.models import AnonymousUser

from organisations.membership import is_member
from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_member_is_a_member_of_their_organisation_only():
    membership = MembershipFactory()
    other = OrganisationFactory()
    assert is_member(membership.user, membership.organisation_id)
    assert not is_member(membership.user, other.pk)
    assert not is_member(membership.user, None)


def test_anonymous_and_missing_users_are_members_of_nothing():
    organisation = OrganisationFactory()
    assert not is_member(None, organisation.pk)
    assert not is_member(AnonymousUser(), organisation.pk)


def test_joining_or_leaving_is_seen_at_once_by_the_same_user_object():
    user, organisation = UserFactory(), OrganisationFactory()
    assert not is_member(user, organisation.pk)
    assert not user.has_perm("organisations.manage_organisation", organisation)
    membership = MembershipFactory(user=user, organisation=organisation)
    assert is_member(user, organisation.pk)
    assert user.has_perm("organisations.manage_organisation", organisation)
    membership.delete()
    assert not is_member(user, organisation.pk)
    assert not user.has_perm("organisations.manage_organisation", organisation)


def test_a_change_that_sends_no_signal_is_seen_too():
    """No answer is kept between questions, so even an UPDATE (no signals) is seen."""
    membership = MembershipFactory()
    user, first, second = membership.user, membership.organisation, OrganisationFactory()
    assert user.has_perm("assessments.start_application", first)
    assert not user.has_perm("assessments.start_application", second)
    type(membership).objects.filter(pk=membership.pk).update(organisation=second)
    assert not user.has_perm("assessments.start_application", first)
    assert user.has_perm("assessments.start_application", second)


def test_asking_leaves_nothing_on_the_user_object():
    membership = MembershipFactory()
    user = membership.user
    before = set(vars(user))
    assert is_member(user, membership.organisation_id)
    assert user.has_perm("organisations.manage_organisation", membership.organisation)
    assert set(vars(user)) == before
