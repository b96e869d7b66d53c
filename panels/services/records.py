"""Each step a panel takes towards its result goes on the application's timeline and on
the audit log: who did it and when. Every panel service records its steps through
record_step, so no step can reach one record and miss the other."""

from assessments import workflow
from assessments.models import TimelineEvent
from audit.services import Event
from audit.services import record as audit_record


def record_step(application, message, *, actor, step, member=None, **details):
    """Record one panel step (a start, a presence, an agreed score, a confirmation, a send
    back...) on the application's timeline, seen by staff only, and on the audit log.

    `message` is the timeline's sentence for staff (it may name the young person and quote
    a reason). The audit log must not name people, so it gets `step`, a short name-free
    summary, the young person's member id and `details` (ids and numbers, never free text);
    the timeline event's id links the two."""
    event = workflow.record(
        application,
        TimelineEvent.Kind.SCORES,
        message,
        actor=actor,
        visible_to_organisation=False,
    )
    audit_record(
        Event.PANEL_STEP,
        actor=actor,
        obj=application,
        summary=f"Application {application.pk}, round {application.round}: {step}",
        application_id=application.pk,
        round=application.round,
        step=step,
        member_id=getattr(member, "pk", None),
        timeline_event_id=event.pk,
        **details,
    )
    return event
