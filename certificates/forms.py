from django import forms

from assessments.models import Level
from kitemark.forms import Form

from .models import AwardStatus

STATUS_FILTERS = [("", "All")] + [(s.value, s.label) for s in AwardStatus]


class RegisterSearchForm(Form):
    """Rendered by hand in register.html (a public page under load): no crispy layout."""

    q = forms.CharField(
        label="Organisation name",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    level = forms.ChoiceField(
        label="Level",
        required=False,
        choices=[("", "All levels"), *Level.Code.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class StaffAwardFilterForm(Form):
    q = forms.CharField(label="Organisation or certificate number", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_FILTERS)


class RevokeForm(Form):
    reason = forms.CharField(
        label="Reason for revoking",
        help_text="The organisation will see this reason in the email we send them.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Give a reason for revoking the award."},
    )
    confirm = forms.BooleanField(
        label="I understand that revoking cannot be undone and the public verification page "
        "will show the award as revoked.",
        error_messages={"required": "Tick the box to confirm you want to revoke this award."},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give a reason for revoking the award.")
        return reason


class CelebrationInviteForm(Form):
    event_date = forms.DateField(
        label="Date of the celebration",
        help_text="For example, 27 6 2027.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    event_time = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label="Place", max_length=300)
    message = forms.CharField(
        label="Message to the organisations",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(
        label="Send the invitation to every organisation listed. Each organisation is invited "
        "only once a year.",
        error_messages={"required": "Tick the box to confirm you want to send the invitations."},
    )
