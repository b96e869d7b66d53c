"""Assigning a panel: who can sit on it, and when it can change."""

import pytest

from panels.refusals import PanelError
from panels.services import assignment
from panels.services import members as panel_members
from tests.accounts.factories import StaffFactory
from tests.panels.factories import ConflictFactory, PanelMemberFactory, seated_panel

pytestmark = pytest.mark.django_db


def test_service_refuses_a_conflicted_or_inactive_member(application, members, facilitator):
    maya, leo = members
    sam = PanelMemberFactory(display_name="Sam")
    ConflictFactory(member=maya, organisation=application.organisation, reason="My mum works there")
    with pytest.raises(PanelError, match="My mum works there"):
        assignment.assign_panel(
            application, members=[maya, sam], facilitator=facilitator, actor=facilitator
        )
    panel_members.deactivate_panel_member(leo)
    with pytest.raises(PanelError, match="no longer an active"):
        assignment.assign_panel(
            application, members=[leo, sam], facilitator=facilitator, actor=facilitator
        )
    assert application.timeline.count() == 0


def test_seated_panel_helper_is_used(application):
    panel, seated = seated_panel(application, members=3)
    assert panel.seats.count() == 3 and len(seated) == 3


@pytest.mark.parametrize("minimum", [2, 3])
def test_a_panel_has_at_least_the_minimum_young_people(
    application, members, facilitator, settings, minimum
):
    """Rule 1: PANEL_MIN_YOUNG_PEOPLE (default 2); exactly the minimum is enough."""
    settings.PANEL_MIN_YOUNG_PEOPLE = minimum
    chosen = [*members, *[PanelMemberFactory() for _ in range(minimum - 2)]]
    with pytest.raises(PanelError, match=f"at least {minimum} young people"):
        assignment.assign_panel(
            application, members=chosen[:-1], facilitator=facilitator, actor=facilitator
        )
    # The same member twice is still one young person.
    with pytest.raises(PanelError, match=f"at least {minimum} young people"):
        assignment.assign_panel(
            application,
            members=[*chosen[:-1], chosen[0]],
            facilitator=facilitator,
            actor=facilitator,
        )
    panel = assignment.assign_panel(
        application, members=chosen, facilitator=facilitator, actor=facilitator
    )
    assert panel.seats.count() == minimum


def test_the_facilitator_never_holds_a_seat(application, members):
    """Rule 1: the facilitator runs the session and never scores."""
    facilitator = StaffFactory()
    own_member = PanelMemberFactory(user=facilitator)
    with pytest.raises(PanelError, match="never scores"):
        assignment.assign_panel(
            application,
            members=[*members, own_member],
            facilitator=facilitator,
            actor=facilitator,
        )
    assert not application.timeline.exists()
