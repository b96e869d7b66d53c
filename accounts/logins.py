"""The one spelling of a login that the lockout counts failures against."""

from django.conf import settings


def lockout_username(request, credentials):
    """The login as django-axes keys it: stripped and case-folded.

    Login matches an email address or a panel username without regard to case and
    ignores surrounding spaces (UserManager.get_by_login), so every spelling of one
    login must count towards the same lockout; otherwise changing the case of a
    locked address would give a fresh set of guesses. Axes passes the credentials of
    the attempt when it has them, and on a successful sign-in the user's email, which
    is None for a panel member who signs in by username: the submitted form then says
    which login it was.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials or {}).get(field)
    if username is None and request is not None:
        username = getattr(request, "POST", {}).get(field)
    if username is None:
        return None
    return username.strip().casefold()


def forget_sign_ins(logins):
    """Delete what django-axes keeps about these logins (its failed attempts and its log of
    sign-ins name the login as typed): for anonymising an account. Returns the rows deleted."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    names = {login.strip().casefold() for login in logins if login}
    names |= {login for login in logins if login}
    deleted = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        deleted += model.objects.filter(username__in=names).delete()[0]
    return deleted


def is_single_sign_on(request, credentials):
    """django-axes leaves single sign-on attempts alone (AXES_WHITELIST_CALLABLE): no
    password is checked here (the council's identity provider has its own lockout), and
    they carry no login name, so counting them would lock every staff member behind one
    IP address out of single sign-on after a few refused attempts by anyone."""
    from django.urls import reverse

    return request is not None and request.path == reverse("accounts:sso_callback")
