import base64
import hashlib
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.validators import MinLengthValidator
from django.db import models

from kitemark.validators import validate_single_line

from .colours import validate_brand_colour

DEFAULT_SCHEME_NAME = "Co-production Kitemark"
DEFAULT_BRAND_COLOUR = "#1d3b6e"


class SchemeSettings(models.Model):
    """The council's own settings for the scheme: one row (pk 1), edited by staff on
    the console's "Scheme settings" page, read through `scheme.selectors.current_scheme`
    (cached). The logo and signature are stored here, already checked and rewritten by
    `scheme.images.check_image`: they are small, and every web and worker process
    reads them from the database rather than from one machine's disk."""

    SINGLETON_PK = 1

    council_name = models.CharField(
        max_length=120,
        default="The council",
        validators=[validate_single_line],
        help_text="As it appears in the header, on plaques and in emails.",
    )
    scheme_name = models.CharField(
        max_length=120,
        default=DEFAULT_SCHEME_NAME,
        validators=[validate_single_line, MinLengthValidator(3)],
    )
    brand_colour = models.CharField(
        max_length=7,
        default=DEFAULT_BRAND_COLOUR,
        validators=[validate_brand_colour],
        help_text="The header's colour, as # and six letters or digits. White text on it "
        "must have a contrast of at least 4.5:1.",
    )
    logo = models.BinaryField(blank=True, default=b"", editable=False)
    logo_type = models.CharField(max_length=20, blank=True, default="", editable=False)
    logo_alt = models.CharField(
        "Logo description",
        max_length=200,
        blank=True,
        default="",
        validators=[validate_single_line],
        help_text="What the logo shows, for people who cannot see it. Leave empty to use "
        "the council's name.",
    )
    kitemark_email = models.EmailField(
        "Kitemark enquiries email", blank=True, default="", validators=[validate_single_line]
    )
    kitemark_phone = models.CharField(
        "Kitemark enquiries phone",
        max_length=40,
        blank=True,
        default="",
        validators=[validate_single_line],
    )
    training_email = models.EmailField(
        "Training enquiries email", blank=True, default="", validators=[validate_single_line]
    )
    postal_address = models.TextField(blank=True, default="", max_length=500)
    privacy_notice_url = models.URLField(
        "Privacy notice link",
        blank=True,
        default="",
        help_text="The council's full privacy notice, if it has one on its own website.",
    )
    privacy_notice_text = models.TextField(
        "Privacy notice text",
        blank=True,
        default="",
        max_length=5000,
        help_text="Anything the council adds to the privacy page, in plain words.",
    )
    dpo_contact = models.CharField(
        "Data protection officer's contact",
        max_length=300,
        blank=True,
        default="",
        validators=[validate_single_line],
        help_text="A name, email or phone number for the data protection officer.",
    )
    accessibility_contact = models.CharField(
        "Who is responsible for accessibility",
        max_length=200,
        blank=True,
        default="",
        validators=[validate_single_line],
        help_text="The team or role the accessibility statement names. Leave empty to "
        "name the council.",
    )
    signatory_name = models.CharField(
        "Plaque signatory's name",
        max_length=120,
        blank=True,
        default="",
        validators=[validate_single_line],
    )
    signatory_role = models.CharField(
        "Plaque signatory's role",
        max_length=120,
        blank=True,
        default="",
        validators=[validate_single_line],
    )
    signature = models.BinaryField(blank=True, default=b"", editable=False)
    signature_type = models.CharField(max_length=20, blank=True, default="", editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "scheme settings"
        verbose_name_plural = "scheme settings"
        permissions = [("edit_scheme_settings", "Can edit the scheme settings")]

    def __str__(self):
        return f"{self.scheme_name} ({self.council_name})"

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    # -- derived values the pages, emails and plaques show -------------------------

    @property
    def brand_colour_slug(self):
        """The colour as its stylesheet's URL names it ("1d3b6e")."""
        return self.brand_colour.lstrip("#").lower()

    @property
    def has_logo(self):
        return bool(self.logo)

    @property
    def logo_version(self):
        """Changes whenever the logo does, so its URL can be cached for a long time."""
        return hashlib.sha256(bytes(self.logo)).hexdigest()[:16] if self.logo else ""

    @property
    def logo_description(self):
        return self.logo_alt or f"{self.council_name} logo"

    @property
    def logo_data_uri(self):
        return _data_uri(self.logo, self.logo_type)

    @property
    def has_signature(self):
        return bool(self.signature)

    @property
    def signature_data_uri(self):
        return _data_uri(self.signature, self.signature_type)

    @property
    def kitemark_inbox(self):
        """Where Kitemark questions go: the enquiries address, else the sender's."""
        return self.kitemark_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]

    @property
    def training_inbox(self):
        return self.training_email or self.kitemark_inbox

    @property
    def sender_name(self):
        return f"{self.scheme_name}, {self.council_name}"

    @property
    def from_email(self):
        """DEFAULT_FROM_EMAIL's address under the scheme's and council's names."""
        return formataddr((self.sender_name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))

    @property
    def address_lines(self):
        return [line.strip() for line in self.postal_address.splitlines() if line.strip()]

    @property
    def accessibility_owner(self):
        return self.accessibility_contact or self.council_name


def _data_uri(data, content_type):
    if not data:
        return ""
    return f"data:{content_type};base64,{base64.b64encode(bytes(data)).decode('ascii')}"
