"""What young people did, for their record and their certificate of contribution.

The counts are read from where the work is recorded (recognition.sources); only the time
staff add by hand and the certificates made are stored here. Minimal data: a young person
is named by their display name only, never a surname or an email."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from kitemark.validators import validate_single_line


class AddedTime(models.Model):
    """Time a young person gave outside the system (training, meetings), added by staff."""

    member = models.ForeignKey(
        "panels.PanelMember", on_delete=models.PROTECT, related_name="added_time"
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
        return f"{self.hours} h for member {self.member_id}"


def certificate_upload_path(instance, filename):
    return f"contribution/{instance.member_id}/{uuid.uuid4().hex}.pdf"


class ContributionCertificate(models.Model):
    """A certificate of contribution, rendered by the worker (recognition.certificates).
    `totals` keeps what it states, so the PDF can be checked against it."""

    member = models.ForeignKey(
        "panels.PanelMember", on_delete=models.CASCADE, related_name="contribution_certificates"
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

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Certificate {self.pk} for member {self.member_id}"

    @property
    def is_ready(self):
        return bool(self.file)
