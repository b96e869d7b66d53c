"""The staff console's forms for Working with Teenagers."""

from datetime import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from kitemark.forms import Form
from kitemark.inputs import ModelMultipleChoiceField
from training.models import DEFAULT_LENGTH_MINUTES, Trainer


class SessionForm(Form):
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label="Start time",
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="4pm or 5pm suits the young trainers best: they are at school in the day.",
    )
    length_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=15, max_value=600, initial=DEFAULT_LENGTH_MINUTES
    )
    venue = forms.CharField(label="Venue", max_length=200, required=False)
    online_link = forms.URLField(
        label="Online link", max_length=200, required=False, assume_scheme="https"
    )
    capacity = forms.IntegerField(label="Places", min_value=1, max_value=500)
    accessibility = forms.CharField(
        label="Accessibility information",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    show_names_to_trainers = forms.BooleanField(
        label="Show the trainers the names of the people booked", required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("venue") and not data.get("online_link") and not self.errors:
            self.add_error("venue", "Give a venue or an online link.")
        if data.get("date") and data.get("time"):
            data["starts_at"] = timezone.make_aware(datetime.combine(data["date"], data["time"]))
        return data

    @classmethod
    def initial_for(cls, session):
        local = timezone.localtime(session.starts_at)
        return {
            "date": local.date(),
            "time": local.time(),
            **{
                key: getattr(session, key)
                for key in (
                    "length_minutes",
                    "venue",
                    "online_link",
                    "capacity",
                    "accessibility",
                    "show_names_to_trainers",
                )
            },
        }

    def values(self):
        data = dict(self.cleaned_data)
        data.pop("date"), data.pop("time")
        return data


class CancelSessionForm(Form):
    reason = forms.CharField(
        label="Message to the people booked (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TeamForm(Form):
    trainers = ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Young trainers",
        help_text="Panel members and young people given the trainer role.",
    )
    supporting_staff = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Supporting member of staff",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        User = get_user_model()
        self.fields["trainers"].queryset = User.objects.filter(
            role=User.Role.PANEL, is_active=True
        ).order_by("full_name", "pk")
        self.fields["trainers"].label_from_instance = lambda u: u.display_label
        self.fields["supporting_staff"].queryset = User.objects.filter(
            role=User.Role.STAFF, is_active=True
        ).order_by("full_name", "pk")


class TrainerAccountForm(Form):
    display_name = forms.CharField(
        label="First name or chosen name", max_length=80, help_text="Only this is kept."
    )
    username = forms.CharField(label="Username", max_length=40)
    password = forms.CharField(
        label="Password", min_length=10, max_length=128, widget=forms.PasswordInput
    )


def hours_fields(assignments):
    """A form with one hours field per trainer on the session."""
    fields = {
        f"hours_{a.trainer_id}": forms.DecimalField(
            label=f"{a.trainer.display_name}: hours",
            required=False,
            min_value=0,
            max_value=100,
            decimal_places=2,
            initial=a.hours,
        )
        for a in assignments
    }
    return type("HoursForm", (Form,), fields)


def trainer_queryset():
    return Trainer.objects.filter(active=True)
