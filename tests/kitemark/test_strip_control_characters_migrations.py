"""The data migrations make values typed before the check single-line."""

import importlib

import pytest
from django.apps import apps

from kitemark.validators import strip_control_characters
from tests.accounts.factories import PanelUserFactory, UserFactory
from tests.assessments.factories import AnswerLinkFactory, CycleFactory
from tests.certificates.factories import AwardFactory
from tests.organisations.factories import OrganisationFactory
from tests.panels.factories import ConflictFactory, InterviewFactory, PanelMemberFactory

pytestmark = pytest.mark.django_db

MIGRATIONS = [
    "accounts.migrations.0002_strip_control_characters",
    "organisations.migrations.0004_strip_control_characters",
    "assessments.migrations.0008_strip_control_characters",
    "panels.migrations.0004_strip_control_characters",
    "certificates.migrations.0005_strip_control_characters",
]


def _dirty(instance, **values):
    """Store values as they might have been typed before the check, bypassing it."""
    type(instance)._base_manager.filter(pk=instance.pk).update(**values)


def _migrate():
    for name in MIGRATIONS:
        importlib.import_module(name).strip_control_characters(apps, None)


def test_each_app_cleans_the_fields_people_typed():
    user = UserFactory(full_name="Kim")
    _dirty(user, full_name="Eve\r\nBcc: everyone@example.org")
    organisation = OrganisationFactory()
    _dirty(organisation, name="Hillside\nAcademy", contact_name="A\tB", contact_phone="0\x07161")
    member = PanelMemberFactory()
    _dirty(member, display_name="Ma\u2028ya", group="Youth\x85Cabinet")
    conflict = ConflictFactory()
    _dirty(conflict, reason="I go\r\nthere")
    interview = InterviewFactory()
    _dirty(interview, venue="Town Hall\r\nRoom 2")
    cycle = CycleFactory()
    _dirty(cycle, name="Spring\n2027")
    link = AnswerLinkFactory()
    _dirty(link, title="Our \x1b[31m report")
    award = AwardFactory()
    _dirty(award, organisation_name="Hillside\r\nAcademy")
    untouched = UserFactory(full_name="Zoë O'Brien")

    _migrate()

    for instance in [
        user,
        organisation,
        member,
        conflict,
        interview,
        cycle,
        link,
        award,
        untouched,
    ]:
        instance.refresh_from_db()
    assert user.full_name == "Eve Bcc: everyone@example.org"
    assert (organisation.name, organisation.contact_name) == ("Hillside Academy", "A B")
    assert organisation.contact_phone == "0 161"
    assert (member.display_name, member.group) == ("Ma ya", "Youth Cabinet")
    assert conflict.reason == "I go there"
    assert interview.venue == "Town Hall Room 2"
    assert cycle.name == "Spring 2027"
    assert link.title == "Our [31m report"
    assert award.organisation_name == "Hillside Academy"
    assert untouched.full_name == "Zoë O'Brien"


def test_a_cleaned_username_that_another_account_holds_is_left_for_staff():
    taken = PanelUserFactory(username="maya 7")
    clash = PanelUserFactory(username="maya8")
    _dirty(clash, username="Maya\t7", full_name="Maya\nSeven")
    free = PanelUserFactory(username="leo1")
    _dirty(free, username="leo\r\n2")

    strip_control_characters(apps, {"accounts.User": ["full_name", "username"]})

    for user in (taken, clash, free):
        user.refresh_from_db()
    assert taken.username == "maya 7"
    assert clash.username == "Maya\t7"
    assert clash.full_name == "Maya Seven"
    assert free.username == "leo 2"
