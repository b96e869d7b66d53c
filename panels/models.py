"""Panel members, conflicts, panels, interviews, scores and the panel's feedback.

Panel members are children: we keep a display name, a group and an optional
email, nothing more. Their surnames, emails and accounts are never shown to
organisations.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments import outcomes
from kitemark.validators import validate_single_line


class PanelMemberQuerySet(models.QuerySet):
    def active(self):
        """Members who can sign in and be assigned."""
        return self.filter(is_active=True, user__is_active=True)

    def of_user(self, user):
        """The user's own member record, while it is active (one at most)."""
        return self.filter(user=user, is_active=True)

    def seated_on(self, application):
        """Members with a seat on the application's panel."""
        return self.filter(seats__panel__application_id=application.pk)


class PanelMember(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_member"
    )
    display_name = models.CharField(
        "first name or nickname",
        max_length=40,
        help_text="Only a first name or a nickname. Never a surname.",
        validators=[validate_single_line],
    )
    group = models.CharField(
        max_length=100, help_text="For example, Youth Cabinet.", validators=[validate_single_line]
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervised_panel_members",
        limit_choices_to={"role": "staff"},
    )
    is_active = models.BooleanField(default=True)
    # "What happened next" notices are always shown in the app; they are also emailed only
    # if the account has an email address and the young person said yes to this.
    notice_emails = models.BooleanField(
        "email me when something happens",
        default=False,
        help_text="We will email you when an organisation you scored does something new.",
    )
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # Set when someone leaves and asks to be forgotten: the row stays only so that
    # their past scores still add up, with nothing left that identifies them.
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PanelMemberQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "pk"]

    def __str__(self):
        return f"{self.display_name} ({self.group})" if self.group else self.display_name


class Conflict(models.Model):
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="conflicts")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="panel_conflicts"
    )
    reason = models.CharField(max_length=300, validators=[validate_single_line])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "organisation"], name="unique_conflict_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member} – {self.organisation}: {self.reason}"

    @property
    def declared_by_member(self):
        return self.recorded_by_id == self.member.user_id


class PanelQuerySet(models.QuerySet):
    def of_application(self, application):
        return self.filter(application_id=application.pk)

    def facilitated_by(self, user):
        return self.filter(facilitator=user)


class Panel(models.Model):
    application = models.OneToOneField(
        "assessments.Application", on_delete=models.CASCADE, related_name="panel"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_panels"
    )
    members = models.ManyToManyField(PanelMember, through="PanelSeat", related_name="panels")
    scores_revealed = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PanelQuerySet.as_manager()

    def __str__(self):
        return f"Panel for {self.application_id}"


class PanelSeat(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="seats")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["member__display_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "member"], name="unique_panel_seat")
        ]

    def __str__(self):
        return f"{self.member} on {self.panel}"


class InterviewQuerySet(models.QuerySet):
    def scheduled(self):
        return self.filter(cancelled_at__isnull=True)

    def of_application(self, application):
        return self.filter(application_id=application.pk)


class Interview(models.Model):
    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="interviews"
    )
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    venue = models.CharField(max_length=300, blank=True, validators=[validate_single_line])
    video_link = models.URLField(max_length=500, blank=True, validators=[validate_single_line])
    # The calendar UID stays the same across reschedules; SEQUENCE goes up each time.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            # The staff pipeline's "interviews in the next 7 days" reads the few planned
            # interviews in a date window out of every interview ever held.
            models.Index(
                fields=["starts_at"],
                condition=models.Q(cancelled_at__isnull=True),
                name="panels_interview_planned",
            ),
        ]

    def __str__(self):
        return f"Interview for {self.application_id} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    @property
    def local_date(self):
        return timezone.localtime(self.starts_at).date()


class RoundQuerySet(models.QuerySet):
    """Rows kept per application and round (sittings, attendance, scores, agreed scores...)."""

    def of_round(self, application, round_number=None):
        """The application's rows in `round_number`, by default its current round."""
        return self.filter(application_id=application.pk, round=round_number or application.round)


class Sitting(models.Model):
    """The facilitator opened a round's scoring by hand: a round-1 interview started before
    its scheduled time (`early`), or a round-2 session. A round-1 interview also opens at its
    scheduled time without one (panels.selectors.round_states)."""

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="sittings"
    )
    round = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    early = models.BooleanField(default=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "round"], name="unique_sitting")
        ]

    def __str__(self):
        return f"Round {self.round} of {self.application_id} started {self.started_at}"


class Attendance(models.Model):
    """Whether a seated young person was present for a round's scoring, as the facilitator
    recorded it. An absence always has a reason."""

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="+"
    )
    round = models.PositiveSmallIntegerField()
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="attendance")
    present = models.BooleanField()
    absence_reason = models.CharField(max_length=300, blank=True, validators=[validate_single_line])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["member__display_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "round", "member"], name="unique_attendance"
            ),
            models.CheckConstraint(
                condition=models.Q(present=True) | ~models.Q(absence_reason=""),
                name="absence_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.member_id} {'present' if self.present else 'absent'} (round {self.round})"


class PrivateNote(models.Model):
    """A member's own notes and questions on one indicator. Only the author sees them."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="notes")
    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(
        "assessments.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True, max_length=4000)
    questions = models.TextField("questions to ask", blank=True, max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application", "indicator"], name="unique_private_note"
            )
        ]

    def __str__(self):
        return f"Notes by {self.member_id} on {self.indicator_id}"


SCORE_RANGE = models.Q(value__gte=0) & models.Q(value__lte=outcomes.MAX_SCORE_PER_INDICATOR)


class Score(models.Model):
    """One member's own score for one indicator in one round."""

    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="scores")
    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="member_scores"
    )
    indicator = models.ForeignKey(
        "assessments.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField(default=1)
    value = models.PositiveSmallIntegerField()
    # The member's own words on the indicator (optional). The panel's feedback is written
    # from these; they stay on record, and the organisation sees them without names.
    comment = models.TextField(blank=True, max_length=1000)
    # When the member pressed the button on their device. A late offline replay
    # with an older time never overwrites a newer score.
    client_updated_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application", "indicator", "round"], name="unique_member_score"
            ),
            models.CheckConstraint(condition=SCORE_RANGE, name="member_score_0_to_4"),
        ]

    def __str__(self):
        return f"{self.member_id}: {self.indicator_id} = {self.value} (round {self.round})"


class ScoringSubmission(models.Model):
    """A member pressed "I have finished scoring" for a round."""

    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="submissions")
    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="+"
    )
    round = models.PositiveSmallIntegerField(default=1)
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = RoundQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "application", "round"], name="unique_scoring_submission"
            )
        ]

    def __str__(self):
        return f"{self.member_id} sent round {self.round} of {self.application_id}"


class AgreedScore(models.Model):
    """The panel's one agreed score and feedback for an indicator in a round."""

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="agreed_scores"
    )
    indicator = models.ForeignKey(
        "assessments.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField(default=1)
    value = models.PositiveSmallIntegerField()
    feedback = models.TextField(blank=True, max_length=4000)
    needs_more_evidence = models.BooleanField(default=False)
    # Why the panel agreed a value outside the range of its members' own scores (written by
    # the facilitator; empty when the value is within the range). Staff see it.
    outside_range_reason = models.TextField(blank=True, max_length=1000)
    # True when a round 2 score was copied from round 1 because the indicator was not flagged.
    carried_over = models.BooleanField(default=False)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(default=timezone.now)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["round", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "indicator", "round"], name="unique_agreed_score"
            ),
            models.CheckConstraint(condition=SCORE_RANGE, name="agreed_score_0_to_4"),
        ]

    def __str__(self):
        return f"{self.indicator_id} = {self.value} (round {self.round})"


class Confirmation(models.Model):
    """A present young person confirmed the agreed sheet of a round ("These are our
    scores"), on their own device or, without one, spoken and recorded by the facilitator.
    Any change to the sheet deletes the round's confirmations."""

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="+"
    )
    round = models.PositiveSmallIntegerField()
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="+")
    spoken = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    objects = RoundQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "round", "member"], name="unique_confirmation"
            )
        ]

    def __str__(self):
        return f"{self.member_id} confirmed round {self.round} of {self.application_id}"


class FinalisationQuerySet(RoundQuerySet):
    def confirmed(self):
        """Rounds whose outcome staff have confirmed: what the organisation may see."""
        return self.filter(confirmed_at__isnull=False)


class Finalisation(models.Model):
    """The facilitator finalised a round; staff later confirm the outcome it implies."""

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="finalisations"
    )
    round = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=20, validators=[validate_single_line])
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    finalised_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = FinalisationQuerySet.as_manager()

    class Meta:
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["application", "round"], name="unique_finalisation")
        ]

    def __str__(self):
        return f"Round {self.round}: {self.total}/{outcomes.MAX_TOTAL}"

    @property
    def outcome_label(self):
        return outcomes.OUTCOME_LABELS.get(self.outcome, self.outcome)


class SeatLoss(models.Model):
    """A member lost their seat on a panel because they declared a conflict with the
    organisation after being seated. Staff see it in the pipeline until the panel is back
    to the minimum (panels.selectors.seat_losses_to_handle)."""

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, validators=[validate_single_line])
    discarded_scores = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.member_id} lost their seat on {self.application_id}"


class SendBack(models.Model):
    """Staff sent a finalised round back to the panel, with a reason, instead of confirming
    its outcome. The panel re-agrees and the young people confirm again."""

    application = models.ForeignKey(
        "assessments.Application", on_delete=models.CASCADE, related_name="+"
    )
    round = models.PositiveSmallIntegerField()
    reason = models.TextField(max_length=2000)
    total = models.PositiveSmallIntegerField()  # the total that was sent back
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"Round {self.round} of {self.application_id} sent back"


class OrganisationAction(models.Model):
    """ "You said, we did": what the organisation did about one piece of feedback."""

    agreed_score = models.ForeignKey(AgreedScore, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField("what you did or are doing", max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:50]


class Notice(models.Model):
    """ "What happened next": something an organisation the member scored did (recorded
    actions, sent a check-in, answered their questions). Shown on the panel dashboard,
    newest first (panels.services.notices)."""

    class Kind(models.TextChoices):
        ACTIONS = "actions", "Recorded actions"
        CHECKIN = "checkin", "Sent a check-in"
        ANSWER = "answer", "Answered your questions"

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(max_length=3000)
    link = models.CharField(max_length=300, blank=True, validators=[validate_single_line])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "-created_at"])]

    def __str__(self):
        return f"{self.kind} for member {self.member_id}"
