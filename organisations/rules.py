import rules

from accounts.rules import is_participation_staff


@rules.predicate
def is_member_of_organisation(user, organisation):
    if not user or not user.is_authenticated or organisation is None:
        return False
    return organisation.memberships.filter(user=user).exists()


rules.add_perm("organisations.view_organisation", is_member_of_organisation | is_participation_staff)
rules.add_perm("organisations.manage_organisation", is_member_of_organisation)
