"""After the session: the pledge request and the certificate (once each), the pledge,
the follow-up three months on (once, even with two sweeps), the trainers' "you said, they
did" without names, the evidence item in the organisation's library, and retention."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from assessments.models import Evidence
from tests.organisations.factories import OrganisationFactory
from tests.panels.factories import PanelMemberFactory
from training import followups, links
from training.models import Booking, FollowUpLedger
from training.refusals import TrainingRefused
from training.services import pledges, sessions

from .factories import BookingFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def _ended_session(**kwargs):
    return TrainingSessionFactory(starts_at=timezone.now() - timedelta(hours=3), **kwargs)


def test_attendees_get_a_pledge_request_and_a_certificate_once(run_jobs):
    session = _ended_session()
    came = BookingFactory(session=session, attendance="attended", name="Ada Nurse")
    BookingFactory(session=session, attendance="no_show")
    with run_jobs(execute=True):
        assert followups.send_pledge_requests() == 1
    assert followups.send_pledge_requests() == 0
    by_subject = {m.subject: m for m in mail.outbox}
    assert set(by_subject) == {
        "Thank you for coming: what will you change?",
        "Your certificate: Working with Teenagers",
    }
    assert (
        links.url(came, "pledge") in by_subject["Thank you for coming: what will you change?"].body
    )
    name, pdf, mimetype = by_subject["Your certificate: Working with Teenagers"].attachments[0]
    assert mimetype == "application/pdf" and pdf.startswith(b"%PDF")


def test_a_session_still_running_sends_nothing_yet():
    session = TrainingSessionFactory(starts_at=timezone.now() - timedelta(minutes=30))
    BookingFactory(session=session, attendance="attended")
    assert followups.send_pledge_requests() == 0


def test_the_pledge_is_taken_once_through_its_link(client):
    booking = BookingFactory(session=_ended_session(), attendance="attended")
    url = f"/training/pledge/{links.token(booking, 'pledge')}/"
    assert "What will you change?" in client.get(url).content.decode()
    assert "This field is required" in client.post(url, {"text": " "}).content.decode()
    booking.refresh_from_db()
    assert booking.pledged_at is None
    client.post(url, {"text": "Ask before assuming."})
    booking.refresh_from_db()
    assert booking.pledge == "Ask before assuming." and booking.pledged_at
    page = client.post(url, {"text": "Again"}).content.decode()
    assert "already sent your pledge" in page
    booking.refresh_from_db()
    assert booking.pledge == "Ask before assuming."


def test_no_pledge_link_for_someone_who_did_not_come():
    booking = BookingFactory(session=_ended_session(), attendance="no_show")
    with pytest.raises(TrainingRefused):
        pledges.submit_pledge(links.token(booking, "pledge"), "Something")


def test_the_follow_up_goes_three_months_on_once_to_those_who_pledged(run_jobs):
    day = timezone.localdate()
    session = TrainingSessionFactory(starts_at=timezone.now() - timedelta(days=200))
    pledged = BookingFactory(
        session=session, attendance="attended", pledge="Listen", pledged_at=timezone.now()
    )
    BookingFactory(session=session, attendance="attended")  # no pledge: not asked
    recent = TrainingSessionFactory(starts_at=timezone.now() - timedelta(days=30))
    BookingFactory(session=recent, attendance="attended", pledge="X", pledged_at=timezone.now())
    with run_jobs(execute=True):
        assert followups.send_follow_ups(day) == 1
        assert followups.send_follow_ups(day) == 0
    [message] = mail.outbox
    assert message.to == [pledged.email] and "Listen" in message.body
    assert FollowUpLedger.objects.filter(booking=pledged, kind="follow_up").count() == 1


def test_the_follow_up_date_is_three_calendar_months_on():
    from datetime import datetime

    session = TrainingSessionFactory.build(
        starts_at=timezone.make_aware(datetime(2026, 11, 30, 16, 0))
    )
    assert str(followups.follow_up_due_on(session)) == "2027-02-28"


def test_what_changed_is_taken_once(client):
    booking = BookingFactory(
        session=_ended_session(), attendance="attended", pledge="Listen", pledged_at=timezone.now()
    )
    url = f"/training/follow-up/{links.token(booking, 'follow_up')}/"
    assert "Listen" in client.get(url).content.decode()
    client.post(url, {"text": "I now ask pupils first."})
    booking.refresh_from_db()
    assert booking.changed == "I now ask pupils first."
    assert "already told us" in client.post(url, {"text": "x"}).content.decode()


def test_trainers_see_numbers_needs_and_pledges_but_not_names(client):
    member = PanelMemberFactory()
    upcoming = TrainingSessionFactory()
    past = _ended_session()
    sessions.set_trainers(upcoming.pk, [sessions.make_trainer(member.user)])
    sessions.set_trainers(past.pk, [sessions.make_trainer(member.user)])
    BookingFactory(session=upcoming, name="Hidden Name", access_needs="Needs a hearing loop")
    BookingFactory(session=upcoming, status=Booking.Status.WAITING)
    BookingFactory(
        session=past,
        name="Pledger Name",
        attendance="attended",
        pledge="Use first names",
        changed="I learnt every name",
    )
    client.force_login(member.user)
    page = client.get("/training/trainer/").content.decode()
    assert "<strong>1</strong> people booked" in page
    assert "Needs a hearing loop" in page and "Use first names" in page
    assert "I learnt every name" in page
    assert "Hidden Name" not in page and "Pledger Name" not in page
    upcoming.show_names_to_trainers = True
    upcoming.save()
    assert "Hidden Name" in client.get("/training/trainer/").content.decode()


def test_adults_cannot_open_the_trainers_page(client):
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory(role="organisation"))
    assert client.get("/training/trainer/").status_code == 403


def test_attendance_gives_the_organisation_an_evidence_item(run_jobs):
    organisation = OrganisationFactory()
    session = TrainingSessionFactory(starts_at=timezone.now() + timedelta(minutes=1))
    staff = BookingFactory.create_batch(2, session=session, organisation=organisation)
    other = BookingFactory(session=session)  # no Kitemark organisation
    with run_jobs(execute=True):
        sessions.take_register(
            session.pk,
            {staff[0].pk: "attended", staff[1].pk: "attended", other.pk: "attended"},
            actor=None,
        )
    [evidence] = Evidence.objects.library(organisation)
    day = timezone.localtime(session.starts_at)
    assert evidence.original_name == (
        f"2 staff attended Working with Teenagers on {day.day} {day:%B %Y}.pdf"
    )
    assert evidence.content_type == "application/pdf"
    assert evidence.file.read().startswith(b"%PDF")
    with run_jobs(execute=True):
        sessions.take_register(session.pk, {staff[1].pk: "no_show"}, actor=None)
    [evidence] = Evidence.objects.library(organisation)
    assert evidence.original_name.startswith("1 member of staff attended")
    assert Evidence.objects.count() == 1


def test_bookings_are_anonymised_after_the_follow_up_and_retention(settings):
    settings.TRAINING_RETENTION_DAYS = 30
    old = TrainingSessionFactory(starts_at=timezone.now() - timedelta(days=140))
    kept = TrainingSessionFactory(starts_at=timezone.now() - timedelta(days=100))
    gone = BookingFactory(session=old, attendance="attended", pledge="Listen", sector="police")
    stays = BookingFactory(session=kept)
    assert followups.anonymise_old_bookings() == 1
    gone.refresh_from_db()
    stays.refresh_from_db()
    assert (gone.name, gone.email, gone.role, gone.access_needs) == ("", "", "", "")
    assert gone.pledge == "Listen" and gone.sector == "police" and gone.anonymised_at
    assert stays.name and stays.anonymised_at is None


def test_the_beat_sweep_runs_every_part(run_jobs):
    from training.tasks import sweep

    session = _ended_session()
    BookingFactory(session=session, attendance="attended")
    result = sweep()
    assert result["pledge_requests"] == 1 and set(result) == {
        "offers_lapsed",
        "pledge_requests",
        "follow_ups",
        "anonymised",
    }


def test_trainers_get_the_link_of_an_online_session_they_deliver(client):
    """The link goes to people only when they book; the young people delivering the
    session need it too, and only for their own sessions."""
    member = PanelMemberFactory()
    theirs = TrainingSessionFactory(online_link="https://meet.example.org/ours")
    TrainingSessionFactory(online_link="https://meet.example.org/not-ours")
    sessions.set_trainers(theirs.pk, [sessions.make_trainer(member.user)])
    client.force_login(member.user)
    page = client.get("/training/trainer/").content.decode()
    assert 'href="https://meet.example.org/ours"' in page
    assert "not-ours" not in page
