"""Working with Teenagers: sessions, bookings (places and the waiting list), trainers and
their hours, the follow-up ledger, and the evidence a session gives an organisation."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from kitemark.validators import validate_single_line

# The length the council describes; staff may set another per session.
DEFAULT_LENGTH_MINUTES = 120


class Sector(models.TextChoices):
    SCHOOL = "school", "School"
    POLICE = "police", "Police"
    TRANSPORT = "transport", "Transport"
    HEALTH = "health", "Health"
    YOUTH_WORK = "youth_work", "Youth work"
    SOCIAL_CARE = "social_care", "Social care"
    COUNCIL = "council", "Council"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER = "other", "Other"


class TrainingSessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Scheduled sessions that have not started yet, soonest first."""
        now = now or timezone.now()
        return self.filter(status=TrainingSession.Status.SCHEDULED, starts_at__gt=now).order_by(
            "starts_at"
        )

    def with_booked(self):
        """Each session with `booked`: the places taken (confirmed bookings)."""
        return self.annotate(
            booked=Count("bookings", filter=Q(bookings__status=Booking.Status.CONFIRMED))
        )


class TrainingSession(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    starts_at = models.DateTimeField("date and start time")
    length_minutes = models.PositiveSmallIntegerField(
        "length (minutes)", default=DEFAULT_LENGTH_MINUTES
    )
    venue = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    online_link = models.URLField("online link", blank=True, validators=[validate_single_line])
    capacity = models.PositiveSmallIntegerField("places")
    accessibility = models.TextField("accessibility information", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    # Staff choose whether the trainers see the bookers' names (never their contact details).
    show_names_to_trainers = models.BooleanField(default=False)
    supporting_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supported_training_sessions",
    )
    # The calendar identity: the same UID for every version of the event, SEQUENCE up by
    # one whenever it changes (reschedule, cancel).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_capacity_positive"),
            models.CheckConstraint(
                condition=Q(length_minutes__gte=15), name="training_length_at_least_15"
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"Working with Teenagers, {local:%-d %B %Y %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.length_minutes)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())


class Booking(models.Model):
    """One person's place, or their place in the waiting list (in order of `requested_at`).

    Confirmed: holds a place. Waiting: in the queue. Offered: a freed place is held for
    them until `offer_expires_at`. Cancelled / offer lapsed: no longer in the session.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Place confirmed"
        WAITING = "waiting", "On the waiting list"
        OFFERED = "offered", "Offered a place"
        CANCELLED = "cancelled", "Cancelled"
        LAPSED = "lapsed", "Offer not taken up"

    class Attendance(models.TextChoices):
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "Did not come"

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="bookings")
    name = models.CharField(max_length=150, validators=[validate_single_line])
    email = models.EmailField("work email", validators=[validate_single_line])
    role = models.CharField("job role", max_length=150, validators=[validate_single_line])
    sector = models.CharField(max_length=20, choices=Sector.choices)
    organisation_name = models.CharField(
        "organisation", max_length=200, validators=[validate_single_line]
    )
    # Set when the booker is a member of a Kitemark organisation (see services/bookings.py).
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_bookings",
    )
    access_needs = models.TextField(blank=True)
    commitment_agreed = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices)
    attendance = models.CharField(max_length=10, choices=Attendance.choices, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Each emailed link (cancel, accept, pledge, follow-up) carries this nonce; using a link
    # that changes the booking replaces it, so every link works once.
    nonce = models.UUIDField(default=uuid.uuid4, editable=False)
    pledge = models.TextField(blank=True)
    pledged_at = models.DateTimeField(null=True, blank=True)
    changed = models.TextField("what changed", blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    @property
    def holds_place(self):
        return self.status == self.Status.CONFIRMED


class FollowUpLedger(models.Model):
    """One row per booking and kind: the claim that its email was sent. The unique
    constraint makes "once" hold even when two sweeps run at once (the pattern of
    certificates.ReminderLedger)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(max_length=20, validators=[validate_single_line])
    claim = models.UUIDField(editable=False)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booking", "kind"], name="training_follow_up_once")
        ]

    def __str__(self):
        return f"{self.kind} for booking {self.booking_id}"


class Trainer(models.Model):
    """A young person who trains: a panel member, or another young person staff gave the
    trainer role (an account with a username and only a first or chosen name, as for
    panel members). The name is the account's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="young_trainer"
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A young trainer who is not on the panel and left: their account has no name, the
    # sessions they trained and their hours stay.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """Read from the account, never copied: anonymising the young person's account
        (panels/data_protection.py) leaves no name here."""
        try:
            name = self.user.panel_member.display_name
        except ObjectDoesNotExist:
            name = ""
        return name or self.user.display_label


class TrainerAssignment(models.Model):
    """A trainer on a session, with the hours they gave to it (preparing and delivering),
    recorded by staff. Other code sums `hours` for recognition."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="assignments"
    )
    trainer = models.ForeignKey(Trainer, on_delete=models.PROTECT, related_name="assignments")
    hours = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "trainer"], name="training_trainer_once"),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0), name="training_hours_positive"
            ),
        ]

    def __str__(self):
        return f"{self.trainer} on {self.session}"


class SessionEvidence(models.Model):
    """The evidence item a session gave one organisation whose staff attended."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="evidence_items"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    evidence = models.OneToOneField(
        "assessments.Evidence", on_delete=models.CASCADE, related_name="training_session"
    )
    attended = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organisation"], name="training_evidence_once"
            )
        ]

    def __str__(self):
        return f"{self.attended} attended {self.session}"
