from datetime import timedelta

from django import forms
from django.utils import timezone

from kitemark.forms import Form

from .models import Scope

DEFAULT_DAYS = 90


class TokenForm(Form):
    name = forms.CharField(
        max_length=100,
        help_text="Say which system will use it, for example “Commissioning CRM”.",
    )
    scope = forms.ChoiceField(choices=Scope.choices, widget=forms.RadioSelect)
    expires_on = forms.DateField(
        label="Expires on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The token stops working at the start of this day.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=DEFAULT_DAYS)

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day <= timezone.localdate():
            raise forms.ValidationError("Choose a day after today.")
        return day


class RevokeTokenForm(Form):
    confirm = forms.BooleanField(
        label="I understand that systems using this token will stop working at once.",
        error_messages={"required": "Tick the box to confirm you want to revoke this token."},
    )
