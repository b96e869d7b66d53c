from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jobs.services import send_email

from .models import User
from .tokens import email_verification_token


def verification_path(user, next_url=""):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_verification_token.make_token(user)
    path = reverse("accounts:verify_email", args=[uid, token])
    if next_url:
        path += "?" + urlencode({"next": next_url})
    return path


@transaction.atomic
def register_organisation_user(form, next_url=""):
    """A new, unconfirmed account with a confirmation email; for an address that already
    has an account, an email to its owner instead (the person signing up sees the same
    page either way)."""
    email = form.cleaned_data["email"]
    owner = User.objects.filter(email__iexact=email).first()
    if owner is not None:
        return tell_owner_they_have_an_account(owner, next_url)
    try:
        with transaction.atomic():
            user = form.save()
    except IntegrityError:
        # Another sign-up for the same address committed between the check above and
        # this insert (the address is unique whatever its case): its owner is told, as
        # if the account had been there first.
        owner = User.objects.filter(email__iexact=email).first()
        if owner is None:
            raise
        return tell_owner_they_have_an_account(owner, next_url)
    send_email(
        to=[user.email],
        subject="Confirm your email address for the Kitemark",
        template="verify_email",
        context={"user": user, "path": verification_path(user, next_url)},
        key=f"verify-email:{user.pk}",
    )
    return user


def tell_owner_they_have_an_account(user, next_url=""):
    send_email(
        to=[user.email],
        subject="You already have a Kitemark account",
        template="account_exists",
        context={
            "user": user,
            "login_path": reverse("accounts:login"),
            "reset_path": reverse("accounts:password_reset"),
            "verify_path": "" if user.email_verified else verification_path(user, next_url),
        },
    )
    return user


def confirm_email(user):
    user.email_verified = True
    user.is_active = True
    user.save(update_fields=["email_verified", "is_active"])
