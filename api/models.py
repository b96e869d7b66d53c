from django.conf import settings
from django.db import models
from django.utils import timezone

from kitemark.validators import validate_single_line


class Scope(models.TextChoices):
    REGISTER_READ = "register:read", "register:read (every award, with its reminders)"
    APPLICATIONS_READ = "applications:read", "applications:read (every application)"


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """A staff-made token for the staff API. Only a SHA-256 digest of the secret is kept
    (the secret is shown once, when made); the prefix lets staff recognise it."""

    name = models.CharField(max_length=100, validators=[validate_single_line])
    scope = models.CharField(max_length=40, choices=Scope.choices)
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def state_on(self, now=None):
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if now >= self.expires_at:
            return "expired"
        return "active"

    @property
    def state(self):
        return self.state_on()
