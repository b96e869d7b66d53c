"""Staff pages under /staff/training/: create, edit or reschedule, cancel (asks first,
emails an updated calendar entry with METHOD:CANCEL), bookings and waiting list, the team,
hours, the register and its CSV, the report."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import UserFactory
from tests.panels.factories import PanelMemberFactory
from training.models import Booking, TrainerAssignment, TrainingSession

from .factories import BookingFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def _session_form(**overrides):
    day = timezone.localdate() + timedelta(days=20)
    data = {
        "date": day.isoformat(),
        "time": "16:00",
        "length_minutes": "120",
        "venue": "Town Hall, Room 2",
        "online_link": "",
        "capacity": "15",
        "accessibility": "Lift to the first floor.",
    }
    data.update(overrides)
    return data


def test_staff_create_a_session(staff_client):
    response = staff_client.post("/staff/training/new/", _session_form())
    session = TrainingSession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/training/{session.pk}/"
    assert session.capacity == 15 and timezone.localtime(session.starts_at).hour == 16


def test_a_session_needs_a_venue_or_a_link_and_a_future_date(staff_client):
    page = staff_client.post("/staff/training/new/", _session_form(venue="")).content.decode()
    assert "Give a venue or an online link." in page
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    page = staff_client.post("/staff/training/new/", _session_form(date=past)).content.decode()
    assert "Choose a date and time in the future." in page
    assert not TrainingSession.objects.exists()


def test_rescheduling_emails_an_updated_calendar_entry(staff_client, run_jobs):
    session = TrainingSessionFactory()
    booking = BookingFactory(session=session)
    BookingFactory(session=session, status=Booking.Status.WAITING)
    with run_jobs(execute=True):
        response = staff_client.post(
            f"/staff/training/{session.pk}/edit/", _session_form(time="17:00", capacity="12")
        )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.sequence == 1 and timezone.localtime(session.starts_at).hour == 17
    [message] = [m for m in mail.outbox if "Changed" in m.subject]  # the person with a place
    assert message.to == [booking.email]
    assert "SEQUENCE:1" in message.attachments[0][1]


def test_fewer_places_than_taken_is_refused(staff_client):
    session = TrainingSessionFactory(capacity=2)
    BookingFactory.create_batch(2, session=session)
    page = staff_client.post(
        f"/staff/training/{session.pk}/edit/", _session_form(capacity="1")
    ).content.decode()
    assert "needs at least 2 places" in page
    session.refresh_from_db()
    assert session.capacity == 2


def test_more_places_are_offered_to_the_waiting_list(staff_client, run_jobs):
    session = TrainingSessionFactory(capacity=1)
    BookingFactory(session=session)
    waiting = BookingFactory(session=session, status=Booking.Status.WAITING)
    start = timezone.localtime(session.starts_at)
    staff_client.post(
        f"/staff/training/{session.pk}/edit/",
        _session_form(
            date=start.date().isoformat(),
            time=start.strftime("%H:%M"),
            venue=session.venue,
            accessibility=session.accessibility,
            capacity="2",
        ),
    )
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.OFFERED


def test_cancelling_asks_first_then_emails_every_booker(staff_client, run_jobs):
    session = TrainingSessionFactory()
    placed = BookingFactory(session=session)
    waiting = BookingFactory(session=session, status=Booking.Status.WAITING)
    page = staff_client.get(f"/staff/training/{session.pk}/cancel/").content.decode()
    assert "Yes, cancel the session" in page and "cannot be undone" in page
    session.refresh_from_db()
    assert session.status == "scheduled"
    with run_jobs(execute=True):
        staff_client.post(f"/staff/training/{session.pk}/cancel/", {"reason": "Trainers' exams"})
    session.refresh_from_db()
    assert session.status == "cancelled"
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {placed.email, waiting.email}
    assert "METHOD:CANCEL" in by_address[placed.email].attachments[0][1]
    assert "Trainers' exams" in by_address[placed.email].body
    assert by_address[waiting.email].attachments == []


def test_the_session_page_lists_bookings_and_the_waiting_list(staff_client):
    session = TrainingSessionFactory()
    BookingFactory(session=session, name="Placed Person", access_needs="Wheelchair user")
    BookingFactory(session=session, name="Waiting Person", status=Booking.Status.WAITING)
    page = staff_client.get(f"/staff/training/{session.pk}/").content.decode()
    assert "Placed Person" in page and "Waiting Person" in page and "Wheelchair user" in page


def test_staff_assign_young_trainers_and_a_supporting_member_of_staff(staff_client, staff_user):
    session = TrainingSessionFactory()
    member = PanelMemberFactory()
    adult = UserFactory(role="organisation")
    staff_client.post(
        f"/staff/training/{session.pk}/team/",
        {"trainers": [member.user.pk], "supporting_staff": staff_user.pk},
    )
    session.refresh_from_db()
    assert session.supporting_staff == staff_user
    assert [a.trainer.user for a in session.assignments.all()] == [member.user]
    staff_client.post(f"/staff/training/{session.pk}/team/", {"trainers": [adult.pk]})
    assert session.assignments.count() == 1  # an adult is not offered, nothing changed


def test_staff_record_trainers_hours_and_other_code_can_sum_them(staff_client):
    from django.db.models import Sum

    session = TrainingSessionFactory()
    member = PanelMemberFactory()
    staff_client.post(f"/staff/training/{session.pk}/team/", {"trainers": [member.user.pk]})
    trainer_id = session.assignments.get().trainer_id
    staff_client.post(f"/staff/training/{session.pk}/hours/", {f"hours_{trainer_id}": "3.5"})
    total = TrainerAssignment.objects.filter(trainer_id=trainer_id).aggregate(t=Sum("hours"))
    assert total["t"] == Decimal("3.5")


def test_staff_give_a_young_person_the_trainer_role(staff_client, client):
    response = staff_client.post(
        "/staff/training/trainers/new/",
        {"display_name": "Zara", "username": "zara-trains", "password": "a-long-passphrase"},
    )
    assert response.status_code == 302
    from accounts.models import User

    user = User.objects.get(username="zara-trains")
    assert user.check_password("a-long-passphrase") and user.full_name == "Zara"
    client.force_login(user)
    assert client.get(reverse("accounts:home"))["Location"] == "/training/trainer/"
    assert "You have no sessions coming up" in client.get("/training/trainer/").content.decode()


def test_the_register_is_taken_on_the_day_and_exported_safely(staff_client):
    session = TrainingSessionFactory(starts_at=timezone.now() + timedelta(minutes=5))
    came = BookingFactory(session=session, name='=HYPERLINK("x")')
    missed = BookingFactory(session=session)
    page = staff_client.get(f"/staff/training/{session.pk}/register/").content.decode()
    assert f'name="booking-{came.pk}"' in page
    staff_client.post(
        f"/staff/training/{session.pk}/register/",
        {f"booking-{came.pk}": "attended", f"booking-{missed.pk}": "no_show"},
    )
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.attendance, missed.attendance) == ("attended", "no_show")
    response = staff_client.get(f"/staff/training/{session.pk}/register.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Name"
    names = {row[0] for row in rows[1:]}
    assert '\'=HYPERLINK("x")' in names
    assert {row[-1] for row in rows[1:]} == {"Attended", "Did not come"}


def test_the_register_does_not_open_before_the_day(staff_client):
    session = TrainingSessionFactory(starts_at=timezone.now() + timedelta(days=3))
    booking = BookingFactory(session=session)
    staff_client.post(
        f"/staff/training/{session.pk}/register/", {f"booking-{booking.pk}": "attended"}
    )
    booking.refresh_from_db()
    assert booking.attendance == ""


def test_the_report_counts_attendance_by_sector(staff_client):
    session = TrainingSessionFactory(starts_at=timezone.now() - timedelta(days=1))
    BookingFactory(session=session, sector="police", attendance="attended", pledge="Listen")
    BookingFactory(session=session, sector="police", attendance="no_show")
    BookingFactory(
        session=session, sector="school", attendance="attended", pledge="Ask", changed="Asked"
    )
    page = staff_client.get("/staff/training/report/").content.decode()
    assert "Sessions run: <strong>1</strong>" in page
    assert "Pledges made: <strong>2</strong>" in page
    assert "Follow-ups answered: <strong>1</strong>" in page
    assert "50%" in page and "Asked" in page


def test_organisation_users_and_young_people_cannot_open_staff_pages(client):
    session = TrainingSessionFactory()
    for role in ("organisation", "panel"):
        client.force_login(UserFactory(role=role))
        assert client.get(f"/staff/training/{session.pk}/").status_code == 403


def test_a_trainers_name_is_the_accounts_and_goes_when_it_is_anonymised(staff_client):
    from panels.data_protection import anonymise_member
    from training.services import sessions

    member = PanelMemberFactory(display_name="Maya")
    trainer = sessions.make_trainer(member.user)
    assert trainer.display_name == "Maya"
    anonymise_member(member, actor=UserFactory(role="staff"))
    trainer.refresh_from_db()
    assert "Maya" not in trainer.display_name
