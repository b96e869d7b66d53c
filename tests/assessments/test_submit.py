import datetime

import pytest
from django.core import mail
from django.urls import reverse

from assessments import workflow
from assessments.models import Application, Status, SubmissionSnapshot, TimelineEvent
from assessments.refusals import ActionRefused
from assessments.services import answers, applications
from tests.accounts.factories import StaffFactory
from tests.assessments.conftest import fill_all

pytestmark = pytest.mark.django_db


def submit_url(application):
    return reverse("assessments:submit", args=[application.pk])


def test_submit_with_gaps_lists_each_missing_indicator_with_a_link(member_client, application):
    answers = list(application.answers.select_related("indicator").order_by("indicator__order"))
    fill_all(application)
    gap_text, gap_rating = answers[0], answers[5]
    gap_text.text = ""
    gap_text.save()
    gap_rating.self_rating = None
    gap_rating.save()
    page = member_client.get(submit_url(application)).content.decode()
    assert "You cannot submit yet" in page
    for gap in (gap_text, gap_rating):
        assert reverse("assessments:answer", args=[application.pk, gap.indicator.code]) in page
    assert "no answer" in page and "no self-rating" in page
    member_client.post(submit_url(application), {"declaration": "on"})
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_declaration_is_required(member_client, application):
    fill_all(application)
    response = member_client.post(submit_url(application), {})
    assert "Tick the box to confirm" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_full_submit_transitions_emails_members_and_freezes_answers(
    member_client, application, member, colleague, run_jobs
):
    fill_all(application)
    with run_jobs(execute=True):
        response = member_client.post(submit_url(application), {"declaration": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.submitted_at is not None
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {member.email, colleague.email}
    assert "received" in mail.outbox[0].subject
    assert TimelineEvent.objects.filter(
        application=application, to_status=Status.SUBMITTED, actor=member
    ).exists()
    snapshot = SubmissionSnapshot.objects.get(application=application)
    assert len(snapshot.answers) == 16
    assert not answers.is_editable(application)


def test_submit_after_cycle_deadline_is_refused(member_client, application):
    fill_all(application)
    application.cycle.submission_deadline = datetime.date(2020, 1, 1)
    application.cycle.save()
    response = member_client.post(submit_url(application), {"declaration": "on"}, follow=True)
    assert "The deadline for this round was" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_return_then_resubmit_keeps_both_submissions_on_the_timeline(
    client, application, member, run_jobs
):
    fill_all(application)
    client.force_login(member)
    client.post(submit_url(application), {"declaration": "on"})
    staff = StaffFactory()
    client.force_login(staff)
    with run_jobs(execute=True):
        client.post(
            reverse("console:staff_return", args=[application.pk]),
            {"message": "Please add your youth forum minutes."},
        )
    application.refresh_from_db()
    assert application.status == Status.RETURNED
    assert any("youth forum minutes" in m.body for m in mail.outbox)
    assert answers.is_editable(application)
    client.force_login(member)
    client.post(submit_url(application), {"declaration": "on"})
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    to_statuses = list(
        application.timeline.filter(kind=TimelineEvent.Kind.TRANSITION).values_list(
            "to_status", flat=True
        )
    )
    assert to_statuses == [Status.SUBMITTED, Status.RETURNED, Status.SUBMITTED]
    assert application.snapshots.count() == 2


def test_return_needs_a_message(staff_client, application, member):
    fill_all(application)
    applications.submit(application, member)
    response = staff_client.post(
        reverse("console:staff_return", args=[application.pk]), {"message": ""}
    )
    assert "Write a message" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_resubmission_sets_round_two_and_transitions(member_client, application, member):
    Application.objects.filter(pk=application.pk).update(
        status=Status.RESUBMISSION_INVITED,
        resubmission_deadline=datetime.date.today() + datetime.timedelta(days=30),
    )
    fill_all(application)
    page = member_client.get(submit_url(application)).content.decode()
    assert "Resubmit" in page
    member_client.post(submit_url(application), {"declaration": "on"})
    application.refresh_from_db()
    assert application.status == Status.RESUBMITTED
    assert application.round == 2
    assert application.snapshots.get().round == 2


def test_resubmission_after_deadline_is_refused(application, member):
    Application.objects.filter(pk=application.pk).update(
        status=Status.RESUBMISSION_INVITED, resubmission_deadline=datetime.date(2020, 1, 1)
    )
    application.refresh_from_db()
    fill_all(application)
    with pytest.raises(ActionRefused, match="deadline"):
        applications.submit(application, member)
    application.refresh_from_db()
    assert application.round == 1
    assert application.status == Status.RESUBMISSION_INVITED


def test_withdraw_needs_confirmation_then_withdraws(member_client, application, run_jobs):
    url = reverse("assessments:withdraw", args=[application.pk])
    page = member_client.get(url).content.decode()
    assert "Yes, withdraw the application" in page
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    with run_jobs(execute=True):
        member_client.post(url, {"reason": "We are merging with another club."})
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    assert "merging" in application.timeline.get(to_status=Status.WITHDRAWN).message
    assert "withdrawn" in mail.outbox[0].subject


def test_withdraw_refused_after_outcome(member_client, application):
    Application.objects.filter(pk=application.pk).update(status=Status.AWARDED)
    member_client.post(reverse("assessments:withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.AWARDED
    with pytest.raises(ActionRefused):
        applications.withdraw(application, application.created_by)


def test_other_organisation_cannot_submit_or_withdraw(client, application, other_org_user):
    fill_all(application)
    client.force_login(other_org_user)
    assert client.post(submit_url(application), {"declaration": "on"}).status_code == 404
    url = reverse("assessments:withdraw", args=[application.pk])
    assert client.post(url).status_code == 404
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_staff_cannot_submit_for_the_organisation(staff_client, application):
    fill_all(application)
    assert staff_client.post(submit_url(application), {"declaration": "on"}).status_code == 404
    assert not workflow.can_transition(application, Status.SUBMITTED, workflow.STAFF)
