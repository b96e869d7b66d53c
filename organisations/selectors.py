"""Reads of organisations, their members and their invitations."""

from .models import Invitation, Organisation


def organisations_for(user):
    """The organisations `user` belongs to, by name. Empty for anonymous users."""
    if not user or not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name", "pk")


def members_of(organisation):
    return organisation.memberships.select_related("user").order_by("user__full_name", "pk")


def is_last_member(organisation):
    return organisation.memberships.count() <= 1


def pending_invitations(organisation):
    """The organisation's invitations that can still be accepted, newest first."""
    return organisation.invitations.pending().select_related("invited_by").order_by("-created_at")


def invitations_for_email(email):
    """Pending invitations addressed to `email` (in any case), for the invitee's own
    dashboard, newest first, with their organisations."""
    if not email:
        return Invitation.objects.none()
    return (
        Invitation.objects.pending()
        .filter(email__iexact=email)
        .select_related("organisation")
        .order_by("-created_at")
    )
