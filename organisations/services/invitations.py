"""Inviting a colleague to an organisation, and accepting or cancelling the invitation."""

import datetime

import rules
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils import timezone

from jobs.services import send_email

from ..exceptions import OrganisationError
from ..models import Invitation, Membership


@transaction.atomic
def invite(organisation, email, invited_by):
    """Create an invitation and email its link. An older pending one to the same address
    is cancelled, so only the newest link works."""
    email = email.strip().lower()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise OrganisationError(
            f"{email} is already a member of {organisation.name}.", code="already_member"
        )
    now = timezone.now()
    organisation.invitations.pending().filter(email__iexact=email).update(cancelled_at=now)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        invited_by=invited_by,
        expires_at=now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    inviter = invited_by.display_label if invited_by else "A colleague"
    send_email(
        to=[email],
        subject=f"{inviter} has invited you to join {organisation.name} on the Kitemark",
        template="organisations_invitation",
        context={
            "invitation": invitation,
            "organisation": organisation,
            "inviter": inviter,
            "path": invitation.get_absolute_url(),
            "expires_on": format_date(timezone.localtime(invitation.expires_at), "j F Y"),
        },
        key=f"organisation-invitation:{invitation.pk}",
    )
    return invitation


@transaction.atomic
def cancel_invitation(invitation):
    """Stop a pending invitation's link from working. Cancelling twice changes nothing."""
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=timezone.now())
    if not updated:
        invitation.refresh_from_db()
        if invitation.is_used:
            raise OrganisationError(
                f"{invitation.email} has already accepted this invitation.", code="used"
            )
    invitation.refresh_from_db()
    return invitation


def invitation_problem(invitation, user):
    """Why `user` cannot accept `invitation` now, as an OrganisationError, or None.

    Checked on the page (to explain before they press the button) and again when
    they accept.
    """
    if invitation.is_cancelled:
        return OrganisationError(
            f"This invitation to join {invitation.organisation.name} was cancelled. "
            "Ask your colleague to send you a new invitation.",
            code="cancelled",
        )
    if invitation.is_used:
        if user.is_authenticated and invitation.accepted_by_id == user.pk:
            return OrganisationError(
                f"You have already accepted this invitation and joined "
                f"{invitation.organisation.name}.",
                code="used_by_you",
            )
        return OrganisationError(
            "This invitation has already been used. Each invitation link works once. "
            "Ask your colleague to send you a new invitation.",
            code="used",
        )
    if invitation.is_expired:
        return OrganisationError(
            f"This invitation ran out on "
            f"{format_date(timezone.localtime(invitation.expires_at), 'j F Y')}. "
            "Invitations last a week. Ask your colleague to send you a new invitation.",
            code="expired",
        )
    if not user.is_authenticated:
        return None
    if not rules.has_perm("organisations.accept_invitation", user):
        return OrganisationError(
            "You are signed in with a panel or participation team account, which cannot join "
            "an organisation. Sign out, then sign in with your organisation account.",
            code="wrong_role",
        )
    if (user.email or "").lower() != invitation.email.lower():
        return OrganisationError(
            f"This invitation was sent to {invitation.email}, but you are signed in as "
            f"{user.email or user.login_name}. Sign out and sign in as {invitation.email}, "
            "or ask your colleague to invite the address you use.",
            code="wrong_email",
        )
    if invitation.organisation.memberships.filter(user=user).exists():
        return OrganisationError(
            f"You are already a member of {invitation.organisation.name}.",
            code="already_member",
        )
    return None


def accept_invitation(invitation, user):
    """Make `user` a member. Raises OrganisationError if the invitation cannot be used."""
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update()
            .select_related("organisation")
            .get(pk=invitation.pk)
        )
        problem = invitation_problem(locked, user)
        if problem is not None:
            raise problem
        try:
            with transaction.atomic():
                membership = Membership.objects.create(organisation=locked.organisation, user=user)
        except IntegrityError:
            raise OrganisationError(
                f"You are already a member of {locked.organisation.name}.",
                code="already_member",
            ) from None
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        _notify_members_of_new_member(locked.organisation, membership)
    invitation.refresh_from_db()
    return membership


def _notify_members_of_new_member(organisation, membership):
    new_member = membership.user
    recipients = [
        m.user.email
        for m in organisation.memberships.select_related("user").exclude(pk=membership.pk)
        if m.user.email and m.user.is_active
    ]
    send_email(
        to=recipients,
        subject=f"{new_member.display_label} has joined {organisation.name} on the Kitemark",
        template="organisations_member_joined",
        context={
            "organisation": organisation,
            "new_member": new_member,
            "path": reverse("organisations:members", args=[organisation.pk]),
        },
        key=f"organisation-member-joined:{membership.pk}",
    )
