"""Booking places, the waiting list, cancelling, and offering a freed place.

Every write that counts places locks the session's row first (select_for_update), so two
people booking the last place at the same moment are decided one after the other: the
first gets the place, the second joins the waiting list. An offered place is held for
the person it was offered to until the offer ends, so it counts as taken.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from jobs.services import send_email
from organisations.models import Organisation

from .. import ics, links
from ..models import Booking, TrainingSession
from ..refusals import TrainingRefused

# Holding a place: a confirmed booking, or a place offered and not yet accepted.
HOLDING = (Booking.Status.CONFIRMED, Booking.Status.OFFERED)
# Still in the session (a place or the queue): a second booking with the same email is
# not made.
ACTIVE = (*HOLDING, Booking.Status.WAITING)
MAX_PEOPLE_PER_BOOKING = 10


@dataclass
class Person:
    name: str
    email: str
    role: str
    sector: str
    organisation_name: str
    access_needs: str = ""
    commitment_agreed: bool = False


def offer_hours():
    return settings.TRAINING_OFFER_HOURS


def lock_session(session_id):
    """The session's row, locked until the transaction ends: place counts are decided
    one writer at a time."""
    return TrainingSession.objects.select_for_update().get(pk=session_id)


def places_left(session):
    held = session.bookings.filter(status__in=HOLDING).count()
    return max(session.capacity - held, 0)


def check_open(session, now=None):
    """Refuse a booking for a cancelled session or one that has already started."""
    if session.is_cancelled:
        raise TrainingRefused("This session has been cancelled. Please choose another date.")
    if session.has_started(now):
        raise TrainingRefused(
            "This session has already started or taken place. Please choose another date."
        )


def kitemark_organisation(email, organisation_name, user=None):
    """The Kitemark organisation a booker belongs to: one whose name matches what they
    typed and of which they are a member (the signed-in user, or the account with the
    work email they gave). None otherwise."""
    typed = organisation_name.strip().casefold()
    members = Q(memberships__user__email__iexact=email.strip())
    if user is not None and user.is_authenticated:
        members |= Q(memberships__user=user)
    for organisation in Organisation.objects.filter(members).distinct():
        if organisation.name.strip().casefold() == typed:
            return organisation
    return None


@transaction.atomic
def book(session_id, people, *, user=None, join_waiting_list=False):
    """Book a place for each person (one booker may book several staff at once). Those
    who find no place left join the waiting list, in order. A person whose email already
    holds a place or a queue position on this session is not booked twice; they are sent
    their booking again. Returns [(person, booking or None)] in the order given."""
    if not people:
        raise TrainingRefused("Add at least one person.")
    if len(people) > MAX_PEOPLE_PER_BOOKING:
        raise TrainingRefused(
            f"You can book up to {MAX_PEOPLE_PER_BOOKING} people at once. "
            "Make another booking for the rest."
        )
    if not all(person.commitment_agreed for person in people):
        raise TrainingRefused("Each person must agree to the commitment.")
    session = lock_session(session_id)
    check_open(session)
    free = places_left(session)
    if free == 0 and not join_waiting_list:
        raise TrainingRefused(
            "This session is now full. You can join the waiting list: we will email you "
            "if a place comes free."
        )
    already = {
        email.casefold(): booking
        for email, booking in (
            (b.email, b) for b in session.bookings.filter(status__in=ACTIVE).order_by("pk")
        )
    }
    results = []
    for person in people:
        existing = already.get(person.email.strip().casefold())
        if existing is not None:
            _send_booking_email(existing, repeat=True)
            results.append((person, None))
            continue
        status = Booking.Status.CONFIRMED if free > 0 else Booking.Status.WAITING
        free -= status == Booking.Status.CONFIRMED
        booking = Booking.objects.create(
            session=session,
            name=person.name.strip(),
            email=person.email.strip(),
            role=person.role.strip(),
            sector=person.sector,
            organisation_name=person.organisation_name.strip(),
            organisation=kitemark_organisation(person.email, person.organisation_name, user),
            access_needs=person.access_needs.strip(),
            commitment_agreed=True,
            status=status,
        )
        already[booking.email.casefold()] = booking
        _send_booking_email(booking)
        results.append((person, booking))
    return results


def _when(session):
    local = timezone.localtime(session.starts_at)
    return f"{date_format(local, 'l j F Y')}, {date_format(local, 'H:i')}"


def email_context(booking, session=None, **extra):
    """What every email about a booking shows: the booking, its session and when it is.
    `session` is the booking's, when the caller holds it already (saved just now)."""
    session = session or booking.session
    return {"booking": booking, "session": session, "when": _when(session), **extra}


def _send_booking_email(booking, *, repeat=False):
    session = booking.session
    if booking.status == Booking.Status.WAITING:
        send_email(
            to=[booking.email],
            subject=f"You are on the waiting list: Working with Teenagers, {_when(session)}",
            template="training_waiting",
            context=email_context(
                booking,
                session,
                cancel_url=links.url(booking, "cancel"),
            ),
            key=None if repeat else f"training:waiting:{booking.pk}",
        )
        return
    if booking.status == Booking.Status.OFFERED:
        _send_offer_email(booking, repeat=repeat)
        return
    send_email(
        to=[booking.email],
        subject=f"Your place: Working with Teenagers, {_when(session)}",
        template="training_confirmed",
        context=email_context(
            booking,
            session,
            cancel_url=links.url(booking, "cancel"),
        ),
        key=None if repeat else f"training:confirmed:{booking.pk}:{booking.nonce.hex}",
        attachments=[("working-with-teenagers.ics", ics.invitation(session), "text/calendar")],
    )


def _send_offer_email(booking, *, repeat=False):
    session = booking.session
    expires = timezone.localtime(booking.offer_expires_at)
    send_email(
        to=[booking.email],
        subject=f"A place is free for you: Working with Teenagers, {_when(session)}",
        template="training_offer",
        context=email_context(
            booking,
            session,
            expires=f"{date_format(expires, 'l j F Y')}, {date_format(expires, 'H:i')}",
            accept_url=links.url(booking, "accept"),
            cancel_url=links.url(booking, "cancel"),
        ),
        key=None if repeat else f"training:offer:{booking.pk}:{booking.nonce.hex}",
    )


def _booking_for_link(value, purpose, *, lock=True):
    booking_id, nonce = links.read(value, purpose)
    bookings = Booking.objects.select_related("session")
    if lock:
        bookings = bookings.select_for_update(of=("self",))
    booking = bookings.filter(pk=booking_id).first()
    if booking is None or booking.anonymised_at is not None:
        raise TrainingRefused("This booking no longer exists.")
    return booking, nonce


def booking_for_cancel_link(value):
    """The booking a cancel link names, for the confirmation page (no change made)."""
    booking, nonce = _booking_for_link(value, "cancel", lock=False)
    _check_cancellable(booking, nonce)
    return booking


def _check_cancellable(booking, nonce):
    if booking.status not in ACTIVE or booking.nonce.hex != nonce:
        raise TrainingRefused(
            "This cancel link has already been used: the booking is already cancelled "
            "or has changed. Check your latest email from us."
        )
    if booking.session.is_cancelled:
        raise TrainingRefused("This session has been cancelled, so there is nothing to cancel.")
    if booking.session.has_started():
        raise TrainingRefused("This session has already started, so it cannot be cancelled.")


@transaction.atomic
def cancel_by_link(value):
    """The booker cancels (a place, a queue position or an offer). A freed place is
    offered to the next person waiting."""
    booking_id, _ = links.read(value, "cancel")
    booking = Booking.objects.filter(pk=booking_id).values("session_id").first()
    if booking is None:
        raise TrainingRefused("This booking no longer exists.")
    lock_session(booking["session_id"])
    booking, nonce = _booking_for_link(value, "cancel")
    _check_cancellable(booking, nonce)
    held = booking.status in HOLDING
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.offer_expires_at = None
    booking.nonce = _new_nonce()
    booking.save(update_fields=["status", "cancelled_at", "offer_expires_at", "nonce"])
    send_email(
        to=[booking.email],
        subject="Your Working with Teenagers booking is cancelled",
        template="training_booking_cancelled",
        context=email_context(booking),
        key=f"training:cancelled:{booking.pk}",
        attachments=(
            [
                (
                    "working-with-teenagers.ics",
                    ics.invitation(booking.session, method="CANCEL"),
                    "text/calendar",
                )
            ]
            if held
            else []
        ),
    )
    if held:
        offer_free_places(booking.session)
    return booking


def _new_nonce():
    import uuid

    return uuid.uuid4()


def offer_free_places(session, now=None):
    """Offer each free place to the next person waiting, with a time limit to accept.
    The caller holds the session's lock. Returns the bookings offered a place."""
    now = now or timezone.now()
    if session.is_cancelled or session.has_started(now):
        return []
    free = places_left(session)
    offered = []
    waiting = session.bookings.filter(status=Booking.Status.WAITING).order_by("requested_at", "pk")
    for booking in waiting[:free]:
        booking.status = Booking.Status.OFFERED
        booking.offer_expires_at = min(now + timedelta(hours=offer_hours()), session.starts_at)
        booking.nonce = _new_nonce()
        booking.save(update_fields=["status", "offer_expires_at", "nonce"])
        _send_offer_email(booking)
        offered.append(booking)
    return offered


def booking_for_accept_link(value, now=None):
    """The booking an accept link names, for the page that asks (no change made)."""
    booking, nonce = _booking_for_link(value, "accept", lock=False)
    _check_acceptable(booking, nonce, now or timezone.now())
    return booking


def _check_acceptable(booking, nonce, now):
    if booking.status == Booking.Status.CONFIRMED:
        raise TrainingRefused("You have already accepted this place. It is yours.")
    if booking.status != Booking.Status.OFFERED or booking.nonce.hex != nonce:
        raise TrainingRefused(
            "This offer has ended or was already used, so the place has gone to someone "
            "else. You can book another session."
        )
    if booking.session.is_cancelled:
        raise TrainingRefused("This session has been cancelled. Please choose another date.")
    if booking.offer_expires_at <= now:
        raise TrainingRefused(
            "The time to accept this place has passed, so it has been offered to the next "
            "person. You can book another session."
        )


@transaction.atomic
def accept_offer(value, now=None):
    """The person offered a freed place takes it before the offer ends."""
    now = now or timezone.now()
    booking_id, _ = links.read(value, "accept")
    row = Booking.objects.filter(pk=booking_id).values("session_id").first()
    if row is None:
        raise TrainingRefused("This booking no longer exists.")
    session = lock_session(row["session_id"])
    booking, nonce = _booking_for_link(value, "accept")
    booking.session = session
    _check_acceptable(booking, nonce, now)
    booking.status = Booking.Status.CONFIRMED
    booking.offer_expires_at = None
    booking.nonce = _new_nonce()
    booking.save(update_fields=["status", "offer_expires_at", "nonce"])
    _send_booking_email(booking)
    return booking


def expire_offers(now=None):
    """Offers not accepted in time lapse; each freed place goes to the next person
    waiting (beat, every 15 minutes). Returns how many offers lapsed."""
    now = now or timezone.now()
    session_ids = set(
        Booking.objects.filter(
            status=Booking.Status.OFFERED, offer_expires_at__lte=now
        ).values_list("session_id", flat=True)
    )
    lapsed = 0
    for session_id in sorted(session_ids):
        with transaction.atomic():
            session = lock_session(session_id)
            expired = list(
                session.bookings.select_for_update().filter(
                    status=Booking.Status.OFFERED, offer_expires_at__lte=now
                )
            )
            for booking in expired:
                booking.status = Booking.Status.LAPSED
                booking.nonce = _new_nonce()
                booking.save(update_fields=["status", "nonce"])
                send_email(
                    to=[booking.email],
                    subject="The place we offered you has gone to the next person",
                    template="training_offer_lapsed",
                    context=email_context(booking, session),
                    key=f"training:lapsed:{booking.pk}",
                )
            lapsed += len(expired)
            offer_free_places(session, now)
    return lapsed
