import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse


class SessionTimeoutMiddleware:
    """Ends a signed-in session after SESSION_IDLE_TIMEOUT seconds of inactivity,
    or SESSION_COOKIE_AGE seconds after sign-in, whichever comes first."""

    LAST = "last_activity"
    WRITE_EVERY = 60
    STARTED = "session_started"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(self.STARTED, now)
            last = request.session.get(self.LAST, now)
            idle = now - last > settings.SESSION_IDLE_TIMEOUT
            too_old = now - started > settings.SESSION_COOKIE_AGE
            if idle or too_old:
                logout(request)
                messages.info(
                    request, "You were signed out to keep your account safe. Please sign in again."
                )
            elif now - last >= self.WRITE_EVERY or self.STARTED not in request.session:
                # Writing on every request would cost a session UPDATE per page; a minute's
                # precision is plenty for a 30-minute idle limit.
                request.session[self.LAST] = now
                request.session.setdefault(self.STARTED, now)
        return self.get_response(request)


def stamp_session_at_login(sender, request, user, **kwargs):
    """Start both clocks at sign-in, in the session write that login makes anyway."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SessionTimeoutMiddleware.STARTED] = now
        request.session[SessionTimeoutMiddleware.LAST] = now


class TwoFactorMiddleware:
    """With STAFF_REQUIRE_2FA on, a staff, superuser or admin-site account that has signed
    in but not yet given a two-factor code this session (and whose single sign-on did not
    assert multi-factor) reaches only the two-factor pages and sign-out: everything else
    sends them to check a code, or to set up an authenticator app if they have none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.STAFF_REQUIRE_2FA and self._must_check(request):
            # Imported here: this module is loaded by AccountsConfig before the models are.
            from . import two_factor

            name = (
                "accounts:two_factor_verify"
                if two_factor.has_authenticator(request.user)
                else "accounts:two_factor_setup"
            )
            query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
            return redirect(reverse(name) + (f"?{query}" if query else ""))
        return self.get_response(request)

    @staticmethod
    def _must_check(request):
        from . import two_factor

        if not two_factor.is_required(request.user) or two_factor.is_satisfied(request):
            return False
        open_pages = {
            reverse("accounts:two_factor_setup"),
            reverse("accounts:two_factor_verify"),
            reverse("accounts:logout"),
        }
        return request.path not in open_pages and not request.path.startswith(settings.STATIC_URL)
