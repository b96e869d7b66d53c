"""organisations.selectors: the reads behind the dashboard and the members page."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from organisations.models import Invitation
from organisations.selectors import invitations_for_email, organisations_for
from tests.accounts.factories import UserFactory
from tests.organisations.factories import InvitationFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def test_organisations_for_are_the_users_own_by_name_then_pk():
    beta = OrganisationFactory(name="Beta")
    alpha = OrganisationFactory(name="Alpha")
    alpha_two = OrganisationFactory(name="Alpha")
    OrganisationFactory(name="Aardvark (not mine)")
    user = member_of(beta)
    alpha_two.memberships.create(user=user)
    alpha.memberships.create(user=user)

    assert [o.pk for o in organisations_for(user)] == [alpha.pk, alpha_two.pk, beta.pk]
    assert list(organisations_for(UserFactory())) == []
    assert list(organisations_for(AnonymousUser())) == []


def test_invitations_for_email_are_the_pending_ones_to_that_address_newest_first():
    now = timezone.now()
    older = InvitationFactory(email="Kim@Example.org")
    newer = InvitationFactory(email="kim@example.org")
    InvitationFactory(email="kim@example.org", expires_at=now - datetime.timedelta(minutes=1))
    InvitationFactory(email="kim@example.org", cancelled_at=now)
    InvitationFactory(email="kim@example.org", accepted_at=now)
    InvitationFactory(email="kimberley@example.org")
    # created_at is set on save; make the order certain.
    Invitation.objects.filter(pk=older.pk).update(created_at=now - datetime.timedelta(hours=1))

    invitations = list(invitations_for_email("KIM@example.org"))
    assert invitations == [newer, older]
    assert invitations[0].organisation.name == newer.organisation.name
    assert list(invitations_for_email("")) == []


def test_invitations_for_email_come_with_their_organisations_in_one_query(
    django_assert_num_queries,
):
    for _ in range(3):
        InvitationFactory(email="kim@example.org")
    with django_assert_num_queries(1):
        names = [i.organisation.name for i in invitations_for_email("kim@example.org")]
    assert len(names) == 3
