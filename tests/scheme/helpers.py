from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from scheme.images import check_image
from scheme.models import SchemeSettings
from scheme.selectors import forget_cached_scheme

ASSETS = Path(__file__).parent / "assets"

COUNCIL = {
    "council_name": "Riverside Borough Council",
    "scheme_name": "Riverside Youth Voice Kitemark",
    "brand_colour": "#0b5c3b",
    "kitemark_email": "kitemark@riverside.example.gov.uk",
    "kitemark_phone": "01632 960 123",
    "training_email": "training@riverside.example.gov.uk",
    "postal_address": "Youth Participation Team\nRiverside Town Hall\nRiver Street\nRV1 2AB",
    "privacy_notice_url": "https://riverside.example.gov.uk/privacy",
    "privacy_notice_text": "We never sell your information.",
    "dpo_contact": "Data Protection Officer, dpo@riverside.example.gov.uk",
    "accessibility_contact": "The Riverside digital team",
    "signatory_name": "Councillor Jo Marsh",
    "signatory_role": "Cabinet Member for Children and Young People",
}


def upload(name, content_type=None):
    return SimpleUploadedFile(name, (ASSETS / name).read_bytes(), content_type=content_type)


def save_scheme(*, logo=True, signature=True, **fields):
    """The council's settings saved as staff would save them (checked images)."""
    row = SchemeSettings(**{**COUNCIL, **fields})
    if logo:
        checked = check_image(upload("council-logo.svg"))
        row.logo, row.logo_type = checked.data, checked.content_type
    if signature:
        checked = check_image(upload("signature.png"))
        row.signature, row.signature_type = checked.data, checked.content_type
    row.full_clean()
    row.save()
    forget_cached_scheme()
    return row
