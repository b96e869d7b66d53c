from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_http_methods

from . import services
from .forms import LoginForm, OutboxPasswordResetForm, SignUpForm
from .ratelimits import limit_per_address_and_ip
from .tokens import email_verification_token


@login_required
def home(request):
    """Sends each role to its own dashboard."""
    user = request.user
    if user.is_participation_staff:
        return redirect("console:staff_dashboard")
    if user.is_panel_member:
        # A young trainer who is not on the panel (training.Trainer, read through its
        # relation): their own page.
        if not hasattr(user, "panel_member") and hasattr(user, "young_trainer"):
            return redirect("training:trainer")
        return redirect("panels:dashboard")
    return redirect("portal:dashboard")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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
