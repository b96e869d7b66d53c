"""What young people did, for their record and their certificate of contribution.

The counts are read from where the work is recorded (recognition.sources); only the time
staff add by hand and the certificates made are stored here. Minimal data: a young person
is named by their display name only, never a surname or an email.

Both are keyed on the young person's account (the user), not on a panel membership: a
young trainer need not be a panel member (training.Trainer), and their record is the
same kind of thing."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from kitemark.validators import validate_single_line


class AddedTime(models.Model):
    """Time a young person gave outside the system (training, meetings), added by staff."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="added_time"
    )
    hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0.25), MaxValueValidator(100)],
    )
    what = models.CharField(
        max_length=120, validators=[validate_single_line], help_text="For example, a youth forum."
    )
    on = models.DateField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"{self.hours} h for young person {self.person_id}"


def certificate_upload_path(instance, filename):
    return f"contribution/{instance.person_id}/{uuid.uuid4().hex}.pdf"


class ContributionCertificate(models.Model):
    """A certificate of contribution, rendered by the worker (recognition.certificates).
    `totals` keeps what it states, so the PDF can be checked against it."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contribution_certificates",
    )
    period_from = models.DateField()
    period_to = models.DateField()
    totals = models.JSONField(default=dict)
    file = models.FileField(upload_to=certificate_upload_path, max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)
    # The same certificate as an Open Badges 3.0 credential (a VC-JWT), signed once by the
    # worker when it renders the PDF, like an award's (credentials.AwardCredential).
    credential = models.TextField(blank=True)
    credential_key = models.ForeignKey(
        "credentials.IssuerKey", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Certificate {self.pk} for young person {self.person_id}"

    @property
    def is_ready(self):
        return bool(self.file)

    @property
    def has_credential(self):
        return bool(self.credential)
