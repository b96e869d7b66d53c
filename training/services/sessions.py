"""Staff's writes on sessions: create, edit or reschedule, cancel; trainers and their hours;
the register. Each one staff do goes on the audit log (_audit), inside its transaction."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.services import Event
from audit.services import record as audit_record
from jobs.services import enqueue, send_email
from panels.data_protection import anonymise_young_account
from panels.models import PanelMember

from .. import ics, links
from ..models import Booking, Trainer, TrainerAssignment, TrainingSession
from ..refusals import TrainingRefused
from .bookings import ACTIVE, HOLDING, _when, email_context, lock_session, offer_free_places

# What a session is: the fields staff set on the form.
FIELDS = (
    "starts_at",
    "length_minutes",
    "venue",
    "online_link",
    "capacity",
    "accessibility",
    "show_names_to_trainers",
    "supporting_staff",
)
# A change to one of these moves the event in bookers' calendars: they are told.
CALENDAR_FIELDS = ("starts_at", "length_minutes", "venue", "online_link")


def _audit(obj, step, *, actor, **details):
    """One audit record of a staff action on training: who (`actor`), on which session or
    trainer, and `step`. The log names no one, so `details` are ids, counts and field
    names, never typed text such as a cancellation reason."""
    audit_record(
        Event.TRAINING,
        actor=actor,
        obj=obj,
        summary=f"{obj._meta.verbose_name.capitalize()} {obj.pk}: {step}",
        step=step,
        **details,
    )


def _check_where(values):
    if not (values.get("venue") or "").strip() and not (values.get("online_link") or "").strip():
        raise TrainingRefused("Give a venue or an online link.")


@transaction.atomic
def create_session(*, actor, **values):
    _check_where(values)
    if values["starts_at"] <= timezone.now():
        raise TrainingRefused("Choose a date and time in the future.")
    session = TrainingSession.objects.create(**{k: values[k] for k in FIELDS if k in values})
    _audit(session, "created", actor=actor)
    return session


@transaction.atomic
def update_session(session_id, *, actor, **values):
    """Edit or reschedule. Fewer places than are already taken is refused; more places
    are offered to the waiting list. A new time or place is emailed to each booker with an
    updated calendar entry."""
    session = lock_session(session_id)
    if session.is_cancelled:
        raise TrainingRefused("This session is cancelled, so it cannot be changed.")
    _check_where(values)
    held = session.bookings.filter(status__in=HOLDING).count()
    if values["capacity"] < held:
        raise TrainingRefused(
            f"{held} places are already taken, so the session needs at least {held} places."
        )
    moved = any(getattr(session, k) != values[k] for k in CALENDAR_FIELDS if k in values)
    if moved and values["starts_at"] <= timezone.now():
        raise TrainingRefused("Choose a date and time in the future.")
    changed = [k for k in FIELDS if k in values and getattr(session, k) != values[k]]
    for key in FIELDS:
        if key in values:
            setattr(session, key, values[key])
    if moved:
        session.sequence += 1
    session.save()
    _audit(session, "changed", actor=actor, fields=changed, moved=moved)
    if moved:
        for booking in session.bookings.filter(status__in=HOLDING):
            send_email(
                to=[booking.email],
                subject=f"Changed: Working with Teenagers is now {_when(session)}",
                template="training_rescheduled",
                context=email_context(
                    booking,
                    session,
                    cancel_url=links.url(booking, "cancel"),
                ),
                key=f"training:moved:{booking.pk}:{session.sequence}",
                attachments=[
                    ("working-with-teenagers.ics", ics.invitation(session), "text/calendar")
                ],
            )
    offer_free_places(session)
    return session


@transaction.atomic
def cancel_session(session_id, *, reason="", actor):
    """Cancel the whole session: every booker (places, offers and the waiting list) is
    emailed, those with a place with a calendar cancellation (METHOD:CANCEL)."""
    session = lock_session(session_id)
    if session.is_cancelled:
        raise TrainingRefused("This session is already cancelled.")
    session.status = TrainingSession.Status.CANCELLED
    session.cancelled_at = timezone.now()
    session.sequence += 1
    session.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
    _audit(session, "cancelled", actor=actor)
    cancel_ics = ics.invitation(session, method="CANCEL")
    for booking in session.bookings.filter(status__in=ACTIVE):
        send_email(
            to=[booking.email],
            subject=f"Cancelled: Working with Teenagers on {_when(session)}",
            template="training_session_cancelled",
            context=email_context(
                booking,
                session,
                reason=reason.strip(),
            ),
            key=f"training:session-cancelled:{booking.pk}",
            attachments=(
                [("working-with-teenagers.ics", cancel_ics, "text/calendar")]
                if booking.status in HOLDING
                else []
            ),
        )
    return session


# --- Trainers ------------------------------------------------------------------------


@transaction.atomic
def make_trainer(user):
    """Give a young person (a panel member's account, or a young person's account made for
    training) the trainer role. Returns the Trainer."""
    if not user.is_panel_member:
        raise TrainingRefused("Only young people's accounts can be trainers.")
    trainer, _ = Trainer.objects.get_or_create(user=user)
    if not trainer.active:
        trainer.active = True
        trainer.save(update_fields=["active"])
    return trainer


@transaction.atomic
def set_trainers(session_id, trainers):
    """The young trainers on a session: those given stay (with their hours), others go,
    except trainers whose account is no longer active (they left): staff cannot choose them
    again, and the session stays on their record of what they did."""
    session = lock_session(session_id)
    keep = {t.pk for t in trainers}
    session.assignments.exclude(trainer_id__in=keep).exclude(
        trainer__user__is_active=False
    ).delete()
    for trainer in trainers:
        try:
            with transaction.atomic():
                TrainerAssignment.objects.get_or_create(session=session, trainer=trainer)
        except IntegrityError:  # pragma: no cover - the session lock makes this rare
            pass
    return session


@transaction.atomic
def record_hours(session_id, hours_by_trainer, *, actor):
    """Each trainer's hours on a session (preparing and delivering), recorded by staff."""
    session = lock_session(session_id)
    recorded = {}
    for assignment in session.assignments.select_for_update():
        if assignment.trainer_id in hours_by_trainer:
            hours = hours_by_trainer[assignment.trainer_id]
            if hours is not None and (hours < 0 or hours > 100):
                raise TrainingRefused("Hours must be between 0 and 100.")
            assignment.hours = hours
            assignment.save(update_fields=["hours"])
            recorded[str(assignment.trainer_id)] = None if hours is None else str(hours)
    _audit(session, "hours recorded", actor=actor, hours_by_trainer=recorded)
    return session


# --- The register ----------------------------------------------------------------------


def register_open(session, now=None):
    """The register is taken from the session's day on (local date), never before."""
    now = now or timezone.now()
    return timezone.localdate(now) >= timezone.localdate(session.starts_at)


@transaction.atomic
def take_register(session_id, marks, *, actor):
    """Record attended / no-show for people with a place (`marks`: booking id ->
    Booking.Attendance value or "" for not yet marked). Organisations whose staff attended
    get their evidence item brought up to date (made by the worker)."""
    session = lock_session(session_id)
    if session.is_cancelled:
        raise TrainingRefused("This session was cancelled, so there is no register.")
    if not register_open(session):
        raise TrainingRefused("The register opens on the day of the session.")
    allowed = {"", *Booking.Attendance.values}
    for booking in session.bookings.select_for_update().filter(
        status=Booking.Status.CONFIRMED, pk__in=list(marks)
    ):
        mark = marks[booking.pk]
        if mark not in allowed:
            raise TrainingRefused("Mark each person as attended or did not come.")
        if booking.attendance != mark:
            booking.attendance = mark
            booking.save(update_fields=["attendance"])
    marked = session.bookings.filter(status=Booking.Status.CONFIRMED)
    _audit(
        session,
        "register taken",
        actor=actor,
        attended=marked.filter(attendance=Booking.Attendance.ATTENDED).count(),
        no_show=marked.filter(attendance=Booking.Attendance.NO_SHOW).count(),
    )
    queue_evidence(session)
    return session


def queue_evidence(session):
    """One job per organisation and number attended: the worker writes the evidence item
    (see training/documents.py)."""
    counts = {}
    for organisation_id in session.bookings.filter(
        status=Booking.Status.CONFIRMED,
        attendance=Booking.Attendance.ATTENDED,
        organisation__isnull=False,
    ).values_list("organisation_id", flat=True):
        counts[organisation_id] = counts.get(organisation_id, 0) + 1
    for organisation_id, count in counts.items():
        enqueue(
            "training_evidence",
            {"session_id": session.pk, "organisation_id": organisation_id},
            key=f"training:evidence:{session.pk}:{organisation_id}:{count}",
        )


@transaction.atomic
def create_trainer_account(*, display_name, username, password, actor):
    """Give a young person who is not a panel member the trainer role: an account with a
    username and a password staff hand over, and only a first or chosen name kept."""
    User = get_user_model()
    user = User(
        username=username.strip(),
        full_name=display_name.strip(),
        role=User.Role.PANEL,
        is_active=True,
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise TrainingRefused("That username is already used.") from None
    trainer = Trainer.objects.create(user=user)
    _audit(trainer, "account created", actor=actor, user_id=user.pk)
    return trainer


@transaction.atomic
def anonymise_trainer(trainer, *, actor):
    """A young trainer who is not a panel member leaves: their account loses its identity
    by the same rule as a panel member's; the sessions they trained and their hours stay.
    A panel member who trains leaves as a panel member (panels.data_protection)."""
    trainer = Trainer.objects.select_for_update().select_related("user").get(pk=trainer.pk)
    if trainer.anonymised_at:
        return trainer
    if PanelMember.objects.filter(user_id=trainer.user_id).exists():
        raise TrainingRefused("A panel member leaves from the panel members page.")
    trainer.active = False
    trainer.anonymised_at = timezone.now()
    trainer.save(update_fields=["active", "anonymised_at"])
    anonymise_young_account(
        trainer.user,
        label=f"Former young trainer {trainer.pk}",
        actor=actor,
        records=[("training.trainer", trainer.pk)],
    )
    return trainer


@transaction.atomic
def set_team(session_id, *, trainer_users, supporting_staff, actor):
    """The young trainers (accounts of young people; each becomes a Trainer) and the
    supporting member of staff of a session."""
    if supporting_staff is not None and not supporting_staff.is_participation_staff:
        raise TrainingRefused("The supporting member of staff must be on the participation team.")
    session = lock_session(session_id)
    session.supporting_staff = supporting_staff
    session.save(update_fields=["supporting_staff", "updated_at"])
    trainers = [make_trainer(user) for user in trainer_users]
    _audit(
        session,
        "team set",
        actor=actor,
        trainer_ids=[t.pk for t in trainers],
        supporting_staff_id=getattr(supporting_staff, "pk", None),
    )
    return set_trainers(session.pk, trainers)
