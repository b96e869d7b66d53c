"""The application state machine: the one place that changes an application's status.

Every change goes through `transition()`, which checks the move is allowed for
this kind of actor, records it on the timeline and in the audit log, queues the status
email and announces it (signal `application_transitioned`) so other apps can react in the
same transaction. Object permissions (is this user a member? the facilitator?)
are checked by the calling service before it calls here.
"""

from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from audit.services import record_state_change
from jobs.services import send_email
from kitemark.refusals import Refused

from .context_processors import SCORING_NUMBERS
from .models import Application, Status, TimelineEvent
from .selectors import forget_status_counts

ORGANISATION = "organisation"
STAFF = "staff"
PANEL = "panel"  # the facilitator of the application's panel
SYSTEM = "system"  # scheduled tasks, e.g. a resubmission deadline lapsing


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    actors: frozenset
    label: str


def _move(source, target, actors, label):
    return Move(source, target, frozenset(actors), label)


_NOT_FINISHED = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.PANEL_ASSIGNED,
    Status.INTERVIEW_SCHEDULED,
    Status.SCORED,
    Status.RESUBMISSION_INVITED,
    Status.RESUBMITTED,
]

MOVES = [
    _move(Status.DRAFT, Status.SUBMITTED, {ORGANISATION}, "Submitted"),
    _move(Status.RETURNED, Status.SUBMITTED, {ORGANISATION}, "Submitted again"),
    _move(Status.SUBMITTED, Status.RETURNED, {STAFF}, "Returned for more information"),
    _move(Status.SUBMITTED, Status.PANEL_ASSIGNED, {STAFF}, "Panel assigned"),
    _move(Status.PANEL_ASSIGNED, Status.INTERVIEW_SCHEDULED, {STAFF}, "Interview scheduled"),
    _move(Status.INTERVIEW_SCHEDULED, Status.PANEL_ASSIGNED, {STAFF}, "Interview cancelled"),
    _move(Status.INTERVIEW_SCHEDULED, Status.SCORED, {PANEL, STAFF}, "Scores finalised"),
    _move(Status.RESUBMITTED, Status.SCORED, {PANEL, STAFF}, "Revised scores finalised"),
    # Staff cannot change scores: they send the result back to the panel with a reason.
    _move(Status.SCORED, Status.INTERVIEW_SCHEDULED, {STAFF}, "Sent back to the panel"),
    _move(Status.SCORED, Status.RESUBMITTED, {STAFF}, "Sent back to the panel"),
    _move(Status.SCORED, Status.AWARDED, {STAFF}, "Outcome confirmed: awarded"),
    _move(Status.SCORED, Status.RESUBMISSION_INVITED, {STAFF}, "Outcome confirmed: resubmit"),
    _move(Status.SCORED, Status.NOT_AWARDED, {STAFF}, "Outcome confirmed: not awarded"),
    _move(Status.RESUBMISSION_INVITED, Status.RESUBMITTED, {ORGANISATION}, "Resubmitted"),
    _move(
        Status.RESUBMISSION_INVITED,
        Status.NOT_AWARDED,
        {SYSTEM},
        "Resubmission deadline passed: not awarded",
    ),
] + [_move(source, Status.WITHDRAWN, {ORGANISATION}, "Withdrawn") for source in _NOT_FINISHED]

_BY_PAIR = {(m.source, m.target): m for m in MOVES}

# The email each organisation member gets when their application reaches a status.
STATUS_EMAILS = {
    Status.SUBMITTED: "We have received your Kitemark application",
    Status.RETURNED: "Your Kitemark application needs more information",
    Status.AWARDED: "Congratulations: you have been awarded the Kitemark",
    Status.RESUBMISSION_INVITED: "Your Kitemark result: you are invited to resubmit",
    Status.NOT_AWARDED: "Your Kitemark result",
    Status.WITHDRAWN: "Your Kitemark application has been withdrawn",
}

application_transitioned = Signal()  # sender=Application, application, move, actor, event


class TransitionNotAllowed(Refused):
    """An illegal move. Nothing is recorded; `message` names the two statuses."""


def allowed_targets(application, actor_kind):
    return [m.target for m in MOVES if m.source == application.status and actor_kind in m.actors]


def can_transition(application, target, actor_kind):
    move = _BY_PAIR.get((application.status, target))
    return move is not None and actor_kind in move.actors


@transaction.atomic
def transition(application, target, *, actor, actor_kind, message="", email_context=None):
    """Move `application` to `target`, or raise TransitionNotAllowed and change nothing."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    move = _BY_PAIR.get((locked.status, target))
    if move is None or actor_kind not in move.actors:
        raise TransitionNotAllowed(
            f"An application that is “{locked.get_status_display()}” cannot be moved to "
            f"“{Status(target).label}”."
        )
    source = locked.status
    now = timezone.now()
    application.status = target
    update = {"status": target, "updated_at": now}
    if target == Status.SUBMITTED:
        application.submitted_at = update["submitted_at"] = now
    if target in (Status.AWARDED, Status.NOT_AWARDED, Status.RESUBMISSION_INVITED) and source == (
        Status.SCORED
    ):
        application.outcome_confirmed_at = update["outcome_confirmed_at"] = now
    Application.objects.filter(pk=application.pk).update(**update)
    forget_status_counts()

    event = TimelineEvent.objects.create(
        application=application,
        kind=TimelineEvent.Kind.TRANSITION,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_status=source,
        to_status=target,
        message=message or move.label,
        created_at=now,
    )
    _queue_status_email(application, target, event, message, email_context or {})
    application_transitioned.send(
        sender=Application, application=application, move=move, actor=actor, event=event
    )
    record_state_change(
        application,
        source=source,
        target=target,
        source_label=Status(source).label,
        target_label=Status(target).label,
        actor=actor,
        timeline_event=event,
    )
    return event


def _queue_status_email(application, target, event, message, extra_context):
    subject = STATUS_EMAILS.get(target)
    if not subject:
        return
    recipients = application.organisation.member_emails()
    job = send_email(
        to=recipients,
        subject=subject,
        template=f"application_{target}",
        context={
            "application": application,
            "message": message,
            **SCORING_NUMBERS,
            **extra_context,
        },
        key=f"status-email:{event.pk}",
        application=application,
    )
    if job is not None:
        TimelineEvent.objects.create(
            application=application,
            kind=TimelineEvent.Kind.EMAIL,
            message=f"Email “{subject}” sent to {len(recipients)} member(s)",
        )


def record(application, kind, message, *, actor=None, visible_to_organisation=True):
    """Add a non-status event to the timeline (panel assigned, interview moved, ...)."""
    return TimelineEvent.objects.create(
        application=application,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        message=message,
        visible_to_organisation=visible_to_organisation,
    )
