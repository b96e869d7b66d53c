"""Two-factor sign-in for participation staff, superusers and admin-site accounts.

django-otp keeps the devices (a TOTP authenticator app and a set of single-use backup
codes), checks codes with its own throttling (each failure doubles the wait before the
next try), and marks a session as verified. The rules are here:

- who needs it (`is_required`): those accounts, when `STAFF_REQUIRE_2FA` is on;
- what satisfies it (`is_satisfied`): a code checked in this session, or a single
  sign-on whose provider said it did multi-factor authentication (`amr`);
- enrolment, backup codes, checking a code, and another staff member's reset of an
  account's devices (recorded in the audit log through the `two_factor_reset` signal).
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from kitemark.refusals import Refused

from .signals import two_factor_failed, two_factor_reset

SSO_MFA_SESSION_KEY = "sso_mfa"
ENROLMENT_KEY_SESSION_KEY = "two_factor_enrolment_key"
BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


class ResetRefused(Refused):
    pass


def applies_to(user):
    """Accounts that can see or change more than their own organisation's work."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_participation_staff or user.is_superuser or user.is_staff)
    )


def is_required(user):
    return settings.STAFF_REQUIRE_2FA and applies_to(user)


def is_satisfied(request):
    if request.session.get(SSO_MFA_SESSION_KEY) is True:
        return True
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def forget_provider_mfa(sender, request, user, **kwargs):
    """Each sign-in starts without the provider's word on MFA: only the single sign-on
    callback, right after it signs someone in, records it again."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(SSO_MFA_SESSION_KEY, None)


def has_authenticator(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def enrolment_device(request):
    """The authenticator this person is setting up, not saved: its key stays in the session
    (the same QR code on every visit) until a code from it is typed."""
    key = request.session.get(ENROLMENT_KEY_SESSION_KEY)
    if not key:
        key = request.session[ENROLMENT_KEY_SESSION_KEY] = default_key()
    return TOTPDevice(user=request.user, key=key, name=APP_DEVICE_NAME, confirmed=False)


def qr_code_data_uri(device):
    """The otpauth:// link as an SVG QR code in a data: URI (made here, no outside service)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_for_typing(device):
    """The key in base32, in groups of four, for apps that cannot scan."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def confirm_enrolment(request, device, token):
    """When `token` is the app's current code: the device is confirmed, this session
    verified, and the new backup codes returned (to show once). Otherwise None."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    try:
        verified = totp.verify(int(clean(token)), device.tolerance)
    except ValueError:
        verified = False
    if not verified:
        two_factor_failed.send(sender=TOTPDevice, request=request, user=request.user)
        return None
    device.last_t, device.drift, device.confirmed = totp.t(), totp.drift, True
    device.save()
    del request.session[ENROLMENT_KEY_SESSION_KEY]
    otp_login(request, device)
    return new_backup_codes(device.user)


@transaction.atomic
def new_backup_codes(user):
    """A fresh set of single-use backup codes (the old ones stop working); returns them."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def clean(token):
    return "".join((token or "").split()).lower()


def verify(request, token):
    """Checks a code from the app or a backup code (used up once accepted); on success the
    session is verified. Each failure is recorded."""
    device = match_token(request.user, clean(token))
    if device is None:
        two_factor_failed.send(sender=TOTPDevice, request=request, user=request.user)
        return False
    otp_login(request, device)
    return True


def must_wait(user):
    """True while django-otp makes every device wait after wrong codes."""
    return all(not device.verify_is_allowed()[0] for device in devices_for_user(user))


def reset_allowed(actor, target):
    """None when `actor` may reset `target`'s two-factor, else why not."""
    if not actor.is_participation_staff:
        return "Only participation staff can reset two-factor sign-in."
    if actor.pk == target.pk:
        return "You cannot reset your own two-factor sign-in. Ask another member of staff."
    if not applies_to(target):
        return "This account does not use two-factor sign-in."
    if target.is_superuser and not actor.is_superuser:
        return "Only a superuser can reset a superuser's two-factor sign-in."
    return None


@transaction.atomic
def reset(actor, target, request=None):
    """Removes every device of `target` (app and backup codes): at their next sign-in they
    set up two-factor again. Recorded in the audit log in the same transaction."""
    refusal = reset_allowed(actor, target)
    if refusal:
        raise ResetRefused(refusal)
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        devices = model.objects.filter(user=target)
        removed += devices.count()
        devices.delete()
    two_factor_reset.send(
        sender=TOTPDevice, request=request, actor=actor, target=target, removed=removed
    )
    return removed


def staff_accounts():
    """The accounts two-factor applies to, with whether each has an authenticator app and
    how many backup codes it has left (one query)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Exists, OuterRef, Q

    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(Q(role=User.Role.STAFF) | Q(is_superuser=True) | Q(is_staff=True))
        .annotate(
            has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            backup_codes=Count("staticdevice__token_set", distinct=True),
        )
        .order_by("full_name", "email")
    )
