"""Object permissions for panel pages. Views check them with user.has_perm(name, application).

Each predicate is a pure function of the user, the application and the database (see
panels.selectors): it gives the same answer whatever the request has read before."""

import rules

from accounts.rules import is_panel_member, is_participation_staff
from organisations.rules import is_member_of_organisation

from . import selectors


@rules.predicate
def is_assigned_to_application(user, application):
    return selectors.is_assigned(user, application)


@rules.predicate
def is_seated_on_application(user, application):
    return selectors.is_seated(user, application)


@rules.predicate
def is_facilitator_of_application(user, application):
    return selectors.is_facilitator(user, application)


@rules.predicate
def is_member_of_applicant(user, application):
    return application is not None and is_member_of_organisation(user, application.organisation)


@rules.predicate
def outcome_confirmed(user, application):
    return application is not None and application.outcome_confirmed_at is not None


rules.add_perm("panels.manage_panels", is_participation_staff)
rules.add_perm("panels.read_application", is_assigned_to_application)
rules.add_perm("panels.score_application", is_panel_member & is_seated_on_application)
rules.add_perm("panels.view_consensus", is_assigned_to_application)
rules.add_perm("panels.agree_scores", is_facilitator_of_application)
rules.add_perm(
    "panels.view_result", is_participation_staff | (is_member_of_applicant & outcome_confirmed)
)
rules.add_perm("panels.add_action", is_member_of_applicant & outcome_confirmed)
