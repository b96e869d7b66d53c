"""The demo council's settings, for `seed_demo`: a made-up council with a logo and a
signature, so every page, email and plaque of the demo shows them."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from ..forms import SchemeSettingsForm
from ..models import SchemeSettings
from .settings import save_settings

DEMO_FILES = Path(__file__).resolve().parent.parent / "demo"

DEMO_SETTINGS = {
    "council_name": "Riverside Borough Council",
    "scheme_name": "Co-production Kitemark",
    "brand_colour": "#1d3b6e",
    "logo_alt": "Riverside Borough Council",
    "kitemark_email": "kitemark@riverside.example.gov.uk",
    "kitemark_phone": "01632 960 123",
    "training_email": "training@riverside.example.gov.uk",
    "postal_address": "Youth Participation Team\nRiverside Town Hall\nRiver Street\nRV1 2AB",
    "privacy_notice_url": "https://riverside.example.gov.uk/privacy",
    "privacy_notice_text": "",
    "dpo_contact": "Data Protection Officer, dpo@riverside.example.gov.uk, 01632 960 999",
    "accessibility_contact": "Riverside Borough Council's digital team",
    "signatory_name": "Councillor Jo Marsh",
    "signatory_role": "Cabinet Member for Children and Young People",
}


def install_demo_settings():
    """Save the demo council's settings through the staff form (so the files are
    checked as an upload would be). Returns the saved row."""
    files = {
        "logo_file": SimpleUploadedFile(
            "council-logo.svg", (DEMO_FILES / "council-logo.svg").read_bytes()
        ),
        "signature_file": SimpleUploadedFile(
            "signature.png", (DEMO_FILES / "signature.png").read_bytes()
        ),
    }
    instance = SchemeSettings.objects.filter(pk=SchemeSettings.SINGLETON_PK).first()
    form = SchemeSettingsForm(DEMO_SETTINGS, files, instance=instance)
    if not form.is_valid():
        raise ValueError(f"The demo settings are not valid: {form.errors.as_json()}")
    return save_settings(form)
