"""Where each count of a young person's contribution comes from.

Each source is a function from panel member ids to {member id: number}, read from the
records the work left (seats, attendance, scoring, reviews, the training sessions they
delivered). A new kind of contribution is one more Source in SOURCES.

Hours: the lengths of the interviews the young person was present at (round 1, where the
facilitator recorded presence), the hours recorded for each training session they
delivered (the session's length where staff recorded none), plus the time staff added
(recognition.AddedTime).
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from checkins.models import Review
from panels.models import Attendance, Interview, PanelSeat, ScoringSubmission
from training.models import TrainerAssignment, TrainingSession

from .models import AddedTime


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    count: object  # callable(member_ids) -> {member_id: int}


def _grouped(queryset, field="member_id"):
    return dict(queryset.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))


def submissions_read(ids):
    """Applications the young person was given to read: a seat on their panel."""
    return _grouped(PanelSeat.objects.filter(member_id__in=ids))


def interviews(ids):
    """Interviews they were at (present at round 1)."""
    return _grouped(Attendance.objects.filter(member_id__in=ids, round=1, present=True))


def scoring_sessions(ids):
    """Rounds they scored and sent ("I have finished scoring")."""
    return _grouped(ScoringSubmission.objects.filter(member_id__in=ids))


def checkins_reviewed(ids):
    """Check-ins they reviewed (gave a verdict)."""
    return _grouped(Review.objects.filter(member_id__in=ids).exclude(verdict=""))


def _delivered(ids):
    """The training sessions the young people trained at: a session they were assigned to,
    not cancelled, that has started. A trainer is the panel member with the same account."""
    return TrainerAssignment.objects.filter(
        trainer__user__panel_member__in=ids,
        session__status=TrainingSession.Status.SCHEDULED,
        session__starts_at__lte=timezone.now(),
    )


def sessions_delivered(ids):
    """Working with Teenagers sessions they delivered as a young trainer."""
    return _grouped(_delivered(ids), field="trainer__user__panel_member")


SOURCES = [
    Source("submissions_read", "Submissions read", submissions_read),
    Source("interviews", "Interviews", interviews),
    Source("scoring_sessions", "Scoring sessions", scoring_sessions),
    Source("checkins_reviewed", "Check-ins reviewed", checkins_reviewed),
    Source("sessions_delivered", "Training sessions delivered", sessions_delivered),
]


def interview_hours(ids):
    """{member id: hours} from the length of each (not cancelled) interview they were at."""
    present = Attendance.objects.filter(member_id__in=ids, round=1, present=True).values_list(
        "member_id", "application_id"
    )
    pairs = list(present)
    minutes = dict(
        Interview.objects.filter(
            application_id__in={a for _, a in pairs}, cancelled_at__isnull=True
        )
        .values_list("application_id")
        .annotate(m=Sum("duration_minutes"))
        .values_list("application_id", "m")
    )
    total = Counter()
    for member_id, application_id in pairs:
        total[member_id] += minutes.get(application_id, 0)
    return {m: Decimal(n) / 60 for m, n in total.items()}


def added_hours(ids):
    return dict(
        AddedTime.objects.filter(member_id__in=ids)
        .values_list("member_id")
        .annotate(h=Sum("hours"))
        .values_list("member_id", "h")
    )


def training_hours(ids):
    """{member id: hours} of the training sessions they delivered: the hours staff recorded
    for them, or the session's length."""
    total = Counter()
    rows = _delivered(ids).values_list(
        "trainer__user__panel_member", "hours", "session__length_minutes"
    )
    for member_id, hours, minutes in rows:
        total[member_id] += hours if hours is not None else Decimal(minutes) / 60
    return dict(total)
