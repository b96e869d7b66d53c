from django import forms
from django.db import models

from kitemark.forms import FieldChecksMixin

from .images import ImageRejected, check_image
from .models import SchemeSettings


def _form_field(model_field, **kwargs):
    """Links typed without a scheme are taken as https (Django 6's default)."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class SchemeSettingsForm(FieldChecksMixin, forms.ModelForm):
    """The console's form. The logo and signature are checked by content
    (`scheme.images.check_image`); the checked, rewritten file is kept on the form as
    `checked_logo` / `checked_signature` for the service to store."""

    logo_file = forms.FileField(
        label="Logo",
        required=False,
        help_text="A PNG or SVG file. It is checked and any code in it is refused.",
    )
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)
    signature_file = forms.FileField(
        label="Signature",
        required=False,
        help_text="A PNG or SVG of the signatory's signature, printed on plaques.",
    )
    remove_signature = forms.BooleanField(label="Remove the signature", required=False)

    class Meta:
        model = SchemeSettings
        formfield_callback = _form_field
        fields = [
            "council_name",
            "scheme_name",
            "brand_colour",
            "logo_alt",
            "kitemark_email",
            "kitemark_phone",
            "training_email",
            "postal_address",
            "privacy_notice_url",
            "privacy_notice_text",
            "dpo_contact",
            "accessibility_contact",
            "signatory_name",
            "signatory_role",
        ]
        widgets = {
            "postal_address": forms.Textarea(attrs={"rows": 4}),
            "privacy_notice_text": forms.Textarea(attrs={"rows": 6}),
        }

    def _checked(self, field):
        upload = self.cleaned_data.get(field)
        if not upload:
            return None
        try:
            return check_image(upload)
        except ImageRejected as refused:
            raise forms.ValidationError(refused.message) from None

    def clean_logo_file(self):
        self.checked_logo = self._checked("logo_file")
        return self.cleaned_data.get("logo_file")

    def clean_signature_file(self):
        self.checked_signature = self._checked("signature_file")
        return self.cleaned_data.get("signature_file")
