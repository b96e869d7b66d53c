"""A young trainer who is not a panel member leaves: staff are prompted to give them their
certificate, confirm, and the record keeps its counts and hours without a name."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from recognition.models import AddedTime, ContributionCertificate
from recognition.services import records
from tests.accounts.factories import UserFactory
from tests.panels.factories import PanelMemberFactory
from training.models import Trainer
from training.refusals import TrainingRefused
from training.services.sessions import anonymise_trainer, make_trainer

from .helpers import client_for, person_of, young_trainer

pytestmark = pytest.mark.django_db

PASSWORD = "a long password 123"


def _anonymise_url(trainer):
    return reverse("console:training_trainer_anonymise", args=[trainer.pk])


def _csv_row(client, start):
    csv = client.get(reverse("recognition:staff_records_csv")).content.decode("utf-8-sig")
    return [row for row in csv.splitlines() if row.startswith(start)]


def test_staff_are_prompted_to_give_the_certificate_before_they_confirm(staff_client):
    trainer = young_trainer(display_name="Kit")
    record_url = reverse("recognition:staff_record", args=[trainer.user_id])

    record = staff_client.get(record_url).content.decode()
    assert _anonymise_url(trainer) in record

    page = staff_client.get(_anonymise_url(trainer))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Anonymise Kit?" in text and "This cannot be undone." in text
    assert 'id="give-certificate-first"' in text
    assert f'href="{record_url}">Make and download their certificate' in text
    # Looking is not leaving.
    assert not Trainer.objects.get(pk=trainer.pk).anonymised_at
    assert "Kit" in person_of(trainer.user).display_name


def test_once_confirmed_the_record_keeps_its_counts_and_hours_without_a_name(
    staff_client, staff_user, run_jobs
):
    trainer = young_trainer(display_name="Kitterly", username="kitterly.login")
    own = client_for(trainer.user)
    assert own.get(reverse("recognition:my_record")).status_code == 200
    AddedTime.objects.create(person=trainer.user, hours=1, what="Kitterly's forum", on="2026-05-01")
    with run_jobs(execute=True):
        records.request_certificate(person_of(trainer.user), actor=staff_user)
    certificate = ContributionCertificate.objects.get(person=trainer.user)
    storage, name = certificate.file.storage, certificate.file.name
    assert certificate.has_credential and storage.exists(name)
    before = _csv_row(staff_client, "Kitterly,")
    assert before == ["Kitterly,Young trainer,0,0,0,0,2,0.0,4.00,1.00,5.0"]

    with run_jobs(execute=True):
        response = staff_client.post(_anonymise_url(trainer))

    record_url = reverse("recognition:staff_record", args=[trainer.user_id])
    assert response.status_code == 302 and response.url == record_url
    label = f"Former young trainer {trainer.pk}"
    # The counts and hours stay, on the list, in the CSV and on the record.
    assert _csv_row(staff_client, f"{label},") == [
        f"{label},Young trainer,0,0,0,0,2,0.0,4.00,1.00,5.0"
    ]
    listing = staff_client.get(reverse("recognition:staff_records")).content.decode()
    page = staff_client.get(record_url).content.decode()
    csv = staff_client.get(reverse("recognition:staff_records_csv")).content.decode("utf-8-sig")
    for text in (listing, page, csv):
        assert "kitterly" not in text.lower()
    assert f"Contribution: {label}" in page and "<td>5.0</td>" in page
    # Nothing more can be done to the record: no certificate, no time, no second leaving.
    assert "Make a certificate" not in page and "Add time" not in page
    assert _anonymise_url(trainer) not in page
    assert staff_client.get(_anonymise_url(trainer)).status_code == 404
    # Certificates and their files go; the note on added time too.
    assert not ContributionCertificate.objects.filter(person=trainer.user).exists()
    assert not storage.exists(name)
    assert AddedTime.objects.get(person=trainer.user).what == "Time given"
    # The account: no name, no login, no password; its session ended.
    trainer.user.refresh_from_db()
    assert trainer.user.full_name == label and trainer.user.email is None
    assert "kitterly" not in trainer.user.username
    assert not trainer.user.has_usable_password() and not trainer.user.is_active
    mine = own.get(reverse("recognition:my_record"))
    assert mine.status_code == 302 and mine.url.startswith(reverse("accounts:login"))
    fresh = Client()
    fresh.post(reverse("accounts:login"), {"username": "kitterly.login", "password": PASSWORD})
    assert fresh.get(reverse("recognition:my_record")).status_code == 302
    # Recorded in the audit log.
    redaction = AuditEvent.objects.get(event=AuditEvent.Event.REDACTION)
    assert label in redaction.summary and redaction.actor == staff_user


def test_only_staff_can_make_a_young_trainer_leave():
    trainer = young_trainer(display_name="Kit")
    other = young_trainer(display_name="Jo", username="jo.trainer")
    for user in (
        trainer.user,
        other.user,
        PanelMemberFactory().user,
        UserFactory(role="organisation"),
    ):
        client = client_for(user)
        assert client.get(_anonymise_url(trainer)).status_code == 403
        assert client.post(_anonymise_url(trainer)).status_code == 403
    assert Trainer.objects.get(pk=trainer.pk).anonymised_at is None
    assert trainer.user.display_label == "Kit"


def test_a_panel_member_who_trains_leaves_from_the_panel_members_page(staff_client, staff_user):
    member = PanelMemberFactory(display_name="Zara")
    trainer = make_trainer(member.user)

    assert staff_client.get(_anonymise_url(trainer)).status_code == 404
    page = staff_client.get(reverse("recognition:staff_record", args=[member.user_id]))
    assert reverse("console:staff_member_anonymise", args=[member.pk]) in page.content.decode()
    with pytest.raises(TrainingRefused):
        anonymise_trainer(trainer, actor=staff_user)
    assert not person_of(member.user).left


def test_saving_a_sessions_team_later_keeps_what_a_leaver_delivered(staff_client, staff_user):
    """Staff cannot choose someone who left, so the team form never sends them: saving the
    team again must not take the session off their record."""
    from tests.training.factories import TrainingSessionFactory
    from training.models import TrainerAssignment

    leaver = young_trainer(display_name="Kit", username="kit.leaver")
    stays = young_trainer(display_name="Sol", username="sol.stays")
    session = TrainerAssignment.objects.filter(trainer=leaver).first().session
    TrainerAssignment.objects.create(session=session, trainer=stays)
    anonymise_trainer(leaver, actor=staff_user)
    before = records_of(leaver)
    dropped = TrainingSessionFactory()
    TrainerAssignment.objects.create(session=dropped, trainer=stays)

    for one in (session, dropped):
        response = staff_client.post(
            reverse("console:training_session_team", args=[one.pk]), {"trainers": []}
        )
        assert response.status_code == 302

    assert records_of(leaver) == before
    assert TrainerAssignment.objects.filter(session=session, trainer=leaver).exists()
    assert not TrainerAssignment.objects.filter(
        trainer=stays, session__in=[session, dropped]
    ).exists()


def records_of(trainer):
    from recognition import selectors

    record = selectors.record_for(person_of(trainer.user))
    return record.counts["sessions_delivered"], record.hours
