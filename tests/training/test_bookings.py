"""Places, the waiting list, cancelling, offers and their time limit."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.organisations.factories import member_of
from training import links
from training.models import Booking
from training.refusals import TrainingRefused
from training.services import bookings

from .factories import BookingFactory, TrainingSessionFactory, person

pytestmark = pytest.mark.django_db


def _book(session, *people, **kwargs):
    return [b for _, b in bookings.book(session.pk, list(people), **kwargs)]


def test_a_place_is_confirmed_and_emailed_with_a_calendar_file_and_cancel_link(run_jobs):
    session = TrainingSessionFactory(capacity=2)
    with run_jobs(execute=True):
        [booking] = _book(session, person(1))
    assert booking.status == Booking.Status.CONFIRMED
    [message] = mail.outbox
    assert message.to == ["jo1@police.example"]
    assert "Your place" in message.subject
    name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar" and "METHOD:REQUEST" in content
    assert links.url(booking, "cancel") in message.body


def test_an_organisation_books_several_staff_and_the_last_ones_wait():
    session = TrainingSessionFactory(capacity=2)
    made = _book(session, person(1), person(2), person(3), join_waiting_list=True)
    assert [b.status for b in made] == ["confirmed", "confirmed", "waiting"]
    assert bookings.places_left(session) == 0


def test_a_full_session_refuses_unless_the_booker_joins_the_waiting_list():
    session = TrainingSessionFactory(capacity=1)
    _book(session, person(1))
    with pytest.raises(TrainingRefused, match="full.*waiting list"):
        _book(session, person(2))
    [waiting] = _book(session, person(2), join_waiting_list=True)
    assert waiting.status == Booking.Status.WAITING


def test_past_and_cancelled_sessions_refuse_bookings():
    past = TrainingSessionFactory(starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(TrainingRefused, match="already started"):
        _book(past, person(1))
    cancelled = TrainingSessionFactory(status="cancelled")
    with pytest.raises(TrainingRefused, match="cancelled"):
        _book(cancelled, person(1))
    assert not Booking.objects.exists()


def test_the_commitment_must_be_agreed():
    session = TrainingSessionFactory()
    with pytest.raises(TrainingRefused, match="commitment"):
        _book(session, person(1, commitment_agreed=False))


def test_the_same_email_is_not_booked_twice_but_is_sent_its_booking_again(run_jobs):
    session = TrainingSessionFactory()
    with run_jobs(execute=True):
        _book(session, person(1))
        again = _book(session, person(1, email="JO1@police.example"))
    assert again == [None]
    assert Booking.objects.count() == 1
    assert len(mail.outbox) == 2


def test_the_booking_links_to_the_kitemark_organisation_of_a_member():
    user = member_of(email="head@academy.example")
    organisation = user.memberships.get().organisation
    session = TrainingSessionFactory()
    [linked] = _book(
        session,
        person(1, email="Head@academy.example", organisation_name=organisation.name.upper()),
    )
    [not_member] = _book(session, person(2, organisation_name=organisation.name))
    assert linked.organisation == organisation
    assert not_member.organisation is None


def test_cancelling_offers_the_place_to_the_next_person_with_a_time_limit(run_jobs, settings):
    settings.TRAINING_OFFER_HOURS = 24
    session = TrainingSessionFactory(capacity=1)
    [first] = _book(session, person(1))
    [second, third] = _book(session, person(2), person(3), join_waiting_list=True)
    with run_jobs(execute=True):
        bookings.cancel_by_link(links.token(first, "cancel"))
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Booking.Status.OFFERED
    assert third.status == Booking.Status.WAITING
    assert abs(second.offer_expires_at - (timezone.now() + timedelta(hours=24))) < timedelta(
        minutes=1
    )
    offer = [m for m in mail.outbox if m.to == [second.email]][-1]
    assert links.url(second, "accept") in offer.body
    cancelled = [m for m in mail.outbox if m.to == [first.email]][-1]
    assert "METHOD:CANCEL" in cancelled.attachments[0][1]


def test_a_cancel_link_works_once():
    session = TrainingSessionFactory()
    [booking] = _book(session, person(1))
    token = links.token(booking, "cancel")
    bookings.cancel_by_link(token)
    with pytest.raises(TrainingRefused, match="already been used"):
        bookings.cancel_by_link(token)


def test_a_forged_link_is_refused():
    session = TrainingSessionFactory()
    [booking] = _book(session, person(1))
    with pytest.raises(TrainingRefused, match="not valid"):
        bookings.cancel_by_link(links.token(booking, "cancel")[:-2] + "xx")
    with pytest.raises(TrainingRefused, match="not valid"):
        bookings.cancel_by_link(links.token(booking, "accept"))  # another purpose


def test_an_offer_is_accepted_once_and_confirmed_with_a_calendar_file(run_jobs):
    session = TrainingSessionFactory(capacity=1)
    [first] = _book(session, person(1))
    [second] = _book(session, person(2), join_waiting_list=True)
    bookings.cancel_by_link(links.token(first, "cancel"))
    second.refresh_from_db()
    token = links.token(second, "accept")
    with run_jobs(execute=True):
        bookings.accept_offer(token)
    second.refresh_from_db()
    assert second.status == Booking.Status.CONFIRMED
    assert "METHOD:REQUEST" in mail.outbox[-1].attachments[0][1]
    with pytest.raises(TrainingRefused, match="already accepted"):
        bookings.accept_offer(token)


def test_an_offer_that_ends_moves_to_the_next_person(run_jobs):
    session = TrainingSessionFactory(capacity=1)
    [first] = _book(session, person(1))
    [second, third] = _book(session, person(2), person(3), join_waiting_list=True)
    bookings.cancel_by_link(links.token(first, "cancel"))
    second.refresh_from_db()
    token = links.token(second, "accept")
    later = second.offer_expires_at + timedelta(minutes=1)
    with pytest.raises(TrainingRefused, match="time to accept"):
        bookings.accept_offer(token, now=later)
    assert bookings.expire_offers(later) == 1
    assert bookings.expire_offers(later) == 0
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Booking.Status.LAPSED
    assert third.status == Booking.Status.OFFERED
    with pytest.raises(TrainingRefused, match="ended or was already used"):
        bookings.accept_offer(token, now=later)


def test_an_offer_never_outlasts_the_session_start():
    session = TrainingSessionFactory(capacity=1, starts_at=timezone.now() + timedelta(hours=3))
    [first] = _book(session, person(1))
    [second] = _book(session, person(2), join_waiting_list=True)
    bookings.cancel_by_link(links.token(first, "cancel"))
    second.refresh_from_db()
    assert second.offer_expires_at == session.starts_at


def test_a_failed_confirmation_email_keeps_the_booking(run_jobs, monkeypatch):
    from jobs.models import Job

    session = TrainingSessionFactory()

    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with run_jobs(execute=True):
        [booking] = _book(session, person(1))
    assert Booking.objects.filter(pk=booking.pk, status="confirmed").exists()
    job = Job.objects.get(key__startswith=f"training:confirmed:{booking.pk}")
    assert job.status == Job.Status.PENDING and "mail server down" in job.last_error


def test_cancelling_a_waiting_list_place_offers_nothing():
    session = TrainingSessionFactory(capacity=1)
    _book(session, person(1))
    [second, third] = _book(session, person(2), person(3), join_waiting_list=True)
    bookings.cancel_by_link(links.token(second, "cancel"))
    third.refresh_from_db()
    assert third.status == Booking.Status.WAITING


def test_places_left_counts_offers_as_taken():
    session = TrainingSessionFactory(capacity=2)
    BookingFactory(session=session, status=Booking.Status.OFFERED)
    BookingFactory(session=session, status=Booking.Status.CANCELLED)
    assert bookings.places_left(session) == 1
