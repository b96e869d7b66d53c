"""The reads the training pages need."""

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Booking, TrainerAssignment, TrainingSession
from .services.bookings import HOLDING


def upcoming_sessions():
    """Upcoming sessions, each with `held` (places taken or offered) and `places_left`."""
    sessions = list(
        TrainingSession.objects.upcoming().annotate(
            held=Count("bookings", filter=Q(bookings__status__in=HOLDING))
        )
    )
    for session in sessions:
        session.places_left = max(session.capacity - session.held, 0)
    return sessions


def session_with_places(pk):
    session = (
        TrainingSession.objects.filter(pk=pk)
        .annotate(held=Count("bookings", filter=Q(bookings__status__in=HOLDING)))
        .first()
    )
    if session is not None:
        session.places_left = max(session.capacity - session.held, 0)
    return session


@dataclass
class TrainerSession:
    session: TrainingSession
    booked: int
    waiting: int
    names: list
    access_needs: list
    hours: object


def trainer_sessions(trainer, *, upcoming):
    """A trainer's sessions: how many booked, the names only if staff chose to show them,
    and the access needs to plan for (without who has them)."""
    from django.utils import timezone

    assignments = (
        TrainerAssignment.objects.filter(trainer=trainer)
        .select_related("session")
        .order_by("session__starts_at")
    )
    now = timezone.now()
    rows = []
    for assignment in assignments:
        session = assignment.session
        if session.is_cancelled or (session.ends_at > now) != upcoming:
            continue
        confirmed = list(
            session.bookings.filter(status=Booking.Status.CONFIRMED).values_list(
                "name", "access_needs"
            )
        )
        rows.append(
            TrainerSession(
                session=session,
                booked=len(confirmed),
                waiting=session.bookings.filter(status=Booking.Status.WAITING).count(),
                names=sorted(n for n, _ in confirmed) if session.show_names_to_trainers else [],
                access_needs=sorted(a for _, a in confirmed if a.strip()),
                hours=assignment.hours,
            )
        )
    return rows


def you_said_we_did(trainer):
    """Pledges and what changed from the trainer's past sessions, without names."""
    return list(
        Booking.objects.filter(session__assignments__trainer=trainer)
        .exclude(pledge="")
        .order_by("-session__starts_at", "pk")
        .values("pledge", "changed", "session__starts_at")
    )
