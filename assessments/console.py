"""The staff console's business rules: cycles, the pipeline queue and the actions
open on an application. Views call these; nothing here renders HTML.

"Needs you next" sections (pipeline):
- to_check: SUBMITTED, waiting for staff to check it;
- no_panel: SUBMITTED with no panels.Panel yet;
- interviews: a scheduled (not cancelled) interview starting in the next 7 days;
- to_finalise: INTERVIEW_SCHEDULED whose interview has started or passed, and every
  RESUBMITTED application (its interview is always in the past: a resubmission
  is re-scored without a new interview);
- to_confirm: SCORED, the outcome waits for staff to confirm it;
- resubmissions: RESUBMISSION_INVITED with a deadline within 14 days (or already
  passed and not yet lapsed by the nightly task);
- failed_jobs: plaque and email jobs that failed, which staff can retry.

All application sections come from ONE query (annotated with the panel, the next
interview and whether an interview has started), so the page's query count does
not grow with the number of applications.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from . import workflow
from .models import LIVE_STATUSES, Application, Cycle, Status

logger = logging.getLogger("assessments.console")

INTERVIEW_SOON_DAYS = 7
RESUBMISSION_SOON_DAYS = 14
FAILED_JOB_KINDS = ("email", "plaque")
FAILED_JOBS_SHOWN = 50
# Each "needs you next" section shows its first rows; the rest are in the applications table.
SECTION_LIMIT = 20
QUEUE_STATUSES = (
    Status.SUBMITTED,
    Status.INTERVIEW_SCHEDULED,
    Status.RESUBMITTED,
    Status.SCORED,
    Status.RESUBMISSION_INVITED,
)

SECTIONS = [
    ("to_check", "Submissions waiting for a check", "No submissions are waiting to be checked."),
    ("no_panel", "Applications with no panel", "Every submitted application has a panel."),
    ("interviews", "Interviews in the next 7 days", "No interviews in the next 7 days."),
    ("to_finalise", "Scores waiting to be finalised", "No scores are waiting to be finalised."),
    ("to_confirm", "Outcomes waiting for confirmation", "No outcomes are waiting to be confirmed."),
    (
        "resubmissions",
        "Resubmission deadlines within 14 days",
        "No resubmission deadlines in the next 14 days.",
    ),
]


class ConsoleError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------- pipeline


def status_counts():
    counts = dict(
        Application.objects.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


# The status to filter the applications table by, for each section's "see all" link.
SECTION_STATUS = {
    "to_check": Status.SUBMITTED,
    "no_panel": Status.SUBMITTED,
    "interviews": Status.INTERVIEW_SCHEDULED,
    "to_finalise": Status.INTERVIEW_SCHEDULED,
    "to_confirm": Status.SCORED,
    "resubmissions": Status.RESUBMISSION_INVITED,
}


def _queue_queryset(now):
    from panels.models import Interview, Panel

    interviews = Interview.objects.filter(application=OuterRef("pk"), cancelled_at__isnull=True)
    return (
        Application.objects.filter(status__in=QUEUE_STATUSES)
        .select_related("organisation", "level", "cycle")
        .annotate(
            has_panel=Exists(Panel.objects.filter(application=OuterRef("pk"))),
            interview_started=Exists(interviews.filter(starts_at__lte=now)),
            next_interview_at=Subquery(
                interviews.filter(starts_at__gt=now).order_by("starts_at").values("starts_at")[:1]
            ),
        )
        .order_by("submitted_at", "pk")
    )


def _section_rules(now):
    """{section key: (condition, ordering)}: THE rule for each "needs you next" section,
    as SQL over the annotations of _queue_queryset."""
    today = timezone.localdate(now)
    interview_until = now + timedelta(days=INTERVIEW_SOON_DAYS)
    resubmission_until = today + timedelta(days=RESUBMISSION_SOON_DAYS)
    by_submission = [F("submitted_at").asc(nulls_last=True), F("pk").asc()]
    return {
        "to_check": (Q(status=Status.SUBMITTED), by_submission),
        "no_panel": (Q(status=Status.SUBMITTED, has_panel=False), by_submission),
        "interviews": (
            Q(status=Status.INTERVIEW_SCHEDULED, next_interview_at__lte=interview_until),
            [F("next_interview_at").asc(), *by_submission],
        ),
        "to_finalise": (
            Q(status=Status.RESUBMITTED)
            | Q(status=Status.INTERVIEW_SCHEDULED, interview_started=True),
            by_submission,
        ),
        "to_confirm": (Q(status=Status.SCORED), [F("updated_at").asc(), F("pk").asc()]),
        "resubmissions": (
            Q(
                status=Status.RESUBMISSION_INVITED,
                resubmission_deadline__lte=resubmission_until,
            ),
            [F("resubmission_deadline").asc(), F("pk").asc()],
        ),
    }


def pipeline(now=None, limit=SECTION_LIMIT):
    """The "needs you next" queue: {section key: [applications]} (the first `limit` of
    each section, in the section's order), "totals" ({section key: count}) and the
    failed jobs.

    The database does the bucketing: one query returns the applications that are among
    the first `limit` of some section (each section is a LIMITed subquery), one query
    counts every section. So the page's cost does not grow with the number of live
    applications."""
    from jobs.models import Job

    now = now or timezone.now()
    rules = _section_rules(now)
    base = _queue_queryset(now)
    flags = {}
    for key, (condition, ordering) in rules.items():
        first = base.filter(condition).order_by(*ordering).values("pk")[:limit]
        flags[f"first_{key}"] = ExpressionWrapper(Q(pk__in=first), output_field=BooleanField())
    keep = Q()
    for name in flags:
        keep |= Q(**{name: True})
    rows = list(base.annotate(**flags).filter(keep))
    totals = (
        base.select_related(None)
        .order_by()
        .aggregate(**{key: Count("pk", filter=condition) for key, (condition, _) in rules.items()})
    )

    queue = {key: [] for key, _, _ in SECTIONS}
    for key in rules:
        queue[key] = sorted(
            (app for app in rows if getattr(app, f"first_{key}")), key=_SORT_KEYS[key]
        )
    queue["totals"] = totals
    queue["failed_jobs"] = list(
        Job.objects.filter(status=Job.Status.FAILED, kind__in=FAILED_JOB_KINDS)
        .select_related("application__organisation")
        .order_by("-updated_at", "-pk")[:FAILED_JOBS_SHOWN]
    )
    return queue


def _by_submission(app):
    # As the SQL ordering: submitted_at ascending with empty dates last, then pk.
    return (0, app.submitted_at, app.pk) if app.submitted_at else (1, app.pk)


# Each section's order in Python, the same as its SQL ordering in _section_rules.
_SORT_KEYS = {
    "to_check": _by_submission,
    "no_panel": _by_submission,
    "interviews": lambda app: (app.next_interview_at, _by_submission(app)),
    "to_finalise": _by_submission,
    "to_confirm": lambda app: (app.updated_at, app.pk),
    "resubmissions": lambda app: (app.resubmission_deadline, app.pk),
}


def retry_job(job_id, *, actor):
    """Give a failed plaque or email job a fresh set of attempts."""
    from jobs.models import Job
    from jobs.services import retry_failed

    job = Job.objects.filter(pk=job_id, status=Job.Status.FAILED, kind__in=FAILED_JOB_KINDS).first()
    if job is None:
        raise ConsoleError("That job is not waiting for a retry. It may have been retried already.")
    retry_failed(job)
    logger.info("job retried: job=%s kind=%s by user=%s", job.pk, job.kind, actor.pk)
    return job


def job_summary(job):
    if job.kind == "email":
        return f"Email: {job.payload.get('subject', '')}"
    if job.kind == "plaque":
        return f"Plaque version {job.payload.get('version', '')}"
    return job.kind


# ---------------------------------------------------------------- actions


@dataclass
class Action:
    key: str
    label: str
    url: str
    style: str = "btn-primary"
    extra: dict = field(default_factory=dict)


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # that app's page does not exist (yet)
        return None


def staff_actions(application, *, user=None, panel=None, award=None):
    """THE list of actions staff may take on `application` now, as links.

    Derived from workflow.allowed_targets(application, STAFF) and the panel
    state, so a button is shown only when the move behind it is legal.
    """
    targets = set(workflow.allowed_targets(application, workflow.STAFF))
    status = application.status
    actions = []

    def add(key, label, url, style="btn-primary"):
        if url:
            actions.append(Action(key, label, url, style))

    if Status.RETURNED in targets:
        add(
            "return",
            "Return for more information",
            # The form (a message is required) is on the application's page.
            reverse("assessments:staff_detail", args=[application.pk]) + "#return-heading",
            "btn-warning",
        )
    if Status.PANEL_ASSIGNED in targets and status == Status.SUBMITTED:
        add("assign", "Assign the panel", _url("panels:staff_assign", application.pk))
    elif panel is not None and status in (Status.PANEL_ASSIGNED, Status.INTERVIEW_SCHEDULED):
        add(
            "assign",
            "Change the panel",
            _url("panels:staff_assign", application.pk),
            "btn-outline-primary",
        )
    if Status.INTERVIEW_SCHEDULED in targets and panel is not None:
        add("schedule", "Schedule the interview", _url("panels:staff_interview", application.pk))
    elif status == Status.INTERVIEW_SCHEDULED and Status.PANEL_ASSIGNED in targets:
        add(
            "schedule",
            "Change or cancel the interview",
            _url("panels:staff_interview", application.pk),
            "btn-outline-primary",
        )
    if (
        Status.SCORED in targets
        and panel is not None
        and user is not None
        and panel.facilitator_id == user.pk
    ):
        add("finalise", "Agree and finalise the scores", _url("panels:consensus", application.pk))
    if targets & {Status.AWARDED, Status.RESUBMISSION_INVITED, Status.NOT_AWARDED}:
        add("confirm", "Confirm the outcome", _url("panels:staff_outcome", application.pk))
    if status == Status.AWARDED and award is not None and award.revoked_at is None:
        add(
            "revoke",
            "Revoke the award",
            _url("certificates:staff_revoke", award.pk),
            "btn-outline-danger",
        )
    return actions


# ---------------------------------------------------------------- detail data


_NOT_LOADED = object()


def _reverse_one(application, name):
    """The application's reverse one-to-one `name` (or None) if select_related loaded it."""
    if getattr(type(application), name).is_cached(application):
        return getattr(application, name, None)  # RelatedObjectDoesNotExist is an AttributeError
    return _NOT_LOADED


def panel_and_award(application):
    """(panel or None, award or None): free when the application was loaded with
    select_related("panel__facilitator", "award") (see staff_application_queryset),
    otherwise two queries."""
    from certificates.models import Award
    from panels.models import Panel, PanelSeat

    panel = _reverse_one(application, "panel")
    if panel is _NOT_LOADED:
        panel = (
            Panel.objects.filter(application_id=application.pk)
            .select_related("facilitator")
            .prefetch_related(
                Prefetch("seats", queryset=PanelSeat.objects.select_related("member"))
            )
            .first()
        )
    award = _reverse_one(application, "award")
    if award is _NOT_LOADED:
        award = Award.objects.filter(application_id=application.pk).first()
    return panel, award


def staff_application_queryset():
    """Applications for staff pages, with the panel (seats and members), the facilitator
    and the award loaded in two queries."""
    from panels.models import PanelSeat

    return Application.objects.select_related(
        "organisation", "level__version", "cycle", "panel__facilitator", "award"
    ).prefetch_related(
        Prefetch("panel__seats", queryset=PanelSeat.objects.select_related("member"))
    )


def interviews_for(application):
    from panels.models import Interview

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
    from panels.models import AgreedScore, Finalisation, Score

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
    from jobs.models import Job

    return list(Job.objects.filter(application_id=application.pk).order_by("created_at", "pk"))


# ---------------------------------------------------------------- cycles


def cycles_with_counts():
    return Cycle.objects.annotate(
        application_count=Count("applications", distinct=True),
        live_count=Count(
            "applications", filter=Q(applications__status__in=LIVE_STATUSES), distinct=True
        ),
    ).order_by("-opens_on", "-pk")


def cycle_applications(cycle):
    return (
        cycle.applications.select_related("organisation", "level")
        .order_by("organisation__name", "pk")
        .all()
    )


def save_cycle(form, *, actor):
    """Create or edit a cycle from a valid CycleForm."""
    created = form.instance.pk is None
    cycle = form.save()
    logger.info(
        "cycle %s: cycle=%s by user=%s", "created" if created else "edited", cycle.pk, actor.pk
    )
    return cycle


@transaction.atomic
def close_cycle(cycle, *, actor):
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.is_closed:
        raise ConsoleError("This cycle is already closed.")
    locked.is_closed = True
    locked.closed_at = timezone.now()
    locked.save(update_fields=["is_closed", "closed_at"])
    logger.info("cycle closed: cycle=%s by user=%s", cycle.pk, actor.pk)
    return locked


@transaction.atomic
def reopen_cycle(cycle, *, actor):
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if not locked.is_closed:
        raise ConsoleError("This cycle is already open.")
    locked.is_closed = False
    locked.reopened_at = timezone.now()
    locked.save(update_fields=["is_closed", "reopened_at"])
    logger.info("cycle reopened: cycle=%s by user=%s", cycle.pk, actor.pk)
    return locked


def cycle_state(cycle, day=None):
    """A plain-English state for a cycle page."""
    day = day or timezone.localdate()
    if cycle.is_closed:
        return "Closed"
    if day < cycle.opens_on:
        return f"Opens on {cycle.opens_on:%-d %B %Y}"
    if day > cycle.submission_deadline:
        return "Deadline passed"
    return "Open for applications"
