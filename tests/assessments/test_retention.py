"""Retention deletes exactly the evidence files that are due, and records what it removed."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments import retention
from assessments.models import Evidence, RetentionLog, Status, TimelineEvent
from panels.models import AgreedScore
from tests.assessments.factories import (
    AnswerFactory,
    ApplicationFactory,
    EvidenceFactory,
    TimelineEventFactory,
)
from tests.certificates.factories import award_expiring_on
from tests.organisations.factories import OrganisationFactory, member_of
from tests.panels.factories import agree_all

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _attach(application, *files):
    answer = application.answers.first() or AnswerFactory(application=application)
    answer.evidence.add(*files)
    return answer


def _file(organisation, name):
    return EvidenceFactory(organisation=organisation, original_name=name, sha256=name[:1] * 64)


def _awarded(expires_on):
    return award_expiring_on(expires_on).application


def _finished(status, when):
    application = ApplicationFactory(status=status)
    TimelineEventFactory(
        application=application,
        kind=TimelineEvent.Kind.TRANSITION,
        to_status=status,
        created_at=when,
    )
    return application


@pytest.fixture
def world():
    now = timezone.now()
    today = timezone.localdate()
    due_awarded = _awarded(today - 365 * DAY)  # expiry + 365 days is today: due
    fresh_awarded = _awarded(today - 364 * DAY)  # due tomorrow
    due_not_awarded = _finished(Status.NOT_AWARDED, now - 366 * DAY)
    fresh_not_awarded = _finished(Status.NOT_AWARDED, now - 300 * DAY)
    due_withdrawn = _finished(Status.WITHDRAWN, now - 400 * DAY)
    org = due_awarded.organisation
    live = ApplicationFactory(organisation=org, status=Status.DRAFT)  # same organisation, new round
    files = {
        "due_awarded": _file(org, "award-minutes.pdf"),
        "fresh_awarded": _file(fresh_awarded.organisation, "fresh.pdf"),
        "due_not_awarded": _file(due_not_awarded.organisation, "not-awarded.pdf"),
        "fresh_not_awarded": _file(fresh_not_awarded.organisation, "recent.pdf"),
        "withdrawn": _file(due_withdrawn.organisation, "withdrawn.pdf"),
        "shared_with_live": _file(org, "shared.pdf"),
        "library_only": _file(org, "library.pdf"),
    }
    _attach(due_awarded, files["due_awarded"], files["shared_with_live"])
    _attach(live, files["shared_with_live"])
    _attach(fresh_awarded, files["fresh_awarded"])
    _attach(due_not_awarded, files["due_not_awarded"])
    _attach(fresh_not_awarded, files["fresh_not_awarded"])
    _attach(due_withdrawn, files["withdrawn"])
    agree_all(due_awarded, [3] * 16)
    return {
        "now": now,
        "files": files,
        "apps": {
            "due_awarded": due_awarded,
            "due_not_awarded": due_not_awarded,
            "due_withdrawn": due_withdrawn,
            "live": live,
        },
    }


DELETED = {"due_awarded", "due_not_awarded", "withdrawn"}


def _stored(evidence):
    return evidence.file.storage.exists(evidence.file.name)


def test_deletes_exactly_the_files_that_are_due(world):
    files = world["files"]
    assert all(_stored(e) for e in files.values())
    removed = retention.apply_retention()
    assert {item.log.evidence_pk for item in removed} == {files[k].pk for k in DELETED}
    for key, evidence in files.items():
        evidence.refresh_from_db()
        if key in DELETED:
            assert evidence.file_deleted_at is not None, key
            assert not _stored(evidence), key
        else:
            assert evidence.file_deleted_at is None, key
            assert _stored(evidence), key


def test_records_what_it_removed(world):
    retention.apply_retention()
    evidence = world["files"]["due_awarded"]
    log = RetentionLog.objects.get(evidence_pk=evidence.pk)
    assert log.original_name == "award-minutes.pdf"
    assert log.size == evidence.size
    assert log.sha256 == "a" * 64
    assert log.stored_name == evidence.file.name
    assert log.organisation_id == evidence.organisation_id
    assert log.application_ids == [world["apps"]["due_awarded"].pk]
    note = TimelineEvent.objects.get(
        application=world["apps"]["due_awarded"], kind=TimelineEvent.Kind.NOTE
    )
    assert "award-minutes.pdf" in note.message
    assert "a" * 64 in note.message
    assert RetentionLog.objects.count() == 3


def test_scores_outcomes_and_answers_stay(world):
    application = world["apps"]["due_awarded"]
    before = list(
        AgreedScore.objects.filter(application=application).values_list("value", flat=True)
    )
    retention.apply_retention()
    application.refresh_from_db()
    assert application.status == Status.AWARDED
    assert application.award.expires_on is not None
    assert (
        list(AgreedScore.objects.filter(application=application).values_list("value", flat=True))
        == before
    )
    assert sum(before) == 48
    assert application.answers.first().evidence.filter(pk=world["files"]["due_awarded"].pk).exists()


def test_running_again_changes_nothing(world):
    retention.apply_retention()
    assert retention.apply_retention() == []
    assert RetentionLog.objects.count() == 3


def test_a_file_used_by_two_due_applications_is_deleted_once_and_noted_on_both():
    now = timezone.now()
    org = OrganisationFactory()
    first = ApplicationFactory(organisation=org, status=Status.WITHDRAWN)
    second = ApplicationFactory(organisation=org, status=Status.NOT_AWARDED)
    for app in (first, second):
        TimelineEventFactory(
            application=app,
            kind=TimelineEvent.Kind.TRANSITION,
            to_status=app.status,
            created_at=now - 500 * DAY,
        )
    shared = _file(org, "shared.pdf")
    _attach(first, shared)
    _attach(second, shared)
    removed = retention.apply_retention()
    assert [r.log.application_ids for r in removed] == [sorted([first.pk, second.pk])]
    assert TimelineEvent.objects.filter(kind=TimelineEvent.Kind.NOTE).count() == 2


def test_outcome_time_falls_back_to_outcome_confirmed_at():
    old = timezone.now() - 400 * DAY
    application = ApplicationFactory(status=Status.NOT_AWARDED, outcome_confirmed_at=old)
    evidence = _file(application.organisation, "old.pdf")
    _attach(application, evidence)
    assert retention.due_evidence() == {evidence.pk: [application.pk]}


def test_periods_are_settings(world, settings):
    settings.RETENTION_AFTER_EXPIRY_DAYS = 366
    settings.RETENTION_AFTER_OUTCOME_DAYS = 1000
    assert retention.apply_retention() == []
    settings.RETENTION_AFTER_OUTCOME_DAYS = 10
    deleted = {r.log.evidence_pk for r in retention.apply_retention()}
    files = world["files"]
    assert deleted == {files[k].pk for k in ("due_not_awarded", "fresh_not_awarded", "withdrawn")}


def test_management_command_and_task(world):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "3 file(s) due. Nothing was deleted" in out.getvalue()
    assert not Evidence.objects.filter(file_deleted_at__isnull=False).exists()
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "award-minutes.pdf" in out.getvalue()
    assert "3 evidence file(s) deleted." in out.getvalue()

    from assessments.tasks import apply_retention

    assert apply_retention() == 0  # the beat task: nothing left to do


def test_download_of_a_deleted_file_answers_410(client, staff_client, world):
    retention.apply_retention()
    evidence = world["files"]["due_awarded"]
    response = staff_client.get(reverse("assessments:evidence_download", args=[evidence.pk]))
    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/plain")
    assert "retention period ended" in response.content.decode()
    client.force_login(member_of(OrganisationFactory()))
    other = client.get(reverse("assessments:evidence_download", args=[evidence.pk]))
    assert other.status_code == 404  # another organisation still learns nothing


def test_staff_detail_shows_a_deleted_file_without_a_link(staff_client, world):
    retention.apply_retention()
    application = world["apps"]["due_awarded"]
    evidence = world["files"]["due_awarded"]
    body = staff_client.get(
        reverse("console:staff_submission", args=[application.pk])
    ).content.decode()
    assert "award-minutes.pdf" in body
    assert "at the end of its retention period" in body
    assert reverse("assessments:evidence_download", args=[evidence.pk]) not in body
