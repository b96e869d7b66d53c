"""What the staff application record shows: the actions staff may take now, the panel
and award, the submission, the score rounds and the emails and plaques. Reads only;
the moves behind the actions are the domain apps' services."""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.urls import reverse

from assessments import selectors, workflow
from assessments.models import Application, ScoreDescriptor, Status
from jobs.models import Job
from panels.models import AgreedScore, Finalisation, Interview, PanelSeat, Score

# ---------------------------------------------------------------- actions


@dataclass
class Action:
    key: str
    label: str
    url: str
    style: str = "btn-primary"
    extra: dict = field(default_factory=dict)


def staff_actions(application, *, user=None, panel=None, award=None):
    """THE list of actions staff may take on `application` now, as links.

    Derived from workflow.allowed_targets(application, STAFF) and the panel
    state, so a button is shown only when the move behind it is legal.
    """
    targets = set(workflow.allowed_targets(application, workflow.STAFF))
    status = application.status
    actions = []

    def add(key, label, url_name, style="btn-primary", *, pk=application.pk):
        actions.append(Action(key, label, reverse(url_name, args=[pk]), style))

    if Status.RETURNED in targets:
        # The form (a message is required) is on the application's page.
        actions.append(
            Action(
                "return",
                "Return for more information",
                reverse("console:staff_detail", args=[application.pk]) + "#return-heading",
                "btn-warning",
            )
        )
    if Status.PANEL_ASSIGNED in targets and status == Status.SUBMITTED:
        add("assign", "Assign the panel", "console:staff_assign")
    elif panel is not None and status in (Status.PANEL_ASSIGNED, Status.INTERVIEW_SCHEDULED):
        add("assign", "Change the panel", "console:staff_assign", "btn-outline-primary")
    if Status.INTERVIEW_SCHEDULED in targets and panel is not None:
        add("schedule", "Schedule the interview", "console:staff_interview")
    elif status == Status.INTERVIEW_SCHEDULED and Status.PANEL_ASSIGNED in targets:
        add(
            "schedule",
            "Change or cancel the interview",
            "console:staff_interview",
            "btn-outline-primary",
        )
    if (
        Status.SCORED in targets
        and panel is not None
        and user is not None
        and panel.facilitator_id == user.pk
    ):
        add("finalise", "Agree and finalise the scores", "panels:consensus")
    if targets & {Status.AWARDED, Status.RESUBMISSION_INVITED, Status.NOT_AWARDED}:
        add("confirm", "Confirm the outcome", "console:staff_outcome")
    if status == Status.AWARDED and award is not None and award.revoked_at is None:
        add(
            "revoke",
            "Revoke the award",
            "console:staff_revoke",
            "btn-outline-danger",
            pk=award.pk,
        )
    return actions


# ---------------------------------------------------------------- the record's tabs


def staff_application_queryset():
    """Applications for the record's overview, with the panel (seats and members), the
    facilitator and the award loaded in two queries."""
    return Application.objects.select_related(
        "organisation", "level", "cycle", "panel__facilitator", "award"
    ).prefetch_related(
        Prefetch("panel__seats", queryset=PanelSeat.objects.select_related("member"))
    )


def staff_tab_application_queryset():
    """Applications for the record's tabs other than the overview: with the
    organisation, level and cycle only (the header needs nothing more)."""
    return Application.objects.select_related("organisation", "level", "cycle")


def _one_to_one(application, name):
    """The application's reverse one-to-one `name` (the panel, the award) or None."""
    try:
        return getattr(application, name)
    except ObjectDoesNotExist:
        return None


def panel_and_award(application):
    """(panel or None, award or None) of an application from staff_application_queryset
    (so no query)."""
    return _one_to_one(application, "panel"), _one_to_one(application, "award")


def submission_answers(application):
    """The application's answers in indicator order, with the indicator, evidence and
    links loaded and `self_rating_label` set from the framework's score descriptors.
    Four queries, however many answers, files and links."""
    answers = list(
        application.answers.select_related("indicator")
        .prefetch_related("evidence", "links")
        .order_by("indicator__order")
    )
    descriptors = descriptor_labels(application)
    for answer in answers:
        answer.self_rating_label = descriptors.get(answer.self_rating, "")
    return answers


def submissions_received(application):
    """The snapshots taken at each submission, oldest first, without their (large) copy
    of the answers."""
    return list(application.snapshots.select_related("submitted_by").defer("answers"))


def staff_timeline(application):
    """Every timeline event of the application (staff-only ones too), with the actor
    loaded (see assessments.selectors.timeline)."""
    return selectors.timeline(application, staff_only_too=True)


def descriptor_labels(application):
    """{score value: label} of the application's framework version."""
    return {
        descriptor.value: descriptor.label
        for descriptor in ScoreDescriptor.objects.for_level(application.level_id)
    }


def interviews_for(application):
    return list(Interview.objects.filter(application_id=application.pk).order_by("starts_at"))


@dataclass
class ScoreRow:
    indicator: object
    agreed: object = None
    member_values: list = field(default_factory=list)


@dataclass
class ScoreRound:
    number: int
    members: list
    rows: list
    total: int | None
    finalisation: object = None


def score_rounds(application, indicators=None):
    """Agreed and individual scores for each round, for staff. Constant queries.

    `indicators`: the level's indicators in order, if the caller has them already."""
    if indicators is None:
        indicators = list(application.level.indicators.order_by("order"))
    agreed = list(AgreedScore.objects.filter(application_id=application.pk))
    member_scores = list(
        Score.objects.filter(application_id=application.pk).select_related("member")
    )
    finalisations = {f.round: f for f in Finalisation.objects.filter(application_id=application.pk)}
    numbers = sorted(
        {a.round for a in agreed} | {s.round for s in member_scores} | set(finalisations)
    )
    rounds = []
    for number in numbers:
        members = sorted(
            {s.member for s in member_scores if s.round == number},
            key=lambda m: (m.display_name, m.pk),
        )
        agreed_by_indicator = {a.indicator_id: a for a in agreed if a.round == number}
        values = {
            (s.member_id, s.indicator_id): s.value for s in member_scores if s.round == number
        }
        rows = [
            ScoreRow(
                indicator=indicator,
                agreed=agreed_by_indicator.get(indicator.pk),
                member_values=[values.get((m.pk, indicator.pk)) for m in members],
            )
            for indicator in indicators
        ]
        agreed_values = [a.value for a in agreed_by_indicator.values()]
        rounds.append(
            ScoreRound(
                number=number,
                members=members,
                rows=rows,
                total=sum(agreed_values) if agreed_values else None,
                finalisation=finalisations.get(number),
            )
        )
    return rounds


def application_jobs(application):
    """The application's jobs (emails, plaques), oldest first."""
    return list(Job.objects.filter(application_id=application.pk).order_by("created_at", "pk"))


# ---------------------------------------------------------------- submissions received

# What a submission is compared with: the one before it, the one after it, or the
# answers as they are now.
AGAINST_PREVIOUS, AGAINST_NEXT, AGAINST_CURRENT = "previous", "next", "current"


@dataclass
class SubmissionView:
    """One submission received (a snapshot), read-only, and what changed between it and
    `against`: the previous submission, the next one, or the current answers."""

    snapshot: object
    number: int  # 1 for the first submission received
    snapshots: list  # every submission received, oldest first
    previous: object
    next: object
    against: str
    answers: list  # the snapshot's answers, each with its "rating_label"
    changes: list  # assessments.selectors.AnswerChange of the answers that changed
    compared: int  # how many answers were compared


def _rating_label(labels, value):
    if value is None:
        return "not rated"
    return f"{value} – {labels[value]}" if value in labels else str(value)


def submission_view(application, snapshot_pk, against=""):
    """The submission `snapshot_pk` of `application` compared with `against` (one of the
    AGAINST_ values; by default the previous submission, or the next if it is the first,
    or the current answers if it is the only one). None if the application has no such
    submission. Two queries (the submissions, the score descriptors), and three more to
    compare with the current answers."""
    snapshots = list(application.snapshots.select_related("submitted_by"))
    position = next((i for i, s in enumerate(snapshots) if s.pk == snapshot_pk), None)
    if position is None:
        return None
    snapshot = snapshots[position]
    previous = snapshots[position - 1] if position > 0 else None
    following = snapshots[position + 1] if position + 1 < len(snapshots) else None
    available = {AGAINST_PREVIOUS: previous, AGAINST_NEXT: following, AGAINST_CURRENT: True}
    if not available.get(against):
        against = next(key for key, value in available.items() if value)
    if against == AGAINST_PREVIOUS:
        before, after = previous.answers, snapshot.answers
    elif against == AGAINST_NEXT:
        before, after = snapshot.answers, following.answers
    else:
        before, after = snapshot.answers, selectors.answers_as_submitted(application)
    labels = descriptor_labels(application)
    changes = [change for change in selectors.answer_changes(before, after) if change.changed]
    for change in changes:
        change.rating_before = _rating_label(labels, (change.before or {}).get("self_rating"))
        change.rating_after = _rating_label(labels, change.after["self_rating"])
    answers = [
        {**answer, "rating_label": _rating_label(labels, answer["self_rating"])}
        for answer in snapshot.answers
    ]
    return SubmissionView(
        snapshot=snapshot,
        number=position + 1,
        snapshots=snapshots,
        previous=previous,
        next=following,
        against=against,
        answers=answers,
        changes=changes,
        compared=len(after),
    )
