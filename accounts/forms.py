from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from jobs.services import render_plain_text, send_email
from kitemark.forms import FieldChecksMixin, Form, ModelForm

from .models import User


class LoginForm(FieldChecksMixin, AuthenticationForm):
    username = forms.CharField(
        label="Email address or username",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        # The same words whether or not the account exists.
        "invalid_login": "The email address, username or password is not right. Please try again.",
        "inactive": "This account is not active yet. Check your email for the link to confirm it.",
    }


class SignUpForm(ModelForm):
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Confirm password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["full_name", "email"]
        labels = {"full_name": "Your full name", "email": "Work email address"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["email"].required = True
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"

    def clean_email(self):
        # An address that already has an account is not an error here: saying so would
        # tell anyone which addresses have accounts. The sign-up service emails the
        # owner instead.
        return self.cleaned_data["email"].strip().lower()

    def _get_validation_exclusions(self):
        # Nor is it an error in the model's unique checks, for the same reason.
        return super()._get_validation_exclusions() | {"email"}

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords do not match.")
        if p1:
            candidate = User(email=cleaned.get("email"), full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        user.role = User.Role.ORGANISATION
        user.is_active = False
        user.email_verified = False
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class OutboxPasswordResetForm(FieldChecksMixin, PasswordResetForm):
    """Django's reset form, its email sent through the jobs outbox like every other: the
    request never waits for the mail server (which it would only for an address that
    has an account), and a failed delivery is retried by the worker."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = render_plain_text(subject_template_name, context)
        send_email(
            to=[to_email],
            subject=subject,
            template=email_template_name.removeprefix("emails/").removesuffix(".txt"),
            context=context,
        )


class TwoFactorCodeForm(Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows now, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class EnrolmentCodeForm(Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows for Kitemark.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
