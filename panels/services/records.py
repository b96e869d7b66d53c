"""Each step a panel takes towards its result goes on the application's timeline: who did
it and when. Every panel service records its steps through record_step."""

from assessments import workflow
from assessments.models import TimelineEvent


def record_step(application, message, *, actor, kind=TimelineEvent.Kind.SCORES):
    """Record one panel step (a start, a presence, an agreed score, a confirmation, a send
    back...) on the application's timeline, seen by staff only."""
    return workflow.record(application, kind, message, actor=actor, visible_to_organisation=False)
