"""Assigning a panel: who can sit on it, and when it can change."""

import pytest

from panels.refusals import PanelError
from panels.services import assignment
from panels.services import members as panel_members
from tests.panels.factories import ConflictFactory, seated_panel

pytestmark = pytest.mark.django_db


def test_service_refuses_a_conflicted_or_inactive_member(application, members, facilitator):
    maya, leo = members
    ConflictFactory(member=maya, organisation=application.organisation, reason="My mum works there")
    with pytest.raises(PanelError, match="My mum works there"):
        assignment.assign_panel(
            application, members=[maya], facilitator=facilitator, actor=facilitator
        )
    panel_members.deactivate_panel_member(leo)
    with pytest.raises(PanelError, match="no longer an active"):
        assignment.assign_panel(
            application, members=[leo], facilitator=facilitator, actor=facilitator
        )
    assert application.timeline.count() == 0


def test_seated_panel_helper_is_used(application):
    panel, seated = seated_panel(application, members=3)
    assert panel.seats.count() == 3 and len(seated) == 3
