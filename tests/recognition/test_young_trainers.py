"""A young trainer who is not a panel member has a record like everyone else: their own
page, their certificate, and a row on staff's list and CSV. A panel member who also trains
has one record, not two."""

import io
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from pypdf import PdfReader

from panels.data_protection import anonymise_member
from recognition import selectors
from recognition.models import AddedTime, ContributionCertificate
from recognition.services import records
from tests.accounts.factories import UserFactory
from tests.panels.factories import (
    PanelMemberFactory,
    PanelSeatFactory,
    seated_panel,
    submitted_application,
)
from training.services.sessions import make_trainer

from .helpers import client_for, delivered, person_of, young_trainer

pytestmark = pytest.mark.django_db


def pdf_text(response):
    pdf = b"".join(response.streaming_content)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_young_trainer_sees_their_sessions_and_hours_on_their_own_page():
    trainer = young_trainer()
    client = client_for(trainer.user)

    home = client.get(reverse("training:trainer")).content.decode()
    assert reverse("recognition:my_record") in home
    page = client.get(reverse("recognition:my_record"))

    assert page.status_code == 200
    lines = dict(page.context["record"].lines)
    assert lines["Training sessions delivered"] == 2
    assert str(lines["Hours"]) == "4.0"  # 2.5 recorded + 90 minutes
    text = page.content.decode()
    assert "Training sessions delivered</th><td>2</td>" in text
    assert "Hours</th><td>4.0</td>" in text
    # Back to their training page, not a panel page they cannot open.
    assert "Back to my training sessions" in text
    assert "Back to my panel page" not in text


def test_a_young_trainer_gets_a_certificate_naming_only_their_display_name(run_jobs):
    trainer = young_trainer(display_name="Kit", username="kit.qzusername")
    trainer.user.email = "kit.private@young.example"
    trainer.user.save()
    client = client_for(trainer.user)

    with run_jobs(execute=True):
        assert client.post(reverse("recognition:my_certificate")).status_code == 302
    certificate = ContributionCertificate.objects.get(person=trainer.user)
    download = client.get(reverse("recognition:my_certificate_download", args=[certificate.pk]))

    assert download.status_code == 200
    text = pdf_text(download)
    flat = text.replace("\n", " ")
    assert "Kit" in text and "Young trainer" in text
    assert "Training sessions delivered 2" in flat and "Hours 4.0" in flat
    assert "qzusername" not in text
    assert "kit.private" not in text and "@" not in text


def test_staff_see_a_young_trainer_in_the_list_the_csv_and_their_page(staff_client):
    trainer = young_trainer(display_name="Kit")
    PanelMemberFactory(display_name="Bo", group="Youth Cabinet")

    page = staff_client.get(reverse("recognition:staff_records")).content.decode()
    person_url = reverse("recognition:staff_record", args=[trainer.user_id])
    assert person_url in page and "Kit</a> (Young trainer)" in page
    csv = staff_client.get(reverse("recognition:staff_records_csv")).content.decode("utf-8-sig")
    assert "Kit,Young trainer,0,0,0,0,2,0.0,4.00,0.00,4.0" in csv.splitlines()

    # Staff add time for them as for anyone.
    response = staff_client.post(
        person_url, {"add_time": "1", "hours": "1.5", "what": "Youth forum", "on": "2026-06-01"}
    )
    assert response.status_code == 302
    assert AddedTime.objects.get().person == trainer.user
    page = staff_client.get(person_url).content.decode()
    assert "Contribution: Kit" in page and "Youth forum" in page
    assert '<th scope="row">Hours</th><td>5.5</td>' in page


def test_staff_person_page_is_only_for_young_people(staff_client, staff_user):
    assert (
        staff_client.get(reverse("recognition:staff_record", args=[staff_user.pk])).status_code
        == 404
    )


def test_someone_who_is_not_a_young_person_has_no_record():
    adult = UserFactory(role="organisation")
    assert client_for(adult).get(reverse("recognition:my_record")).status_code == 403
    assert selectors.young_person(adult.pk) is None


def test_a_panel_member_who_trains_has_one_record_with_both_kinds_of_work(staff_client):
    member = PanelMemberFactory(display_name="Zara", group="Youth Cabinet")
    panel, _ = seated_panel(submitted_application(), members=0)
    PanelSeatFactory(panel=panel, member=member)
    delivered(make_trainer(member.user), ("2", 120))

    records = [r for r in selectors.everyone() if r.person.pk == member.user_id]

    assert len(records) == 1
    record = records[0]
    assert record.person.group == "Youth Cabinet" and record.person.on_panel
    assert record.counts["submissions_read"] == 1
    assert record.counts["sessions_delivered"] == 1 and record.hours == 2
    csv = staff_client.get(reverse("recognition:staff_records_csv")).content.decode("utf-8-sig")
    assert sum(row.startswith("Zara,") for row in csv.splitlines()) == 1


def test_everyone_s_records_take_a_fixed_number_of_queries(django_assert_max_num_queries):
    for n in range(3):
        member = PanelMemberFactory(display_name=f"Member {n}")
        delivered(make_trainer(member.user), ("1", 60))
        young_trainer(display_name=f"Trainer {n}", username=f"trainer-{n}")
        AddedTime.objects.create(person=member.user, hours=1, what="Forum", on=date(2026, 5, 1))

    with django_assert_max_num_queries(10):
        records = selectors.everyone()
        assert [r.person.display_name for r in records][:2] == ["Member 0", "Member 1"]
        assert all(r.hours == 2 for r in records[:3])
        assert all(r.hours == 4 for r in records[3:])


def test_anonymising_a_panel_member_who_trains_keeps_their_training_counts(run_jobs, staff_user):
    member = PanelMemberFactory(display_name="Zara")
    delivered(make_trainer(member.user), ("2", 120))
    with run_jobs(execute=True):
        records.request_certificate(person_of(member.user), actor=staff_user)
    assert ContributionCertificate.objects.get(person=member.user).has_credential

    with run_jobs(execute=True):
        anonymise_member(member, actor=staff_user)

    after = person_of(member.user)
    assert after.left and "Zara" not in after.display_name
    assert selectors.record_for(after).counts["sessions_delivered"] == 1
    assert not ContributionCertificate.objects.filter(person=member.user).exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_each_row_the_account_of_its_panel_member():
    member = PanelMemberFactory()
    other = PanelMemberFactory()
    before = [("recognition", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        old.get_model("recognition", "AddedTime").objects.create(
            member_id=member.pk, hours=2, what="Forum", on=date(2026, 5, 1)
        )
        old.get_model("recognition", "ContributionCertificate").objects.create(
            member_id=other.pk, period_from=date(2026, 1, 1), period_to=date(2026, 2, 1)
        )
    finally:
        # Forward to the latest migration of every app, as the rest of the suite expects.
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert AddedTime.objects.get().person == member.user
    assert ContributionCertificate.objects.get().person == other.user
    assert selectors.record_for(person_of(member.user)).added_hours == 2
