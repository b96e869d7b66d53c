"""The public pages: no account needed; places left but never who booked; the booking
form (several people at once), its messages, the emailed links, the calendar feed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from icalendar import Calendar

from training import links
from training.models import Booking
from training.views import BOOKING_RATE

from .factories import BookingFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def _form(count=1, **overrides):
    data = {
        "organisation_name": "Townville Academy",
        "sector": "school",
        "join_waiting_list": "on",
        "person-TOTAL_FORMS": str(count),
        "person-INITIAL_FORMS": "0",
        "person-MIN_NUM_FORMS": "1",
        "person-MAX_NUM_FORMS": "10",
    }
    for n in range(count):
        data.update(
            {
                f"person-{n}-name": f"Sam Teacher {n}",
                f"person-{n}-email": f"sam{n}@academy.example",
                f"person-{n}-role": "Teacher",
                f"person-{n}-access_needs": "",
                f"person-{n}-commitment_agreed": "on",
            }
        )
    data.update(overrides)
    return data


def test_the_index_explains_the_training_and_lists_places_left_without_names(client):
    session = TrainingSessionFactory(capacity=5)
    BookingFactory(session=session, name="Secret Booker", email="secret@x.example")
    TrainingSessionFactory(starts_at=timezone.now() - timedelta(days=1))  # past: not shown
    page = client.get("/training/").content.decode()
    assert "Young people wrote it" in page and "two-hour" in page
    assert "4 places left" in page
    assert page.count('href="/training/sessions/') == 1
    assert "Secret Booker" not in page and "secret@x.example" not in page
    detail = client.get(f"/training/sessions/{session.pk}/").content.decode()
    assert "4 of 5" in detail and "Secret Booker" not in detail and "secret@x" not in detail


def test_the_home_page_links_to_the_training(client):
    assert 'href="/training/"' in client.get("/").content.decode()


def test_the_calendar_feed_lists_upcoming_sessions_without_bookers(client):
    session = TrainingSessionFactory(venue="", online_link="https://meet.example/secret-room")
    BookingFactory(session=session, email="secret@x.example")
    TrainingSessionFactory(status="cancelled")
    response = client.get("/training/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["uid"]) == f"{session.uid}@kitemark-training"
    assert b"secret@x" not in response.content
    assert b"secret-room" not in response.content  # the link goes to those booked only


def test_an_organisation_books_three_staff_at_once(client, run_jobs):
    session = TrainingSessionFactory(capacity=2)
    assert (
        client.get(f"/training/sessions/{session.pk}/?people=3").content.decode().count("<legend")
        == 3
    )
    with run_jobs(execute=True):
        response = client.post(f"/training/sessions/{session.pk}/?people=3", _form(3))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("place confirmed") == 2 and page.count("on the waiting list") == 1
    assert sorted(Booking.objects.values_list("status", flat=True)) == [
        "confirmed",
        "confirmed",
        "waiting",
    ]
    assert len(mail.outbox) == 3


def test_a_bad_email_is_named_next_to_the_field_and_nothing_is_booked(client):
    session = TrainingSessionFactory()
    response = client.post(
        f"/training/sessions/{session.pk}/", _form(1, **{"person-0-email": "not-an-address"})
    )
    page = response.content.decode()
    assert "Enter a work email address" in page
    assert 'value="Sam Teacher 0"' in page  # what was typed is kept
    assert not Booking.objects.exists()


def test_without_the_commitment_nothing_is_booked(client):
    session = TrainingSessionFactory()
    data = _form(1)
    del data["person-0-commitment_agreed"]
    page = client.post(f"/training/sessions/{session.pk}/", data).content.decode()
    assert "Agree to the commitment" in page
    assert not Booking.objects.exists()


def test_a_full_session_offers_the_waiting_list(client):
    session = TrainingSessionFactory(capacity=1)
    BookingFactory(session=session)
    page = client.get(f"/training/sessions/{session.pk}/").content.decode()
    assert "This session is full" in page and "Join the waiting list" in page
    data = _form(1)
    del data["join_waiting_list"]
    page = client.post(f"/training/sessions/{session.pk}/", data).content.decode()
    assert "now full. You can join the waiting list" in page
    assert Booking.objects.count() == 1


def test_past_and_cancelled_sessions_say_so(client):
    past = TrainingSessionFactory(starts_at=timezone.now() - timedelta(hours=1))
    cancelled = TrainingSessionFactory(status="cancelled")
    assert (
        "already started or taken place"
        in client.get(f"/training/sessions/{past.pk}/").content.decode()
    )
    page = client.post(f"/training/sessions/{cancelled.pk}/", _form(1)).content.decode()
    assert "has been cancelled" in page
    assert not Booking.objects.exists()


def test_cancel_asks_first_and_a_reused_link_says_so(client):
    booking = BookingFactory()
    url = f"/training/cancel/{links.token(booking, 'cancel')}/"
    assert "Yes, cancel my booking" in client.get(url).content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert "is cancelled" in client.post(url).content.decode()
    again = client.post(url)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert "already been used" in client.get(url).content.decode()


def test_a_link_to_a_cancelled_session_says_so(client):
    booking = BookingFactory(session__status="cancelled")
    response = client.get(f"/training/cancel/{links.token(booking, 'cancel')}/")
    assert response.status_code == 410
    assert "session has been cancelled" in response.content.decode()


def test_a_tampered_link_is_refused(client):
    response = client.get("/training/cancel/not-a-real-token/")
    assert response.status_code == 410 and "not valid" in response.content.decode()


def test_accepting_an_offered_place(client):
    booking = BookingFactory(
        status=Booking.Status.OFFERED, offer_expires_at=timezone.now() + timedelta(hours=5)
    )
    url = f"/training/accept/{links.token(booking, 'accept')}/"
    assert "Accept the place" in client.get(url).content.decode()
    assert "The place is yours" in client.post(url).content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_bookings_are_rate_limited_per_client(client, settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    session = TrainingSessionFactory(capacity=100)
    limit = int(BOOKING_RATE.split("/")[0])
    for n in range(limit):
        data = _form(1, **{"person-0-email": f"p{n}@academy.example"})
        assert client.post(f"/training/sessions/{session.pk}/", data).status_code == 200
    refused = client.post(f"/training/sessions/{session.pk}/", _form(1))
    assert refused.status_code == 429
    assert Booking.objects.count() == limit


def test_staff_skills_indicators_link_to_the_training(client):
    from assessments.services import applications
    from tests.assessments.factories import CycleFactory, default_level
    from tests.organisations.factories import member_of

    CycleFactory()
    user = member_of()
    application = applications.start_application(
        user.memberships.get().organisation, default_level("silver"), user
    )
    client.force_login(user)
    skills = application.level.indicators.filter(promise="skills").first()
    other = application.level.indicators.exclude(promise="skills").first()
    assert skills.is_about_staff_skills and not other.is_about_staff_skills
    url = f"/applications/{application.pk}/indicators/{{}}/"
    assert 'href="/training/"' in client.get(url.format(skills.code)).content.decode()
    assert 'href="/training/"' not in client.get(url.format(other.code)).content.decode()


def test_an_accept_link_already_used_says_so_before_asking(client):
    booking = BookingFactory(status=Booking.Status.CONFIRMED)
    response = client.get(f"/training/accept/{links.token(booking, 'accept')}/")
    assert response.status_code == 410
    assert "already accepted" in response.content.decode()
