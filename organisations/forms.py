import re

from django import forms
from django.utils.text import normalize_newlines

from kitemark.forms import Form, ModelForm

from .models import Organisation

# Outward code (area, district, optional sub-district) then inward code (sector, unit).
UK_POSTCODE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][ABD-HJLNP-UW-Z]{2})$")
MIN_AGE = 5
MAX_AGE = 25


def normalise_postcode(value):
    """'sw1a1aa' -> 'SW1A 1AA'. Raises ValidationError if it is not a UK postcode."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not UK_POSTCODE.match(compact):
        raise forms.ValidationError(
            "Enter a real UK postcode, like SW1A 1AA or B33 8TH.", code="invalid_postcode"
        )
    return f"{compact[:-3]} {compact[-3:]}"


class MultiLineField(forms.CharField):
    """Text on several lines, with the browser's \r\n line breaks read as \n: the form then
    sees an unchanged address as unchanged (and the audit log says only what changed)."""

    def to_python(self, value):
        return normalize_newlines(super().to_python(value))


def _age_field(label):
    message = f"Enter an age from {MIN_AGE} to {MAX_AGE}."
    return forms.IntegerField(
        label=label,
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        error_messages={
            "required": f"Enter an age from {MIN_AGE} to {MAX_AGE}.",
            "invalid": "Enter the age as a whole number, like 11.",
            "min_value": message,
            "max_value": message,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class OrganisationForm(ModelForm):
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        help_text="For example, www.riverside-youth.org.uk",
        error_messages={"invalid": "Enter a web address, like www.riverside-youth.org.uk"},
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    age_from = _age_field("Youngest age of the young people you work with")
    age_to = _age_field("Oldest age of the young people you work with")
    young_people_per_year = forms.IntegerField(
        label="Roughly how many young people do you reach each year?",
        help_text="A rough number is fine.",
        min_value=1,
        max_value=10_000_000,
        error_messages={
            "required": "Enter roughly how many young people you reach each year.",
            "invalid": "Enter a whole number, like 250.",
            "min_value": "Enter a number of 1 or more.",
            "max_value": "Enter a smaller number.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Organisation
        field_classes = {"address": MultiLineField}
        fields = [
            "name",
            "type",
            "address",
            "postcode",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "age_from",
            "age_to",
            "young_people_per_year",
        ]
        labels = {
            "name": "Organisation name",
            "type": "Type of organisation",
            "address": "Address",
            "postcode": "Postcode",
            "contact_name": "Main contact's full name",
            "contact_email": "Main contact's email address",
            "contact_phone": "Main contact's phone number",
        }
        help_texts = {
            "address": "Do not include the postcode. There is a box for it below.",
            "contact_name": "The person we should talk to about your application.",
        }
        error_messages = {
            "name": {"required": "Enter the name of your organisation."},
            "type": {"required": "Choose the type of organisation."},
            "address": {"required": "Enter your organisation's address."},
            "postcode": {"required": "Enter your organisation's postcode."},
            "contact_name": {"required": "Enter the main contact's full name."},
            "contact_email": {
                "required": "Enter the main contact's email address.",
                "invalid": "Enter an email address in the right format, like name@example.org",
            },
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "postcode": forms.TextInput(
                attrs={"autocomplete": "postal-code", "class": "km-postcode"}
            ),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_phone"].required = True
        self.fields["contact_phone"].error_messages["required"] = (
            "Enter the main contact's phone number."
        )
        self.fields["type"].choices = [("", "Choose a type")] + list(Organisation.Type.choices)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_postcode(self):
        return normalise_postcode(self.cleaned_data["postcode"])

    def clean_contact_email(self):
        return self.cleaned_data["contact_email"].strip().lower()

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        digits = re.sub(r"[\s()\-.]", "", phone)
        if not re.fullmatch(r"(\+44|0)\d{9,10}", digits):
            raise forms.ValidationError(
                "Enter a UK phone number, like 01632 960 001 or 07700 900 982."
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        age_from, age_to = cleaned.get("age_from"), cleaned.get("age_to")
        if age_from is not None and age_to is not None and age_from > age_to:
            self.add_error(
                "age_to",
                "The oldest age must be the same as or more than the youngest age.",
            )
        return cleaned


class OrganisationEditForm(OrganisationForm):
    class Meta(OrganisationForm.Meta):
        fields = OrganisationForm.Meta.fields + ["listed_in_register"]
        labels = {
            **OrganisationForm.Meta.labels,
            "listed_in_register": "Show us on the public register of award holders",
        }
        help_texts = {
            **OrganisationForm.Meta.help_texts,
            "listed_in_register": (
                "When you hold a Kitemark, the public register lists your organisation's name, "
                "level and award dates. Untick this if you do not want to be listed. "
                "Your plaque's verification page still works either way."
            ),
        }


class InvitationForm(Form):
    email = forms.EmailField(
        label="Your colleague's work email address",
        max_length=254,  # Invitation.email's column
        help_text="We will email them a link to join. The link works once and lasts 7 days.",
        error_messages={
            "required": "Enter your colleague's email address.",
            "invalid": "Enter an email address in the right format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if (
            self.organisation is not None
            and self.organisation.memberships.filter(user__email__iexact=email).exists()
        ):
            raise forms.ValidationError(f"{email} is already a member of {self.organisation.name}.")
        return email


class SwitchOrganisationForm(Form):
    organisation = forms.TypedChoiceField(label="Organisation you are working on", coerce=int)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
