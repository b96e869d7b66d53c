from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jobs.services import send_email

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
    user = form.save()
    send_email(
        to=[user.email],
        subject="Confirm your email address for the Kitemark",
        template="verify_email",
        context={"user": user, "path": verification_path(user, next_url)},
        key=f"verify-email:{user.pk}",
    )
    return user


def confirm_email(user):
    user.email_verified = True
    user.is_active = True
    user.save(update_fields=["email_verified", "is_active"])
