import rules

from accounts.rules import is_participation_staff
from organisations.membership import is_member


@rules.predicate
def is_member_of_award_organisation(user, award):
    if not user or not user.is_authenticated or award is None:
        return False
    return is_member(user, award.organisation_id)


rules.add_perm("certificates.view_award", is_member_of_award_organisation | is_participation_staff)
rules.add_perm(
    "certificates.download_plaque", is_member_of_award_organisation | is_participation_staff
)
rules.add_perm("certificates.manage_awards", is_participation_staff)
