import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.text import normalize_newlines

from kitemark.validators import validate_single_line


class Organisation(models.Model):
    class Type(models.TextChoices):
        SCHOOL = "school", "School"
        CHARITY = "charity", "Charity or voluntary group"
        YOUTH_CLUB = "youth_club", "Youth club"
        COUNCIL = "council", "Council service"
        HEALTH = "health", "Health"
        POLICE = "police", "Police"
        TRANSPORT = "transport", "Transport"
        SPORTS = "sports", "Sports or leisure"
        BUSINESS = "business", "Business"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, validators=[validate_single_line])
    type = models.CharField(max_length=20, choices=Type.choices)
    address = models.TextField()
    postcode = models.CharField(max_length=10, validators=[validate_single_line])
    website = models.URLField(blank=True, validators=[validate_single_line])
    contact_name = models.CharField(
        "main contact name", max_length=150, validators=[validate_single_line]
    )
    contact_email = models.EmailField("main contact email", validators=[validate_single_line])
    contact_phone = models.CharField(
        "main contact phone", max_length=30, blank=True, validators=[validate_single_line]
    )
    age_from = models.PositiveSmallIntegerField("youngest age you work with", default=11)
    age_to = models.PositiveSmallIntegerField("oldest age you work with", default=18)
    young_people_per_year = models.PositiveIntegerField(
        "roughly how many young people you reach each year", default=0
    )
    listed_in_register = models.BooleanField(
        "show us on the public register of award holders", default=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Browsers send a text area's line breaks as \r\n: store one kind of line break,
        # so that saving the same address again is not a change.
        self.address = normalize_newlines(self.address)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisations:detail", args=[self.pk])

    @property
    def age_range_label(self):
        return f"{self.age_from} to {self.age_to}"

    def member_emails(self):
        """The email addresses of the organisation's active members: where its emails go.
        Reads the memberships a caller prefetched with their users (a batch of
        organisations, as the reminder sweep reads them), or one query otherwise."""
        if "memberships" in getattr(self, "_prefetched_objects_cache", {}):
            memberships = self.memberships.all()
        else:
            memberships = self.memberships.select_related("user")
        return [m.user.email for m in memberships if m.user.email and m.user.is_active]


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} in {self.organisation}"


def _invitation_token():
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(validators=[validate_single_line])
    token = models.CharField(
        max_length=64, unique=True, default=_invitation_token, validators=[validate_single_line]
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when a member cancels the invitation (or sends a newer one to the same address).
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "email"]),
            # The invitee's dashboard finds their invitations by address, ignoring case.
            models.Index(Upper("email"), name="invitation_email_upper_idx"),
        ]

    def __str__(self):
        return f"Invitation for {self.email} to {self.organisation}"

    def get_absolute_url(self):
        return reverse("organisations:invitation", args=[self.token])

    @property
    def is_used(self):
        return self.accepted_at is not None

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at

    @property
    def is_pending(self):
        return not (self.is_used or self.is_cancelled or self.is_expired)
