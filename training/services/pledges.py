"""Attendees' pledges (what they will change) and, three months on, what they changed."""

from django.db import transaction
from django.utils import timezone

from ..models import Booking
from ..refusals import TrainingRefused
from .bookings import _booking_for_link

MAX_LENGTH = 2000


def booking_for_link(value, purpose):
    booking, nonce = _booking_for_link(value, purpose, lock=False)
    _check(booking, nonce)
    return booking


def _check(booking, nonce):
    if booking.nonce.hex != nonce or booking.attendance != Booking.Attendance.ATTENDED:
        raise TrainingRefused("This link is not valid any more. Contact us if you need help.")


def _clean(text):
    text = (text or "").strip()
    if not text:
        raise TrainingRefused("Write one or two things.")
    if len(text) > MAX_LENGTH:
        raise TrainingRefused(f"Keep it under {MAX_LENGTH} characters.")
    return text


@transaction.atomic
def submit_pledge(value, text):
    booking, nonce = _booking_for_link(value, "pledge")
    _check(booking, nonce)
    if booking.pledged_at is not None:
        raise TrainingRefused("You have already sent your pledge. Thank you.")
    booking.pledge = _clean(text)
    booking.pledged_at = timezone.now()
    booking.save(update_fields=["pledge", "pledged_at"])
    return booking


@transaction.atomic
def submit_follow_up(value, text):
    booking, nonce = _booking_for_link(value, "follow_up")
    _check(booking, nonce)
    if booking.changed_at is not None:
        raise TrainingRefused("You have already told us what changed. Thank you.")
    booking.changed = _clean(text)
    booking.changed_at = timezone.now()
    booking.save(update_fields=["changed", "changed_at"])
    return booking
