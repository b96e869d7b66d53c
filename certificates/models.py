import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from assessments.models import Level
from kitemark.validators import validate_single_line
from organisations.models import Organisation

from .dates import renewal_opens_on

# The verification code is printed on plaques as a URL: 32 URL-safe characters, 192 bits.
VERIFICATION_CODE_BYTES = 24


def new_verification_code():
    return secrets.token_urlsafe(VERIFICATION_CODE_BYTES)


def last_valid_day(expires_on):
    """The last day an award is valid: the day before it expires."""
    return expires_on - timedelta(days=1)


class AwardStatus(models.TextChoices):
    CURRENT = "current", "Current"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


def status_of(revoked_at, expires_on, today):
    """An award's status on `today`, from its revocation time and expiry date. Award.status_on
    and pages that read awards as plain values (the organisation's dashboard) both use it."""
    if revoked_at is not None:
        return AwardStatus.REVOKED
    if today >= expires_on:
        return AwardStatus.EXPIRED
    return AwardStatus.CURRENT


def renewal_open_on(revoked_at, expires_on, today):
    """Whether an award invites renewal on `today`: unrevoked, from six months before expiry."""
    return revoked_at is None and today >= renewal_opens_on(expires_on)


def verification_url_for(code):
    """The public check page of the award with verification code `code`, as printed."""
    return f"{settings.SITE_URL}{reverse('certificates:verify', args=[code])}"


class CertificateCounter(models.Model):
    """One row per year; locked while the next certificate number is taken."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class AwardQuerySet(models.QuerySet):
    """Status is derived from today's date and any revocation; it is never stored."""

    def revoked(self):
        return self.filter(revoked_at__isnull=False)

    def not_revoked(self):
        return self.filter(revoked_at__isnull=True)

    def current(self, today=None):
        today = today or timezone.localdate()
        return self.not_revoked().filter(expires_on__gt=today)

    def expired(self, today=None):
        today = today or timezone.localdate()
        return self.not_revoked().filter(expires_on__lte=today)

    def with_status(self, status, today=None):
        if status == AwardStatus.CURRENT:
            return self.current(today)
        if status == AwardStatus.EXPIRED:
            return self.expired(today)
        if status == AwardStatus.REVOKED:
            return self.revoked()
        return self

    def annotate_status(self, today=None):
        today = today or timezone.localdate()
        return self.annotate(
            derived_status=Case(
                When(revoked_at__isnull=False, then=Value(AwardStatus.REVOKED.value)),
                When(expires_on__lte=today, then=Value(AwardStatus.EXPIRED.value)),
                default=Value(AwardStatus.CURRENT.value),
                output_field=models.CharField(),
            )
        )

    def latest_per_organisation(self, current_on=None):
        """Leave out awards that a newer, unrevoked award of the same organisation replaces.

        Pass `current_on` when the outer rows are all current on that day: a newer award
        expires later, so only awards current that day can replace them, and saying so
        keeps the anti-join to the few current awards instead of every historic one."""
        newer = Award.objects.filter(
            organisation=OuterRef("organisation"),
            revoked_at__isnull=True,
            awarded_on__gt=OuterRef("awarded_on"),
        )
        if current_on is not None:
            newer = newer.filter(expires_on__gt=current_on)
        return self.exclude(Exists(newer))

    def on_register(self, today=None):
        """Current awards that the public register lists: each organisation's newest award,
        if the organisation agreed to be listed. Reads only the copies kept on the award
        (see refresh_copies), so partial indexes serve the page and its count."""
        return self.current(today).filter(ON_REGISTER)

    def refresh_copies(self):
        """Recompute the copied columns of these awards in one UPDATE, from the rows they
        copy: the organisation's name and opt-out, the level's order, and whether a newer,
        unrevoked award of the same organisation replaces the award."""
        organisation = Organisation.objects.filter(pk=OuterRef("organisation_id"))
        newer = Award.objects.filter(
            organisation=OuterRef("organisation_id"),
            revoked_at__isnull=True,
            awarded_on__gt=OuterRef("awarded_on"),
        )
        return self.update(
            organisation_name=Subquery(organisation.values("name")[:1]),
            organisation_listed=Subquery(organisation.values("listed_in_register")[:1]),
            level_order=Subquery(Level.objects.filter(pk=OuterRef("level_id")).values("order")[:1]),
            replaced=Exists(newer),
        )


# The awards the public register may list, current or not (see AwardQuerySet.on_register).
ON_REGISTER = Q(revoked_at__isnull=True, replaced=False, organisation_listed=True)


class Award(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="awards"
    )
    application = models.OneToOneField(
        "assessments.Application", on_delete=models.PROTECT, related_name="award"
    )
    level = models.ForeignKey("assessments.Level", on_delete=models.PROTECT, related_name="+")
    awarded_on = models.DateField(help_text="The local date the outcome was confirmed.")
    expires_on = models.DateField(db_index=True, help_text="From this day the award is expired.")
    certificate_number = models.CharField(
        max_length=20, unique=True, validators=[validate_single_line]
    )
    verification_code = models.CharField(
        max_length=64, unique=True, default=new_verification_code, editable=False
    )
    # The newest plaque version requested; regenerating adds one.
    plaque_version = models.PositiveSmallIntegerField(default=1)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Copies for the public register and the celebration list, which order thousands of
    # awards by level and organisation name: with the sort key on the award, an index
    # returns one page in order. Award.save() and the receivers in receivers.py keep
    # them in step (AwardQuerySet.refresh_copies); bulk inserts must call that themselves.
    organisation_name = models.CharField(max_length=200, default="", editable=False)
    organisation_listed = models.BooleanField(default=False, editable=False)
    level_order = models.PositiveSmallIntegerField(default=0, editable=False)
    replaced = models.BooleanField(
        default=False,
        editable=False,
        help_text="A newer, unrevoked award of the same organisation exists.",
    )

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["-awarded_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("awarded_on")), name="award_expires_after_award"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""),
                name="award_revocation_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "awarded_on"]),
            # The celebration list reads one year of awards out of every award ever made.
            models.Index(fields=["awarded_on"], name="certificates_award_on_idx"),
            # The public register: its rows in page order (expires_on last, so the index
            # skips expired awards itself), and a narrow index for its count.
            models.Index(
                fields=["level_order", "organisation_name", "id", "expires_on"],
                condition=ON_REGISTER,
                name="certificates_award_register",
            ),
            models.Index(
                fields=["expires_on"], condition=ON_REGISTER, name="certificates_award_reg_count"
            ),
            # The celebration list: a year's unrevoked awards, with what its counts and
            # its page need, read from the index alone.
            models.Index(
                fields=[
                    "awarded_on",
                    "level_order",
                    "organisation_name",
                    "id",
                    "organisation",
                    "level",
                ],
                condition=Q(revoked_at__isnull=True),
                name="certificates_award_celebrate",
            ),
        ]

    def __str__(self):
        return f"{self.certificate_number} {self.organisation} ({self.level.name})"

    # Saving with only these fields cannot change a copied column (see refresh_copies).
    FIELDS_WITHOUT_COPIES = frozenset({"plaque_version", "revoked_reason", "revoked_by"})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or not set(update_fields) <= self.FIELDS_WITHOUT_COPIES:
            # A new or revoked award can replace, or stop replacing, the organisation's others.
            Award.objects.filter(organisation_id=self.organisation_id).refresh_copies()

    def status_on(self, today=None):
        return status_of(self.revoked_at, self.expires_on, today or timezone.localdate())

    @property
    def status(self):
        return self.status_on()

    @property
    def status_label(self):
        return AwardStatus(self.status).label

    @property
    def is_current(self):
        return self.status == AwardStatus.CURRENT

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def valid_until(self):
        """The last day the award is valid: the day before it expires."""
        return last_valid_day(self.expires_on)

    @property
    def revoked_on(self):
        return timezone.localdate(self.revoked_at) if self.revoked_at else None

    @property
    def verification_url(self):
        return verification_url_for(self.verification_code)

    @property
    def renewal_opens_on(self):
        return renewal_opens_on(self.expires_on)

    def renewal_open(self, today=None):
        return renewal_open_on(self.revoked_at, self.expires_on, today or timezone.localdate())

    def latest_plaque(self):
        # Uses prefetched plaques when present (ordered newest first).
        plaques = list(self.plaques.all())
        return plaques[0] if plaques else None


def plaque_upload_path(instance, filename):
    return f"plaques/{instance.award_id}/v{instance.version}-{uuid.uuid4().hex}.pdf"


class Plaque(models.Model):
    """A rendered PDF. Regenerating adds a version; old versions are kept."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="plaques")
    version = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to=plaque_upload_path, max_length=300)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["award", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["award", "version"], name="unique_plaque_version")
        ]

    def __str__(self):
        return f"Plaque v{self.version} for {self.award.certificate_number}"

    @property
    def download_name(self):
        return f"kitemark-{self.award.certificate_number}-v{self.version}.pdf"


class ReminderLedger(models.Model):
    """One row per award (or application) and reminder kind: the claim that it was handled.

    The unique constraints make "at most once" hold even when two sweeps run at
    once: the second insert fails and that sweep moves on.
    """

    class Outcome(models.TextChoices):
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped (a later reminder was already due)"

    award = models.ForeignKey(
        Award, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    application = models.ForeignKey(
        "assessments.Application",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(max_length=40, validators=[validate_single_line])
    due_on = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.SENT)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The token of the sweep that claimed this row: a sweep inserts a whole batch at
    # once (ignoring rows another sweep holds) and reads its token back to know which
    # reminders are its own to send.
    claim = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "kind"],
                condition=Q(award__isnull=False),
                name="unique_award_reminder",
            ),
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=Q(application__isnull=False),
                name="unique_application_reminder",
            ),
            models.CheckConstraint(
                condition=Q(award__isnull=False, application__isnull=True)
                | Q(award__isnull=True, application__isnull=False),
                name="reminder_for_award_or_application",
            ),
        ]

    def __str__(self):
        target = f"award {self.award_id}" if self.award_id else f"application {self.application_id}"
        return f"{self.kind} for {target} ({self.outcome})"
