"""Where each count of a young person's contribution comes from.

Each source is a function from panel member ids to {member id: number}, read from the
records the work left (seats, attendance, scoring, reviews). A new kind of contribution is
one more Source in SOURCES: training sessions delivered will be counted by the training
app's own records once it exists (it is built separately); until then they are not
counted, and the pages and the certificate leave them out rather than show a 0 that is
not true.

Hours: the lengths of the interviews the young person was present at (round 1, where the
facilitator recorded presence), plus the time staff added (recognition.AddedTime).
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from checkins.models import Review
from panels.models import Attendance, Interview, PanelSeat, ScoringSubmission

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


SOURCES = [
    Source("submissions_read", "Submissions read", submissions_read),
    Source("interviews", "Interviews", interviews),
    Source("scoring_sessions", "Scoring sessions", scoring_sessions),
    Source("checkins_reviewed", "Check-ins reviewed", checkins_reviewed),
    # Training sessions delivered: added here by the training app when it exists.
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
