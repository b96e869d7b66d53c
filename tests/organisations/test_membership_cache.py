"""Membership checks are answered once per request, and never from a stale answer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.membership import is_member
from tests.accounts.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_same_question_twice_asks_the_database_once():
    membership = MembershipFactory()
    user, organisation = membership.user, membership.organisation
    with CaptureQueriesContext(connection) as ctx:
        assert is_member(user, organisation.pk)
        assert is_member(user, organisation.pk)
        assert user.has_perm("assessments.start_application", organisation)
    assert len(ctx.captured_queries) == 1


def test_joining_or_leaving_is_seen_at_once_by_the_same_user_object():
    user, organisation = UserFactory(), OrganisationFactory()
    assert not is_member(user, organisation.pk)
    membership = MembershipFactory(user=user, organisation=organisation)
    assert is_member(user, organisation.pk)
    assert user.has_perm("organisations.manage_organisation", organisation)
    membership.delete()
    assert not is_member(user, organisation.pk)
    assert not user.has_perm("organisations.manage_organisation", organisation)


def test_a_fresh_user_object_asks_again(django_assert_num_queries):
    membership = MembershipFactory()
    assert is_member(membership.user, membership.organisation_id)
    fresh = type(membership.user).objects.get(pk=membership.user_id)
    with django_assert_num_queries(1):
        assert is_member(fresh, membership.organisation_id)


def test_an_answer_read_by_the_pages_own_query_needs_no_query_of_its_own(
    django_assert_num_queries,
):
    from organisations.membership import membership_exists, remember
    from organisations.models import Organisation

    membership = MembershipFactory()
    user = type(membership.user).objects.get(pk=membership.user_id)
    other = OrganisationFactory()
    with django_assert_num_queries(1):
        rows = {
            o.pk: o.user_is_member
            for o in Organisation.objects.annotate(user_is_member=membership_exists(user, "pk"))
        }
        for pk, answer in rows.items():
            remember(user, pk, answer)
        assert is_member(user, membership.organisation_id)
        assert not is_member(user, other.pk)


def test_a_remembered_answer_is_dropped_when_memberships_change():
    from organisations.membership import remember

    user, organisation = UserFactory(), OrganisationFactory()
    remember(user, organisation.pk, False)
    MembershipFactory(user=user, organisation=organisation)
    assert is_member(user, organisation.pk)
