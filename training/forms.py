from django import forms
from django.forms import formset_factory

from kitemark.forms import Form

from .models import Sector
from .services.bookings import MAX_PEOPLE_PER_BOOKING


class GroupForm(Form):
    """What the people booked together share: their organisation and its sector."""

    organisation_name = forms.CharField(
        label="Organisation",
        max_length=200,
        help_text="Where you work. If it holds the Co-production Kitemark, use the same name.",
    )
    sector = forms.ChoiceField(choices=[("", "Choose a sector"), *Sector.choices])
    join_waiting_list = forms.BooleanField(
        label="If there are not enough places, put the others on the waiting list",
        required=False,
        initial=True,
    )


class PersonForm(Form):
    name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(
        label="Work email",
        max_length=254,
        error_messages={"invalid": "Enter a work email address like name@example.org."},
    )
    role = forms.CharField(label="Job role", max_length=150, help_text="For example: teacher.")
    access_needs = forms.CharField(
        label="Access needs (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Anything the trainers should plan for so you can take part fully.",
    )
    commitment_agreed = forms.BooleanField(
        label="I will take part fully, and make sure what I learn shows in my work afterwards",
        error_messages={"required": "Agree to the commitment to book this place."},
    )


PersonFormSet = formset_factory(
    PersonForm,
    extra=0,
    min_num=1,
    max_num=MAX_PEOPLE_PER_BOOKING,
    validate_max=True,
    validate_min=True,
)


class TextForm(Form):
    text = forms.CharField(
        label="Your answer", max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
