"""Each young person's contribution record, their certificate, and staff's pages."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from checkins.services import reviews
from panels.data_protection import anonymise_member
from panels.models import Attendance
from recognition import selectors
from recognition.models import AddedTime, ContributionCertificate
from recognition.services import records
from tests.checkins.factories import review_of, scored_award, sent_checkin
from tests.panels.factories import (
    InterviewFactory,
    PanelMemberFactory,
    PanelSeatFactory,
    ScoringSubmissionFactory,
    seated_panel,
    submitted_application,
)
from tests.training.factories import TrainingSessionFactory
from training.models import TrainerAssignment, TrainingSession
from training.services.sessions import make_trainer

from .helpers import client_for

pytestmark = pytest.mark.django_db


def person_of(member):
    return selectors.young_person(member.user_id)


def record_of(member):
    return selectors.record_for(person_of(member))


def busy_member():
    """A young person who read, interviewed (90 minutes), scored and reviewed."""
    member = PanelMemberFactory(display_name="Amira", group="Youth Cabinet")
    member.user.full_name = "Amira Zqsurname"
    member.user.email = "amira.private@young.example"
    member.user.save()
    application = submitted_application()
    panel, _ = seated_panel(application, members=0)
    PanelSeatFactory(panel=panel, member=member)
    InterviewFactory(application=application, duration_minutes=90)
    Attendance.objects.create(application=application, round=1, member=member, present=True)
    ScoringSubmissionFactory(member=member, application=application)
    award, writer, _ = scored_award(reviewers=0)
    checkin = sent_checkin(award, actor=writer)
    reviews.ask(checkin, member, actor=None)
    reviews.give(
        review_of(checkin, member), verdict="on_track", comment="", questions="", member=member
    )
    return member


def test_the_record_counts_each_kind_of_work_and_the_hours(staff_user):
    member = busy_member()
    AddedTime.objects.create(
        person=member.user, hours="2.5", what="Youth forum", on=date(2026, 5, 1)
    )
    record = record_of(member)
    assert record.counts == {
        "submissions_read": 1,
        "interviews": 1,
        "scoring_sessions": 1,
        "checkins_reviewed": 1,
        "sessions_delivered": 0,
    }
    assert str(record.hours) == "4.0"  # 90 minutes + 2.5 hours
    assert dict(record.lines)["Hours"] == record.hours


def test_staff_add_time_see_everyone_and_export_it(staff_client):
    member = busy_member()
    other = PanelMemberFactory(display_name="Bo")
    response = staff_client.post(
        reverse("recognition:staff_record", args=[member.user_id]),
        {"add_time": "1", "hours": "1.5", "what": "Training session", "on": "2026-06-01"},
    )
    assert response.status_code == 302
    page = staff_client.get(reverse("recognition:staff_records")).content.decode()
    assert "Amira" in page and "Bo" in page
    csv = staff_client.get(reverse("recognition:staff_records_csv")).content.decode("utf-8-sig")
    header, *rows = csv.strip().splitlines()
    assert header.startswith("Display name,Group,Submissions read,Interviews")
    assert "Amira,Youth Cabinet,1,1,1,1,0,1.5,0.00,1.50,3.0" in rows
    assert any(row.startswith(f"{other.display_name},") for row in rows)
    # Bad input: a message next to the field, nothing saved.
    response = staff_client.post(
        reverse("recognition:staff_record", args=[member.user_id]),
        {"add_time": "1", "hours": "0", "what": "x", "on": "2026-06-01"},
    )
    assert response.status_code == 200
    assert AddedTime.objects.filter(person=member.user).count() == 1


def test_the_certificate_names_only_the_display_name_and_the_totals(run_jobs):
    member = busy_member()
    client = client_for(member.user)
    with run_jobs(execute=True):
        response = client.post(reverse("recognition:my_certificate"))
    assert response.status_code == 302
    certificate = ContributionCertificate.objects.get(person=member.user)
    assert certificate.is_ready
    download = client.get(reverse("recognition:my_certificate_download", args=[certificate.pk]))
    assert download.status_code == 200
    pdf = b"".join(download.streaming_content)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Amira" in text and "Youth Cabinet" in text
    assert "Certificate of contribution" in text
    assert "Youth Participation Team" in text
    for label, number in [("Submissions read", "1"), ("Interviews", "1"), ("Hours", "1.5")]:
        assert f"{label} {number}" in text.replace("\n", " ")
    assert "Zqsurname" not in text
    assert "amira.private@young.example" not in text and "@" not in text


def test_a_young_person_sees_only_their_own_record():
    member = busy_member()
    other = PanelMemberFactory()
    certificate = ContributionCertificate.objects.create(
        person=member.user, period_from=date(2026, 1, 1), period_to=date(2026, 2, 1)
    )
    client = client_for(other.user)
    assert client.get(reverse("recognition:my_record")).status_code == 200
    assert "Amira" not in client.get(reverse("recognition:my_record")).content.decode()
    assert (
        client.get(
            reverse("recognition:my_certificate_download", args=[certificate.pk])
        ).status_code
        == 404
    )
    assert client.get(reverse("recognition:staff_record", args=[member.user_id])).status_code == 403
    assert client.get(reverse("recognition:staff_records")).status_code == 403


def test_anonymising_a_leaver_keeps_the_counts_and_removes_the_certificate(
    run_jobs, staff_client, staff_user
):
    member = busy_member()
    AddedTime.objects.create(
        person=member.user, hours="1", what="Amira's forum", on=date(2026, 5, 1)
    )
    page = staff_client.get(reverse("console:staff_member_anonymise", args=[member.pk]))
    assert "Give them their certificate of contribution first" in page.content.decode()
    assert reverse("recognition:staff_record", args=[member.user_id]) in page.content.decode()
    with run_jobs(execute=True):
        staff_client.post(
            reverse("recognition:staff_record", args=[member.user_id]), {"certificate": "1"}
        )
    certificate = ContributionCertificate.objects.get(person=member.user)
    stored = certificate.file.name
    storage = certificate.file.storage
    assert storage.exists(stored)
    before = record_of(member)
    with run_jobs(execute=True):  # the PDF goes when the anonymising commits
        anonymise_member(member, actor=staff_user)
    member.refresh_from_db()
    after = record_of(member)
    assert after.counts == before.counts and after.hours == before.hours
    assert not ContributionCertificate.objects.filter(person=member.user).exists()
    assert not storage.exists(stored)
    assert not AddedTime.objects.filter(what__contains="Amira").exists()
    page = staff_client.get(reverse("recognition:staff_records")).content.decode()
    assert "Amira" not in page and member.display_name in page


def test_training_sessions_a_young_person_delivered_count_with_their_hours():
    """Sessions delivered as a young trainer count once they have started (not cancelled,
    not still to come); their hours are those staff recorded, else the session's length."""
    member = PanelMemberFactory(display_name="Zara")
    trainer = make_trainer(member.user)
    past = timezone.now() - timedelta(days=10)
    recorded = TrainingSessionFactory(starts_at=past, length_minutes=120)
    unrecorded = TrainingSessionFactory(starts_at=past, length_minutes=90)
    cancelled = TrainingSessionFactory(
        starts_at=past, status=TrainingSession.Status.CANCELLED, cancelled_at=past
    )
    upcoming = TrainingSessionFactory()
    TrainerAssignment.objects.create(session=recorded, trainer=trainer, hours=Decimal("2.5"))
    for session in (unrecorded, cancelled, upcoming):
        TrainerAssignment.objects.create(session=session, trainer=trainer)
    other = PanelMemberFactory()

    mine, theirs = selectors.records_for([person_of(member), person_of(other)])

    assert mine.counts["sessions_delivered"] == 2
    assert mine.hours == Decimal("4.0")  # 2.5 recorded + 90 minutes
    assert ("Training sessions delivered", 2) in mine.lines
    assert theirs.counts["sessions_delivered"] == 0 and theirs.hours == Decimal("0.0")


def test_an_anonymising_that_is_rolled_back_keeps_the_certificate_file(run_jobs, staff_user):
    member = busy_member()
    with run_jobs(execute=True):
        records.request_certificate(person_of(member), actor=staff_user)
    certificate = ContributionCertificate.objects.get(person=member.user)
    stored, storage = certificate.file.name, certificate.file.storage
    with pytest.raises(RuntimeError), transaction.atomic():
        anonymise_member(member, actor=staff_user)
        raise RuntimeError("the anonymising fails after the certificate rows went")
    assert ContributionCertificate.objects.filter(pk=certificate.pk).exists()
    assert storage.exists(stored)
