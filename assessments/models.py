from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone

from kitemark.validators import validate_single_line

from . import outcomes


class Element(models.TextChoices):
    SPACE = "space", "Space"
    VOICE = "voice", "Voice"
    AUDIENCE = "audience", "Audience"
    INFLUENCE = "influence", "Influence"


class Promise(models.TextChoices):
    INVOLVED = "involved", "Involved at all stages as equal partners"
    INFORMED = "informed", "Informed about the service and how it helps them"
    RELATIONSHIPS = "relationships", "Strong, transparent, honest relationships"
    SKILLS = "skills", "Staff with the right engagement skills and training"


class FrameworkFrozen(ValidationError):
    pass


FROZEN_MESSAGE = (
    "This framework version is already used by an application, so it cannot be changed. "
    "Copy it as a new draft for next year's wording instead."
)


def _refuse_frozen():
    raise FrameworkFrozen(FROZEN_MESSAGE)


def _any_in_use(version_ids):
    """Whether any of the versions `version_ids` (ids, or a queryset of them) is in use."""
    return FrameworkVersion.objects.filter(pk__in=version_ids).in_use().exists()


class FrameworkVersionQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True).first()

    def in_use(self):
        """The versions an application uses, and so frozen: the one definition of "used".
        (The database's triggers say the same in SQL: assessments/framework_freeze_sql.py.)"""
        used = Application.objects.filter(level__version=OuterRef("pk"))
        return self.filter(Exists(used))

    def not_in_use(self):
        """The versions no application uses yet: their wording may still change."""
        return self.exclude(pk__in=self.in_use().values("pk"))

    # A version's name is its wording; marking one current is not an edit of it.
    def update(self, **kwargs):
        if "name" in kwargs and self.in_use().exists():
            _refuse_frozen()
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        objs = list(objs)
        if "name" in fields and _any_in_use([obj.pk for obj in objs]):
            _refuse_frozen()
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        if self.in_use().exists():
            _refuse_frozen()
        return super().delete()


class FrameworkVersion(models.Model):
    name = models.CharField(max_length=50, unique=True, validators=[validate_single_line])
    is_current = models.BooleanField(
        default=False, help_text="New applications use the current version."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-name"]
        # Related lookups and `_base_manager` go through the refusing QuerySet too.
        base_manager_name = "objects"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_in_use:
            _refuse_frozen()
        return super().delete(*args, **kwargs)

    @property
    def is_in_use(self):
        return self.pk is not None and _any_in_use([self.pk])

    def refuse_if_frozen(self):
        """Refuses renaming a version in use (marking it current is allowed)."""
        if self.pk is None:
            return
        stored = FrameworkVersion.objects.filter(pk=self.pk).values_list("name", flat=True)
        if stored and stored[0] != self.name and self.is_in_use:
            _refuse_frozen()

    def clean(self):
        self.refuse_if_frozen()


class FrameworkPartQuerySet(models.QuerySet):
    """Levels, indicators and descriptors of a version in use cannot be changed, moved out
    of it, moved into it, added to it or deleted, by any QuerySet route either."""

    def refuse_if_frozen(self, moving_to=()):
        """Refuses if any of these rows belongs to a version in use, or if `moving_to` (the
        ids of the versions the rows are moving to) holds one in use."""
        stored = self.order_by().values(self.model.version_path)
        if _any_in_use(stored) or _any_in_use(moving_to):
            _refuse_frozen()

    def update(self, **kwargs):
        parent = self.model.parent_field
        targets = [kwargs[key] for key in (parent, parent + "_id") if key in kwargs]
        self.refuse_if_frozen(self.model.versions_of_parents(targets))
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        objs = list(objs)
        self.model.objects.filter(pk__in=[obj.pk for obj in objs]).refuse_if_frozen(
            self.model.versions_of_parents(obj.parent_id for obj in objs)
        )
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if _any_in_use(self.model.versions_of_parents(obj.parent_id for obj in objs)):
            _refuse_frozen()
        return super().bulk_create(objs, *args, **kwargs)

    def delete(self):
        self.refuse_if_frozen()
        return super().delete()


class FrameworkPart(models.Model):
    """Levels, indicators and descriptors refuse edits once their version is in use: in
    both directions of a move (the version a part leaves and the one it enters)."""

    # The foreign key to the part's parent, and the lookup from the part to its version.
    parent_field = "version"
    version_path = "version"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def clean(self):
        self.refuse_if_frozen()

    @property
    def parent_id(self):
        return getattr(self, self.parent_field + "_id")

    @classmethod
    def versions_of_parents(cls, parents):
        """The ids of the versions of `parents` (parent objects or their ids). A parent
        given as an expression (`update(level=F(...))`) cannot be known before the query
        runs: the database's trigger checks it (assessments/framework_freeze_sql.py)."""
        return [
            getattr(parent, "pk", parent)
            for parent in parents
            if parent is not None and not hasattr(parent, "resolve_expression")
        ]

    def refuse_if_frozen(self):
        stored = type(self).objects.filter(pk=self.pk) if self.pk else type(self).objects.none()
        stored.refuse_if_frozen(self.versions_of_parents([self.parent_id]))


class Level(FrameworkPart):
    class Code(models.TextChoices):
        BRONZE = "bronze", "Bronze"
        SILVER = "silver", "Silver"
        GOLD = "gold", "Gold"

    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="levels")
    code = models.CharField(max_length=10, choices=Code.choices)
    name = models.CharField(max_length=50, validators=[validate_single_line])
    order = models.PositiveSmallIntegerField()
    colour = models.CharField(
        max_length=7,
        help_text="Hex colour used on plaques and badges.",
        validators=[validate_single_line],
    )
    summary = models.TextField(blank=True)

    objects = FrameworkPartQuerySet.as_manager()

    class Meta:
        ordering = ["version", "order"]
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_level_per_version")
        ]

    def __str__(self):
        return f"{self.name} ({self.version.name})"


class IndicatorQuerySet(FrameworkPartQuerySet):
    def flagged_for_resubmission(self, application):
        """The indicators the panel flagged in round 1 ("needs more evidence"): the ones the
        organisation may change in a resubmission and the panel re-scores in round 2.

        The flags are the panel's agreed scores (panels.AgreedScore), read through the
        application's reverse relation: assessments does not import panels, which
        depends on it."""
        flagged = application.agreed_scores.filter(round=1, needs_more_evidence=True)
        return self.filter(level_id=application.level_id, pk__in=flagged.values("indicator_id"))

    def to_score(self, application):
        """The indicators the panel scores in the application's current round, in order:
        all of its level's in round 1, only those flagged for resubmission in round 2."""
        if application.round == 2:
            indicators = self.flagged_for_resubmission(application)
        else:
            indicators = self.filter(level_id=application.level_id)
        return indicators.order_by("order")


class Indicator(FrameworkPart):
    parent_field = "level"
    version_path = "level__version"

    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(max_length=10, validators=[validate_single_line])
    title = models.CharField(max_length=200, validators=[validate_single_line])
    element = models.CharField(max_length=10, choices=Element.choices)
    promise = models.CharField(max_length=20, choices=Promise.choices)
    guidance = models.TextField()
    example_evidence = models.TextField()
    order = models.PositiveSmallIntegerField()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["level", "order"]
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="unique_indicator_code")
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def is_about_staff_skills(self):
        """An indicator of the promise "staff with the right engagement skills and
        training": its page points to the Working with Teenagers training."""
        return self.promise == Promise.SKILLS

    @classmethod
    def versions_of_parents(cls, parents):
        levels = super().versions_of_parents(parents)
        return Level.objects.filter(pk__in=levels).values("version") if levels else []

    @property
    def example_evidence_list(self):
        return [item.strip() for item in self.example_evidence.split(";") if item.strip()]


class ScoreDescriptorQuerySet(FrameworkPartQuerySet):
    def for_level(self, level_id):
        """What each score from 0 to 4 means in the framework version of the level
        `level_id`, lowest first."""
        return self.filter(version__levels=level_id).order_by("value")


class ScoreDescriptor(FrameworkPart):
    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, related_name="descriptors"
    )
    value = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=50, validators=[validate_single_line])
    description = models.CharField(max_length=300, validators=[validate_single_line])

    objects = ScoreDescriptorQuerySet.as_manager()

    class Meta:
        ordering = ["version", "value"]
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["version", "value"], name="unique_descriptor_value"),
            models.CheckConstraint(
                condition=models.Q(value__lte=outcomes.MAX_SCORE_PER_INDICATOR),
                name="descriptor_value_0_to_4",
            ),
        ]

    def __str__(self):
        return f"{self.value} – {self.label}"


class CycleQuerySet(models.QuerySet):
    def open_on(self, day=None):
        day = day or timezone.localdate()
        return self.filter(is_closed=False, opens_on__lte=day, submission_deadline__gte=day)


class Cycle(models.Model):
    name = models.CharField(max_length=100, validators=[validate_single_line])
    opens_on = models.DateField()
    submission_deadline = models.DateField()
    interview_window_start = models.DateField()
    interview_window_end = models.DateField()
    notes = models.TextField(blank=True)
    is_closed = models.BooleanField(
        default=False, help_text="Closed cycles accept no new applications."
    )
    # When staff last closed or reopened the cycle (None: never changed by hand).
    closed_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.opens_on and self.submission_deadline and self.submission_deadline < self.opens_on:
            errors["submission_deadline"] = "The deadline cannot be before the opening date."
        if (
            self.interview_window_start
            and self.interview_window_end
            and self.interview_window_end < self.interview_window_start
        ):
            errors["interview_window_end"] = "The window cannot end before it starts."
        if errors:
            raise ValidationError(errors)

    def is_open(self, day=None):
        day = day or timezone.localdate()
        return not self.is_closed and self.opens_on <= day <= self.submission_deadline

    def state_label(self, day=None):
        """The cycle's state on `day` (today) in plain English, for staff."""
        day = day or timezone.localdate()
        if self.is_closed:
            return "Closed"
        if day < self.opens_on:
            return f"Opens on {self.opens_on:%-d %B %Y}"
        if day > self.submission_deadline:
            return "Deadline passed"
        return "Open for applications"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for more information"
    PANEL_ASSIGNED = "panel_assigned", "Panel assigned"
    INTERVIEW_SCHEDULED = "interview_scheduled", "Interview scheduled"
    SCORED = "scored", "Scored, waiting for confirmation"
    RESUBMISSION_INVITED = "resubmission_invited", "Resubmission invited"
    RESUBMITTED = "resubmitted", "Resubmitted"
    AWARDED = "awarded", "Awarded"
    NOT_AWARDED = "not_awarded", "Not awarded"
    WITHDRAWN = "withdrawn", "Withdrawn"


FINISHED_STATUSES = (Status.AWARDED, Status.NOT_AWARDED, Status.WITHDRAWN)
LIVE_STATUSES = tuple(s for s in Status.values if s not in FINISHED_STATUSES)
# The organisation may change every answer (a resubmission opens only the flagged ones).
FULLY_EDITABLE = (Status.DRAFT, Status.RETURNED)
# Evidence used by an application in any other status is part of a submission.
EVIDENCE_DELETABLE_STATUSES = FULLY_EDITABLE


class ApplicationQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status__in=FINISHED_STATUSES)

    def for_user(self, user):
        """Applications of the organisations the user belongs to."""
        return self.filter(organisation__memberships__user=user)

    def status_counts(self):
        """{status: number of applications} for each status that has any: one GROUP BY,
        answered from the index on `status`."""
        rows = self.order_by().values("status").annotate(total=Count("pk"))
        return {row["status"]: row["total"] for row in rows}

    def overdue_resubmissions(self, today):
        """Applications invited to resubmit whose deadline passed before `today` (the
        deadline day itself is still open) with nothing sent."""
        return self.filter(status=Status.RESUBMISSION_INVITED, resubmission_deadline__lt=today)


class Application(models.Model):
    class Outcome(models.TextChoices):
        AWARDED = outcomes.AWARDED, "Awarded"
        RESUBMISSION = outcomes.RESUBMISSION, "Resubmission invited"
        NOT_AWARDED = outcomes.NOT_AWARDED, "Not awarded"

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="applications"
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="applications")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        max_length=30, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # 1 = first assessment; 2 = the one resubmission allowed after a 42-47 total.
    round = models.PositiveSmallIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The facilitator's finalised total for the latest round, and the outcome it implies.
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    proposed_outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_confirmed_at = models.DateTimeField(null=True, blank=True)
    resubmission_deadline = models.DateField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status__in=LIVE_STATUSES),
                name="one_live_application_per_organisation",
            )
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self):
        return f"{self.organisation} – {self.level.name} ({self.get_status_display()})"

    @property
    def is_live(self):
        return self.status in LIVE_STATUSES

    @property
    def awaiting_resubmission(self):
        """The panel invited a resubmission (a 42-47 total) and it has not been sent yet."""
        return self.status == Status.RESUBMISSION_INVITED

    @property
    def is_draft(self):
        return self.status == Status.DRAFT

    @property
    def is_editable_by_organisation(self):
        return self.status in (Status.DRAFT, Status.RETURNED, Status.RESUBMISSION_INVITED)

    @property
    def outcome_visible_to_organisation(self):
        return self.outcome_confirmed_at is not None


# The longest answer an organisation may write to one indicator.
MAX_ANSWER_CHARS = 4000


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True, max_length=MAX_ANSWER_CHARS)
    self_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    # Optimistic locking: a save based on an older revision is a conflict, never an overwrite.
    revision = models.PositiveIntegerField(default=0)
    evidence = models.ManyToManyField("Evidence", blank=True, related_name="answers")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator__order"]
        constraints = [
            models.UniqueConstraint(fields=["application", "indicator"], name="unique_answer"),
            models.CheckConstraint(
                condition=models.Q(self_rating__isnull=True)
                | models.Q(self_rating__lte=outcomes.MAX_SCORE_PER_INDICATOR),
                name="self_rating_0_to_4",
            ),
        ]

    def __str__(self):
        return f"Answer to {self.indicator.code}"

    @property
    def is_answered(self):
        return bool(self.text.strip()) and self.self_rating is not None


class AnswerLink(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(max_length=500, validators=[validate_single_line])
    title = models.CharField(max_length=200, blank=True, validators=[validate_single_line])

    def __str__(self):
        return self.title or self.url


def evidence_upload_path(instance, filename):
    # The stored name is generated; the user's file name is kept only as data.
    return f"evidence/{instance.organisation_id}/{instance.storage_name}"


class EvidenceQuerySet(models.QuerySet):
    def library(self, organisation):
        """The organisation's evidence library (`organisation`: the object or its id): its
        files that the retention sweep has not deleted."""
        return self.filter(organisation=organisation, file_deleted_at__isnull=True)

    def total_size(self):
        """The files' size in bytes, added up."""
        return self.aggregate(total=Sum("size"))["total"] or 0

    def with_attached(self, answer):
        """Each file with `attached`: whether `answer` uses it."""
        uses = Answer.evidence.through.objects.filter(
            answer_id=answer.pk, evidence_id=OuterRef("pk")
        )
        return self.annotate(attached=Exists(uses))


class Evidence(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(upload_to=evidence_upload_path, max_length=300)
    storage_name = models.CharField(max_length=80, editable=False)
    original_name = models.CharField(max_length=255, validators=[validate_single_line])
    content_type = models.CharField(max_length=100, validators=[validate_single_line])
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, validators=[validate_single_line])
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Set when the retention period deletes the file; the record stays as history.
    file_deleted_at = models.DateTimeField(null=True, blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.original_name


class TimelineEventQuerySet(models.QuerySet):
    def shown_to_organisation(self):
        """The events the organisation sees (not the staff-only ones)."""
        return self.filter(visible_to_organisation=True)

    def with_actor_label(self):
        """The events with each one's actor loaded: of the actor, only the name fields
        that `actor_label` shows."""
        own = [field.name for field in self.model._meta.concrete_fields]
        return self.select_related("actor").only(
            *own, "actor__full_name", "actor__email", "actor__username"
        )


class TimelineEvent(models.Model):
    """The application's audit trail: who did what, when. Rows are only ever added."""

    class Kind(models.TextChoices):
        TRANSITION = "transition", "Status change"
        EMAIL = "email", "Email sent"
        PANEL = "panel", "Panel"
        INTERVIEW = "interview", "Interview"
        SCORES = "scores", "Scores"
        NOTE = "note", "Note"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=30, blank=True, validators=[validate_single_line])
    to_status = models.CharField(max_length=30, blank=True, validators=[validate_single_line])
    message = models.TextField(blank=True)
    # Only staff see internal events (e.g. panel membership changes).
    visible_to_organisation = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = TimelineEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.message or self.to_status}"

    @property
    def actor_label(self):
        return self.actor.display_label if self.actor else "Kitemark system"


class AnswerConflict(models.Model):
    """A colleague's unsaved version of an answer that was based on an older revision.

    It is never applied on its own: the person who wrote it chooses "Keep mine" or
    "Keep theirs". One open conflict per person and answer; later autosaves update it.
    """

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    base_revision = models.PositiveIntegerField()
    text = models.TextField(blank=True, max_length=MAX_ANSWER_CHARS)
    self_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "user"], name="one_conflict_per_user_answer")
        ]

    def __str__(self):
        return f"Unsaved version of {self.answer} by {self.user}"


class SubmissionSnapshot(models.Model):
    """What the organisation sent, frozen at each submission, so every round stays readable."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="snapshots")
    round = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=30, validators=[validate_single_line])
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answers = models.JSONField(default=list)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Submission of {self.application_id} ({self.created_at:%d %b %Y})"


class RetentionLog(models.Model):
    """What the retention sweep removed: one row per evidence file deleted.

    The Evidence row stays (with file_deleted_at set) and so do the answers,
    scores and outcomes; this row keeps the file's name, size and checksum.
    """

    evidence = models.ForeignKey(
        Evidence, null=True, on_delete=models.SET_NULL, related_name="retention_logs"
    )
    evidence_pk = models.PositiveBigIntegerField()
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        on_delete=models.SET_NULL,
        related_name="retention_logs",
    )
    original_name = models.CharField(max_length=255, validators=[validate_single_line])
    stored_name = models.CharField(max_length=300, validators=[validate_single_line])
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, validators=[validate_single_line])
    application_ids = models.JSONField(default=list)
    reason = models.TextField()
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-deleted_at", "-pk"]

    def __str__(self):
        return f"Retention: {self.original_name} (evidence {self.evidence_pk})"
