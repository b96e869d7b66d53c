import factory

from organisations.models import Invitation, Membership, Organisation
from tests.accounts.factories import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Riverside Youth Project {n}")
    type = Organisation.Type.YOUTH_CLUB
    address = "1 High Street\nTownville"
    postcode = "TN1 1AA"
    contact_name = "Alex Jones"
    contact_email = factory.Sequence(lambda n: f"contact{n}@org.example")
    age_from = 11
    age_to = 18
    young_people_per_year = 250


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    invited_by = factory.SubFactory(UserFactory)


def member_of(organisation=None, **user_kwargs):
    """A user who belongs to `organisation` (a new one if not given)."""
    organisation = organisation or OrganisationFactory()
    user = UserFactory(**user_kwargs)
    MembershipFactory(organisation=organisation, user=user)
    return user
