import pytest

from assessments.services import applications
from tests.assessments.factories import CycleFactory, default_level
from tests.organisations.factories import OrganisationFactory, member_of


@pytest.fixture
def cycle(db):
    return CycleFactory()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Riverside Youth Project")


@pytest.fixture
def member(organisation):
    return member_of(organisation, email="alex@riverside.example")


@pytest.fixture
def colleague(organisation):
    return member_of(organisation, email="sam@riverside.example")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def application(cycle, organisation, member):
    return applications.start_application(organisation, default_level("silver"), member)


@pytest.fixture
def other_org_user(db):
    return member_of(OrganisationFactory(name="Other Org"))


def fill_all(application, rating=3):
    for answer in application.answers.all():
        answer.text = f"How we meet {answer.indicator.code}: young people lead it."
        answer.self_rating = rating
        answer.save()
