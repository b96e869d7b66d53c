"""Interviews: booking, moving and cancelling them, and the emails with their calendar
invitations."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from assessments import workflow
from assessments.models import Status, TimelineEvent
from jobs.services import send_email

from .. import ics, selectors
from ..models import Attendance, Interview, Score, Sitting
from ..refusals import PanelError
from .application_lock import copy_back, lock_application


def _people_of(panel):
    """(user ids, label by user id) of the seated members and the facilitator."""
    labels = {panel.facilitator_id: f"{panel.facilitator.display_label} (facilitator)"}
    for seat in panel.seats.select_related("member"):
        labels[seat.member.user_id] = seat.member.display_name
    return labels


def _check_slot(application, panel, starts_at, duration_minutes, exclude=None):
    if starts_at <= timezone.now():
        raise PanelError("Choose a date and time in the future.")
    if not duration_minutes or duration_minutes < 15 or duration_minutes > 480:
        raise PanelError("The interview must last between 15 minutes and 8 hours.")
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    people = _people_of(panel)
    others = (
        Interview.objects.scheduled()
        .exclude(application_id=application.pk)
        .filter(starts_at__lt=ends_at, starts_at__gte=starts_at - timedelta(hours=8))
        .select_related("application__panel")
        .prefetch_related("application__panel__seats__member")
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    for other in others:
        if other.ends_at <= starts_at:
            continue
        other_panel = getattr(other.application, "panel", None)
        if other_panel is None:
            continue
        their_people = {other_panel.facilitator_id} | {
            s.member.user_id for s in other_panel.seats.all()
        }
        clash = [people[uid] for uid in people if uid in their_people]
        if clash:
            when = timezone.localtime(other.starts_at).strftime("%-d %B %Y at %H:%M")
            raise PanelError(
                f"This time overlaps another interview on {when} for: {', '.join(sorted(clash))}."
            )


def _require_panel(application):
    panel = selectors.panel_for(application)
    if panel is None:
        raise PanelError("Assign a panel before you schedule the interview.")
    return panel


def _send_interview_emails(interview, *, method, actor, change):
    application = interview.application
    calendar_text = ics.build(interview, method=method)
    attachment = ("kitemark-interview.ics", calendar_text, f"text/calendar; method={method}")
    key = f"interview:{interview.uid}:{interview.sequence}"
    subjects = {
        "new": "Your Kitemark panel interview",
        "moved": "Your Kitemark panel interview has moved",
        "cancelled": "Your Kitemark panel interview is cancelled",
    }
    context = {"interview": interview, "application": application, "change": change}
    send_email(
        to=application.organisation.member_emails(),
        subject=subjects[change],
        template="panels_interview",
        context=context,
        key=f"{key}:organisation",
        application=application,
        attachments=[attachment],
    )
    panel = interview.application.panel
    member_emails = [s.member.user.email for s in panel.seats.select_related("member__user")]
    send_email(
        to=[e for e in member_emails if e],
        subject=subjects[change],
        template="panels_interview_member",
        context=context,
        key=f"{key}:panel",
        application=application,
    )


def _when(interview):
    return timezone.localtime(interview.starts_at).strftime("%-d %B %Y at %H:%M")


@transaction.atomic
def schedule_interview(application, *, starts_at, duration_minutes, venue, video_link, actor):
    if not (venue or "").strip() and not (video_link or "").strip():
        raise PanelError("Give a venue or a video link.")
    original, application = application, lock_application(application)
    panel = _require_panel(application)
    current = selectors.next_interview_for(application)
    if current is not None:
        raise PanelError("An interview is already booked. Change it instead.")
    if application.status != Status.PANEL_ASSIGNED:
        raise PanelError("An interview can only be booked once a panel is assigned.")
    _check_slot(application, panel, starts_at, duration_minutes)
    interview = Interview.objects.create(
        application=application,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        venue=venue.strip(),
        video_link=video_link.strip(),
        created_by=actor,
    )
    workflow.transition(
        application, Status.INTERVIEW_SCHEDULED, actor=actor, actor_kind=workflow.STAFF
    )
    workflow.record(
        application,
        TimelineEvent.Kind.INTERVIEW,
        f"Interview booked for {_when(interview)}.",
        actor=actor,
    )
    _send_interview_emails(interview, method="REQUEST", actor=actor, change="new")
    copy_back(original, application)
    return interview


@transaction.atomic
def reschedule_interview(interview, *, starts_at, duration_minutes, venue, video_link, actor):
    if interview.is_cancelled:
        raise PanelError("This interview was cancelled. Book a new one instead.")
    if not (venue or "").strip() and not (video_link or "").strip():
        raise PanelError("Give a venue or a video link.")
    application = interview.application = lock_application(interview.application)
    if application.status != Status.INTERVIEW_SCHEDULED:
        raise PanelError("This interview can no longer be changed.")
    panel = _require_panel(application)
    _check_slot(application, panel, starts_at, duration_minutes, exclude=interview)
    if Score.objects.filter(application=application, round=1).exists():
        raise PanelError("The panel has started scoring, so the interview cannot be moved.")
    # Too few young people were here, say: the new interview starts afresh.
    Sitting.objects.filter(application=application, round=1).delete()
    Attendance.objects.filter(application=application, round=1).delete()
    interview.starts_at = starts_at
    interview.duration_minutes = duration_minutes
    interview.venue = venue.strip()
    interview.video_link = video_link.strip()
    interview.sequence += 1
    interview.save()
    workflow.record(
        application,
        TimelineEvent.Kind.INTERVIEW,
        f"Interview moved to {_when(interview)}.",
        actor=actor,
    )
    _send_interview_emails(interview, method="REQUEST", actor=actor, change="moved")
    return interview


@transaction.atomic
def cancel_interview(interview, *, actor):
    if interview.is_cancelled:
        raise PanelError("This interview is already cancelled.")
    application = interview.application = lock_application(interview.application)
    if Score.objects.filter(application=application, round=1).exists():
        raise PanelError("The panel has started scoring, so the interview cannot be cancelled.")
    workflow.transition(application, Status.PANEL_ASSIGNED, actor=actor, actor_kind=workflow.STAFF)
    interview.cancelled_at = timezone.now()
    interview.sequence += 1
    interview.save(update_fields=["cancelled_at", "sequence"])
    workflow.record(
        application,
        TimelineEvent.Kind.INTERVIEW,
        f"Interview on {_when(interview)} cancelled.",
        actor=actor,
    )
    _send_interview_emails(interview, method="CANCEL", actor=actor, change="cancelled")
    return interview
