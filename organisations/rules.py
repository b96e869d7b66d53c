"""Object permissions for organisations.

Members see and manage their own organisation; participation staff may view
any organisation. Only organisation users may register a new organisation.
"""

import rules

from accounts.rules import is_organisation_user, is_participation_staff

from .membership import is_member


@rules.predicate
def is_member_of_organisation(user, organisation):
    if not user or not user.is_authenticated or organisation is None:
        return False
    return is_member(user, organisation.pk)


@rules.predicate
def is_member_of_invitations_organisation(user, invitation):
    if invitation is None:
        return False
    return is_member_of_organisation(user, invitation.organisation)


rules.add_perm(
    "organisations.view_organisation", is_member_of_organisation | is_participation_staff
)
rules.add_perm("organisations.manage_organisation", is_member_of_organisation)
rules.add_perm("organisations.add_organisation", is_organisation_user)
rules.add_perm("organisations.invite_member", is_organisation_user & is_member_of_organisation)
rules.add_perm("organisations.cancel_invitation", is_member_of_invitations_organisation)
rules.add_perm("organisations.accept_invitation", is_organisation_user)
