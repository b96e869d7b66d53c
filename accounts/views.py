import requests
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_http_methods
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import services, sso, two_factor
from .forms import (
    EnrolmentCodeForm,
    LoginForm,
    OutboxPasswordResetForm,
    SignUpForm,
    TwoFactorCodeForm,
)
from .ratelimits import limit_per_address_and_ip, limit_two_factor_codes
from .tokens import email_verification_token


@login_required
def home(request):
    """Sends each role to its own dashboard."""
    user = request.user
    if user.is_participation_staff:
        return redirect("console:staff_dashboard")
    if user.is_young_trainer_only:
        return redirect("training:trainer")
    if user.is_panel_member:
        return redirect("panels:dashboard")
    return redirect("portal:dashboard")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(sso_enabled=sso.sso_enabled(), **kwargs)


class SsoStartView(OIDCAuthenticationRequestView):
    """Sends a member of staff to the council's identity provider (404 when SSO is off)."""

    def __init__(self, **kwargs):
        # The library reads the endpoint here; ours comes from the discovery document.
        View.__init__(self, **kwargs)

    def get(self, request):
        if not sso.sso_enabled():
            raise Http404
        if request.user.is_authenticated:
            return redirect("accounts:home")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = sso.provider()["authorization_endpoint"]
        except (requests.RequestException, ValueError, KeyError, SuspiciousOperation):
            messages.error(request, sso.FAILED)
            return redirect("accounts:login")
        self.OIDC_RP_CLIENT_ID = sso.settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class SsoCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back: signed in, or told why not."""

    @property
    def failure_url(self):
        return reverse("accounts:login")

    def get(self, request):
        if not sso.sso_enabled():
            raise Http404
        try:
            return super().get(request)
        except (requests.RequestException, ValueError, KeyError, SuspiciousOperation):
            return self.login_failure()

    def login_failure(self):
        messages.error(self.request, getattr(self.request, "sso_refusal", sso.FAILED))
        return super().login_failure()

    def login_success(self):
        response = super().login_success()
        self.request.session[two_factor.SSO_MFA_SESSION_KEY] = bool(
            getattr(self.request, "sso_mfa", False)
        )
        return response


def _two_factor_account(request):
    if not two_factor.applies_to(request.user):
        raise PermissionDenied("Two-factor sign-in is for staff accounts.")


@login_required
@require_http_methods(["GET", "POST"])
@limit_two_factor_codes
def two_factor_setup(request):
    """Set up an authenticator app: scan the QR code (or type the key), type its code."""
    _two_factor_account(request)
    if two_factor.has_authenticator(request.user):
        if two_factor.is_satisfied(request) or not two_factor.is_required(request.user):
            return redirect("accounts:two_factor_backup_codes")
        return redirect("accounts:two_factor_verify")
    device = two_factor.enrolment_device(request)
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
        if codes is not None:
            return render(
                request, "accounts/two_factor_backup_codes.html", {"codes": codes, "new": True}
            )
        form.add_error("code", "That code is not right. Type the code the app shows now.")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_data_uri(device),
            "secret": two_factor.secret_for_typing(device),
            "next": _safe_next(request, request.GET.get("next")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@limit_two_factor_codes
def two_factor_verify(request):
    """Type the code from the app (or a backup code) to finish signing in."""
    _two_factor_account(request)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if not two_factor.has_authenticator(request.user):
        return redirect("accounts:two_factor_setup")
    if two_factor.is_satisfied(request):
        return redirect(next_url or "accounts:home")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # After wrong codes django-otp makes the devices wait (1, 2, 4... seconds): a code
        # typed meanwhile is not checked, and the person is told why.
        waiting = two_factor.must_wait(request.user)
        if not waiting and two_factor.verify(request, form.cleaned_data["code"]):
            return redirect(next_url or "accounts:home")
        form.add_error(
            "code",
            "Too many wrong codes in a row. Wait a minute, then type the code the app shows now."
            if waiting
            else "That code is not right. Type the code the app shows now, or a backup code.",
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_backup_codes(request):
    """How many backup codes are left; making a new set shows them once."""
    _two_factor_account(request)
    if not two_factor.has_authenticator(request.user):
        return redirect("accounts:two_factor_setup")
    if two_factor.is_required(request.user) and not two_factor.is_satisfied(request):
        return redirect("accounts:two_factor_verify")
    if request.method == "POST":
        codes = two_factor.new_backup_codes(request.user)
        return render(
            request, "accounts/two_factor_backup_codes.html", {"codes": codes, "new": True}
        )
    return render(
        request,
        "accounts/two_factor_backup_codes.html",
        {"codes_left": two_factor.backup_codes_left(request.user), "new": False},
    )


@require_http_methods(["GET", "POST"])
@limit_per_address_and_ip("accounts:signup")
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:home")
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same page whether or not the address already has an account.
        services.register_organisation_user(form, next_url)
        return render(request, "accounts/signup_done.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def _safe_next(request, candidate):
    """Only a path on this site, e.g. an invitation link the person followed."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def verify_email(request, uidb64, token):
    User = get_user_model()
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not email_verification_token.check_token(user, token):
        return render(request, "accounts/verify_failed.html", status=400)
    services.confirm_email(user)
    login(request, user, backend="accounts.backends.EmailOrUsernameBackend")
    messages.success(request, "Thank you. Your email address is confirmed.")
    return redirect(_safe_next(request, request.GET.get("next")) or reverse("accounts:home"))


password_reset = limit_per_address_and_ip("accounts:password_reset")(
    auth_views.PasswordResetView.as_view(
        form_class=OutboxPasswordResetForm,
        template_name="accounts/password_reset.html",
        email_template_name="emails/password_reset.txt",
        subject_template_name="emails/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html",
    success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
