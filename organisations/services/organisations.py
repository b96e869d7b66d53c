"""Registering an organisation, changing its details, and leaving it."""

import rules
from django.db import transaction

from ..exceptions import OrganisationError
from ..models import Membership, Organisation


@transaction.atomic
def register_organisation(user, form):
    """Save a valid OrganisationForm and make `user` its first member."""
    if not rules.has_perm("organisations.add_organisation", user):
        raise OrganisationError(
            "Only organisation accounts can register an organisation.", code="not_allowed"
        )
    organisation = form.save()
    Membership.objects.create(organisation=organisation, user=user)
    return organisation


def update_organisation(form):
    return form.save()


@transaction.atomic
def leave_organisation(organisation, user):
    """Remove `user` from `organisation`. The last member cannot leave."""
    # Lock the organisation so two members leaving at once cannot leave it empty.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    membership = organisation.memberships.filter(user=user).first()
    if membership is None:
        raise OrganisationError(f"You are not a member of {organisation.name}.", code="not_member")
    if organisation.memberships.count() <= 1:
        raise OrganisationError(
            f"You are the only member of {organisation.name}, so you cannot leave it. "
            "Invite a colleague first. Once they have joined, you can leave.",
            code="last_member",
        )
    membership.delete()
