"""Where each count of a young person's contribution comes from.

Each source is a function from young people's account (user) ids to {user id: number},
read from the records the work left (seats, attendance, scoring, reviews, the training sessions they
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
    count: object  # callable(user_ids) -> {user_id: int}


# A young person's panel work is recorded against their panel membership; this is their
# account's id seen from those rows.
MEMBER_USER = "member__user_id"


def _grouped(queryset, field=MEMBER_USER):
    return dict(queryset.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))


def submissions_read(ids):
    """Applications the young person was given to read: a seat on their panel."""
    return _grouped(PanelSeat.objects.filter(member__user_id__in=ids))


def interviews(ids):
    """Interviews they were at (present at round 1)."""
    return _grouped(Attendance.objects.filter(member__user_id__in=ids, round=1, present=True))


def scoring_sessions(ids):
    """Rounds they scored and sent ("I have finished scoring")."""
    return _grouped(ScoringSubmission.objects.filter(member__user_id__in=ids))


def checkins_reviewed(ids):
    """Check-ins they reviewed (gave a verdict)."""
    return _grouped(Review.objects.filter(member__user_id__in=ids).exclude(verdict=""))


def _delivered(ids):
    """The training sessions the young people trained at: a session they were assigned to,
    not cancelled, that has started."""
    return TrainerAssignment.objects.filter(
        trainer__user_id__in=ids,
        session__status=TrainingSession.Status.SCHEDULED,
        session__starts_at__lte=timezone.now(),
    )


def sessions_delivered(ids):
    """Working with Teenagers sessions they delivered as a young trainer."""
    return _grouped(_delivered(ids), field="trainer__user_id")


SOURCES = [
    Source("submissions_read", "Submissions read", submissions_read),
    Source("interviews", "Interviews", interviews),
    Source("scoring_sessions", "Scoring sessions", scoring_sessions),
    Source("checkins_reviewed", "Check-ins reviewed", checkins_reviewed),
    Source("sessions_delivered", "Training sessions delivered", sessions_delivered),
]


def interview_hours(ids):
    """{user id: hours} from the length of each (not cancelled) interview they were at."""
    present = Attendance.objects.filter(member__user_id__in=ids, round=1, present=True).values_list(
        MEMBER_USER, "application_id"
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
    for user_id, application_id in pairs:
        total[user_id] += minutes.get(application_id, 0)
    return {m: Decimal(n) / 60 for m, n in total.items()}


def added_hours(ids):
    return dict(
        AddedTime.objects.filter(person_id__in=ids)
        .values_list("person_id")
        .annotate(h=Sum("hours"))
        .values_list("person_id", "h")
    )


def training_hours(ids):
    """{user id: hours} of the training sessions they delivered: the hours staff recorded
    for them, or the session's length."""
    total = Counter()
    rows = _delivered(ids).values_list("trainer__user_id", "hours", "session__length_minutes")
    for user_id, hours, minutes in rows:
        total[user_id] += hours if hours is not None else Decimal(minutes) / 60
    return dict(total)
