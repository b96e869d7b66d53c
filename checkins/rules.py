"""Who may see and do what with check-ins. Views check one of these each.

- organisations: only their own awards' check-ins (checkins.write_checkin on the award,
  checkins.view_own_checkin on the check-in);
- young people: only the check-ins they were asked to review (checkins.review_checkin);
- staff: every check-in (checkins.manage_checkins)."""

import rules

from accounts.rules import is_panel_member, is_participation_staff
from organisations.rules import is_member_of_organisation

from .models import Review


@rules.predicate
def is_member_of_awarded_organisation(user, award):
    return award is not None and is_member_of_organisation(user, award.organisation)


@rules.predicate
def is_member_of_checkin_organisation(user, checkin):
    return checkin is not None and is_member_of_organisation(user, checkin.award.organisation)


@rules.predicate
def is_asked_to_review(user, checkin):
    return (
        checkin is not None
        and checkin.sent_at is not None
        and Review.objects.filter(
            checkin_id=checkin.pk, member__user=user, member__is_active=True
        ).exists()
    )


rules.add_perm("checkins.write_checkin", is_member_of_awarded_organisation)
rules.add_perm("checkins.view_own_checkin", is_member_of_checkin_organisation)
rules.add_perm("checkins.review_checkin", is_panel_member & is_asked_to_review)
rules.add_perm("checkins.manage_checkins", is_participation_staff)
