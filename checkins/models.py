"""Yearly check-ins between awards, and their review by young people.

A check-in belongs to an award and its number (1: 12 months after the award date, 2: 24
months; the months are the setting CHECKIN_MONTHS). Its state is derived, never stored:
a draft until the organisation sends it; then waiting for review until every reviewer has
picked a verdict; open while a question waits for its answer or a worry is not closed by
staff; closed when none of these is left (checkins.selectors.state_of).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.models import Element


class Verdict(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    QUESTIONS = "questions", "We have questions"
    WORRIED = "worried", "We are worried"


class CheckIn(models.Model):
    award = models.ForeignKey(
        "certificates.Award", on_delete=models.PROTECT, related_name="checkins"
    )
    number = models.PositiveSmallIntegerField(
        help_text="1 for the first check-in, 2 for the second."
    )
    due_on = models.DateField()
    lead_contact_change = models.TextField(
        "change of lead contact",
        blank=True,
        max_length=1000,
        help_text="Leave empty if your lead contact has not changed.",
    )
    evidence = models.ManyToManyField("assessments.Evidence", blank=True, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="unique_checkin_per_award"),
        ]

    def __str__(self):
        return f"Check-in {self.number} for award {self.award_id}"

    @property
    def is_sent(self):
        return self.sent_at is not None


class ElementReport(models.Model):
    """What the organisation says for one Lundy element."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="elements")
    element = models.CharField(max_length=10, choices=Element.choices)
    done = models.TextField("what you have done with young people", blank=True, max_length=3000)
    actions_progress = models.TextField("progress on your actions", blank=True, max_length=3000)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["checkin", "element"], name="unique_checkin_element"),
        ]

    def __str__(self):
        return f"{self.element} of check-in {self.checkin_id}"


class YouSaidWeDid(models.Model):
    """One "you said, we did" item: what young people asked for, and what was done or why not."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="you_said")
    element = models.CharField(max_length=10, choices=Element.choices)
    you_said = models.TextField("young people said", max_length=1000)
    we_did = models.TextField("we did (or why not)", max_length=1000)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.you_said[:50]


class Review(models.Model):
    """A young person asked to review a check-in, and what they said."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="reviews")
    member = models.ForeignKey(
        "panels.PanelMember", on_delete=models.PROTECT, related_name="checkin_reviews"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verdict = models.CharField(max_length=10, choices=Verdict.choices, blank=True)
    comment = models.TextField(blank=True, max_length=2000)
    questions = models.TextField(blank=True, max_length=2000)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True, max_length=3000)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    worry_closed_at = models.DateTimeField(null=True, blank=True)
    worry_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    worry_note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["checkin", "member"], name="unique_checkin_reviewer"),
        ]

    def __str__(self):
        return f"Review of {self.checkin_id} by member {self.member_id}"

    @property
    def question_open(self):
        return self.verdict == Verdict.QUESTIONS and self.answered_at is None

    @property
    def worry_open(self):
        return self.verdict == Verdict.WORRIED and self.worry_closed_at is None
