from django import forms

from assessments.models import Level
from kitemark.forms import Form


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
