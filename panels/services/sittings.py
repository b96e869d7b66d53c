"""Starting a round's scoring and recording who is present.

Scoring opens when the interview starts: at its scheduled time, or earlier when the
facilitator starts it (recorded). In round 2 the facilitator starts the session. The
facilitator then records each seated young person as present, or absent with a reason;
scoring opens once at least PANEL_MIN_YOUNG_PEOPLE are present (panels.selectors
.scoring_closed), otherwise the interview is rescheduled."""

from django.db import transaction
from django.utils import timezone

from .. import selectors
from ..models import Attendance, Confirmation, PanelSeat, Sitting
from ..refusals import PanelError
from .application_lock import lock_application
from .records import record_step


def _require_facilitator(actor, application):
    if not selectors.is_facilitator(actor, application):
        raise PanelError("Only the panel's facilitator can do this.")


@transaction.atomic
def start_round(application, *, actor):
    """The facilitator starts the interview now (round 1, before its scheduled time: an
    early start, recorded as such) or the round-2 session."""
    application = lock_application(application)
    _require_facilitator(actor, application)
    state = selectors.round_state(application)
    if application.status != selectors.SCORING_STATUS_FOR_ROUND.get(application.round):
        raise PanelError("Scoring is not open for this application.")
    if state.finalised:
        raise PanelError("The scores for this application are final. They cannot be changed.")
    if state.started:
        raise PanelError("It has already started.")
    now = timezone.now()
    interview = selectors.next_interview_for(application) if application.round == 1 else None
    if application.round == 1 and interview is None:
        raise PanelError("Book the interview first.")
    early = interview is not None and interview.starts_at > now
    sitting = Sitting.objects.create(
        application=application,
        round=application.round,
        started_at=now,
        started_by=actor,
        early=early,
    )
    if early:
        scheduled = timezone.localtime(interview.starts_at).strftime("%-d %B %Y at %H:%M")
        message = f"Interview started early by the facilitator (it was booked for {scheduled})."
    else:
        message = f"Round {application.round} scoring session started by the facilitator."
    record_step(application, message, actor=actor, step="started early" if early else "started")
    return sitting


@transaction.atomic
def record_attendance(application, member, *, present, reason="", actor):
    """Record a seated young person as present, or absent with a reason."""
    application = lock_application(application)
    _require_facilitator(actor, application)
    closed = selectors.round_not_started(application, selectors.round_state(application))
    if closed:
        raise PanelError(closed)
    if not PanelSeat.objects.filter(panel__application=application, member=member).exists():
        raise PanelError(f"{member.display_name} is not on this panel.")
    reason = (reason or "").strip()
    if not present and not reason:
        raise PanelError(f"Say why {member.display_name} is not here.")
    attendance, created = Attendance.objects.get_or_create(
        application=application,
        round=application.round,
        member=member,
        defaults={
            "present": present,
            "absence_reason": "" if present else reason,
            "recorded_by": actor,
        },
    )
    if not created:
        if attendance.present == present and (present or attendance.absence_reason == reason):
            return attendance
        attendance.present = present
        attendance.absence_reason = "" if present else reason
        attendance.recorded_by = actor
        attendance.recorded_at = timezone.now()
        attendance.save()
        # Who confirms the sheet changed: everyone here confirms again.
        Confirmation.objects.of_round(application).delete()
    if present:
        message = f"{member.display_name} recorded as present for round {application.round}."
    else:
        message = (
            f"{member.display_name} recorded as absent for round {application.round}: {reason}"
        )
    record_step(
        application,
        message,
        actor=actor,
        step="recorded as present" if present else "recorded as absent, with a reason",
        member=member,
    )
    return attendance
