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


def session_bookings(session):
    """Staff's view of a session: places (in booking order), offers, the waiting list."""
    rows = list(session.bookings.select_related("organisation").order_by("requested_at", "pk"))
    return {
        "confirmed": [b for b in rows if b.status == Booking.Status.CONFIRMED],
        "offered": [b for b in rows if b.status == Booking.Status.OFFERED],
        "waiting": [b for b in rows if b.status == Booking.Status.WAITING],
        "gone": [b for b in rows if b.status in (Booking.Status.CANCELLED, Booking.Status.LAPSED)],
    }


REGISTER_HEADER = [
    "Name",
    "Work email",
    "Role",
    "Sector",
    "Organisation",
    "Kitemark organisation",
    "Access needs",
    "Attendance",
]


def register_rows(session):
    for b in session.bookings.filter(status=Booking.Status.CONFIRMED).select_related(
        "organisation"
    ):
        yield [
            b.name,
            b.email,
            b.role,
            b.get_sector_display(),
            b.organisation_name,
            b.organisation.name if b.organisation else "",
            b.access_needs,
            b.get_attendance_display() if b.attendance else "Not marked",
        ]


@dataclass
class SectorRow:
    sector: str
    booked: int
    attended: int
    no_show: int

    @property
    def attendance_rate(self):
        marked = self.attended + self.no_show
        return round(100 * self.attended / marked) if marked else None

    @property
    def no_show_rate(self):
        marked = self.attended + self.no_show
        return round(100 * self.no_show / marked) if marked else None


def report(now=None):
    """Sessions run, attendance and no-show rates by sector, pledges made, follow-ups
    answered (with what changed, no names)."""
    from django.utils import timezone

    from .models import Sector

    now = now or timezone.now()
    run = TrainingSession.objects.filter(
        status=TrainingSession.Status.SCHEDULED, starts_at__lte=now
    )
    places = Booking.objects.filter(session__in=run, status=Booking.Status.CONFIRMED)
    counts = {
        row["sector"]: row
        for row in places.values("sector").annotate(
            booked=Count("pk"),
            attended=Count("pk", filter=Q(attendance=Booking.Attendance.ATTENDED)),
            no_show=Count("pk", filter=Q(attendance=Booking.Attendance.NO_SHOW)),
        )
    }
    sectors = [
        SectorRow(
            label, counts[value]["booked"], counts[value]["attended"], counts[value]["no_show"]
        )
        for value, label in Sector.choices
        if value in counts
    ]
    total = SectorRow(
        "All sectors",
        sum(r.booked for r in sectors),
        sum(r.attended for r in sectors),
        sum(r.no_show for r in sectors),
    )
    return {
        "sessions_run": run.count(),
        "sectors": sectors,
        "total": total,
        "pledges": places.exclude(pledge="").count(),
        "follow_ups": places.exclude(changed="").count(),
        "changes": list(
            places.exclude(changed="").order_by("-changed_at").values_list("pledge", "changed")[:50]
        ),
    }
