"""Panel members (young people) and the conflicts they or staff declare."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jobs.services import send_email

from ..models import Conflict, PanelMember
from ..refusals import PanelError
from . import assignment


def _set_password_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_reset_confirm", args=[uid, token])


@transaction.atomic
def create_panel_member(
    *, display_name, group, supervisor, created_by, email="", username="", password=""
):
    """Staff create a panel member. With an email they get a one-time set-password link;
    without one, staff give them a username and a password."""
    User = get_user_model()
    email = (email or "").strip() or None
    username = (username or "").strip() or None
    if email is None and (username is None or not password):
        raise PanelError("Give an email address, or a username and a password.")
    user = User(
        email=User.objects.normalize_email(email) if email else None,
        username=username,
        full_name=display_name,
        role=User.Role.PANEL,
        is_active=True,
        email_verified=bool(email),
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise PanelError("That email address or username is already used.") from None
    member = PanelMember.objects.create(
        user=user,
        display_name=display_name,
        group=group,
        supervisor=supervisor,
        created_by=created_by,
    )
    if email and not password:
        send_email(
            to=[email],
            subject="Welcome to the Kitemark youth panel",
            template="panels_welcome",
            context={"member": member, "path": _set_password_path(user)},
            key=f"panel-welcome:{user.pk}",
        )
    return member


@transaction.atomic
def update_panel_member(member, *, display_name, group, supervisor, email=""):
    member.display_name = display_name
    member.group = group
    member.supervisor = supervisor
    member.save(update_fields=["display_name", "group", "supervisor"])
    user = member.user
    user.full_name = display_name
    email = (email or "").strip() or None
    if email is None and not user.username:
        raise PanelError("This member signs in with their email, so it cannot be removed.")
    user.email = email
    try:
        with transaction.atomic():
            user.save(update_fields=["full_name", "email"])
    except IntegrityError:
        raise PanelError("That email address is already used.") from None
    return member


@transaction.atomic
def deactivate_panel_member(member):
    """The member can no longer sign in or be assigned. Their past scores stay."""
    member.is_active = False
    member.deactivated_at = timezone.now()
    member.save(update_fields=["is_active", "deactivated_at"])
    member.user.is_active = False
    member.user.save(update_fields=["is_active"])


@transaction.atomic
def reactivate_panel_member(member):
    member.is_active = True
    member.deactivated_at = None
    member.save(update_fields=["is_active", "deactivated_at"])
    member.user.is_active = True
    member.user.save(update_fields=["is_active"])


@transaction.atomic
def record_conflict(member, organisation, reason, *, recorded_by):
    """Record a member's conflict with an organisation. A member already seated on one of
    its panels loses the seat at once (panels.services.assignment.unseat_for_conflict)."""
    reason = (reason or "").strip()
    if not reason:
        raise PanelError("Say why, for example “I go to this youth club”.")
    conflict, created = Conflict.objects.get_or_create(
        member=member,
        organisation=organisation,
        defaults={"reason": reason, "recorded_by": recorded_by},
    )
    if not created:
        raise PanelError(f"A conflict with {organisation.name} is already recorded.")
    assignment.unseat_for_conflict(member, organisation, reason=reason, actor=recorded_by)
    return conflict


def set_notice_emails(member, wanted):
    """Whether "what happened next" notices are also emailed (only with an address)."""
    member.notice_emails = bool(wanted and member.user.email)
    member.save(update_fields=["notice_emails"])
    return member
