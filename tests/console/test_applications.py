"""Staff application record: the overview (only the allowed actions), and the submission,
scores and timeline tabs."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments import workflow
from assessments.models import AnswerLink, Status, TimelineEvent
from assessments.services import applications
from console import applications as application_record
from jobs.models import Job
from tests.accounts.factories import StaffFactory, UserFactory
from tests.assessments.conftest import fill_all
from tests.assessments.factories import ApplicationFactory, EvidenceFactory
from tests.certificates.factories import AwardFactory
from tests.jobs.factories import JobFactory
from tests.panels.factories import (
    InterviewFactory,
    PanelFactory,
    ScoreFactory,
    agree_all,
    seated_panel,
)

pytestmark = pytest.mark.django_db


def _keys(client, application):
    response = client.get(reverse("console:staff_detail", args=[application.pk]))
    assert response.status_code == 200
    return [a.key for a in response.context["actions"]], response.content.decode()


def test_draft_shows_no_actions(staff_client):
    keys, body = _keys(staff_client, ApplicationFactory(status=Status.DRAFT))
    assert keys == []
    assert "There is nothing for staff to do" in body


def test_submitted_shows_return_and_assign(staff_client):
    application = ApplicationFactory(status=Status.SUBMITTED)
    keys, body = _keys(staff_client, application)
    assert keys == ["return", "assign"]
    assert reverse("console:staff_assign", args=[application.pk]) in body
    assert 'id="return-heading"' in body


def test_panel_assigned_shows_schedule_and_change_panel(staff_client):
    application = PanelFactory().application
    keys, body = _keys(staff_client, application)
    assert keys == ["assign", "schedule"]
    assert reverse("console:staff_interview", args=[application.pk]) in body
    assert "Return for more information" not in body


def test_interview_scheduled_shows_change_interview_and_finalise_for_the_facilitator(client):
    facilitator = StaffFactory()
    application = ApplicationFactory(status=Status.INTERVIEW_SCHEDULED)
    PanelFactory(application=application, facilitator=facilitator)
    InterviewFactory(application=application)
    client.force_login(facilitator)
    keys, _ = _keys(client, application)
    assert keys == ["assign", "schedule", "finalise"]
    client.force_login(StaffFactory())
    keys, _ = _keys(client, application)
    assert keys == ["assign", "schedule"]


def test_scored_shows_confirm_only(staff_client):
    application = ApplicationFactory(status=Status.SCORED, total=50, proposed_outcome="awarded")
    keys, body = _keys(staff_client, application)
    assert keys == ["confirm"]
    assert reverse("console:staff_outcome", args=[application.pk]) in body


def test_awarded_shows_revoke_until_revoked(staff_client):
    award = AwardFactory()
    keys, body = _keys(staff_client, award.application)
    assert keys == ["revoke"]
    assert reverse("console:staff_revoke", args=[award.pk]) in body
    assert award.certificate_number in body
    award.revoked_at = award.created_at
    award.revoked_reason = "Misused the logo"
    award.save()
    keys, _ = _keys(staff_client, award.application)
    assert keys == []


@pytest.mark.parametrize(
    "status", [Status.RETURNED, Status.NOT_AWARDED, Status.WITHDRAWN, Status.RESUBMISSION_INVITED]
)
def test_statuses_where_staff_have_nothing_to_do(staff_client, status):
    keys, _ = _keys(staff_client, ApplicationFactory(status=status))
    assert keys == []


def test_actions_follow_the_workflow_for_every_status():
    """A move that workflow refuses never appears as an action."""
    for status in Status.values:
        application = ApplicationFactory.build(status=status, pk=1)
        keys = {a.key for a in application_record.staff_actions(application)}
        targets = set(workflow.allowed_targets(application, workflow.STAFF))
        assert ("return" in keys) == (Status.RETURNED in targets)
        assert ("confirm" in keys) == (Status.AWARDED in targets)


def test_detail_shows_agreed_and_individual_scores_per_round(staff_client):
    application = ApplicationFactory(status=Status.SCORED, total=48, proposed_outcome="awarded")
    _, members = seated_panel(application, members=2)
    agree_all(application, [3] * 16)
    agree_all(application, [4] * 8 + [2] * 8, round_number=2)
    indicator = application.level.indicators.order_by("order").first()
    ScoreFactory(application=application, member=members[0], indicator=indicator, value=1)
    ScoreFactory(application=application, member=members[1], indicator=indicator, value=4)
    response = staff_client.get(reverse("console:staff_scores", args=[application.pk]))
    rounds = response.context["score_rounds"]
    assert [r.number for r in rounds] == [1, 2]
    assert rounds[0].total == 48
    assert rounds[1].total == 48
    assert rounds[0].rows[0].member_values == [1, 4]
    assert [m.display_name for m in rounds[0].members] == sorted(m.display_name for m in members)
    body = response.content.decode()
    assert members[0].display_name in body
    assert "agreed total 48 out of 64" in body


def test_detail_shows_submission_evidence_timeline_and_emails(staff_client, application, member):
    fill_all(application)
    answer = application.answers.select_related("indicator").first()
    evidence = EvidenceFactory(organisation=application.organisation, original_name="minutes.pdf")
    answer.evidence.add(evidence)
    applications.submit(application, member)
    body = staff_client.get(
        reverse("console:staff_submission", args=[application.pk])
    ).content.decode()
    assert answer.text in body
    assert reverse("assessments:evidence_download", args=[evidence.pk]) in body
    body = staff_client.get(
        reverse("console:staff_timeline", args=[application.pk])
    ).content.decode()
    assert "Submitted" in body
    # Names such as O'Brien reach the page HTML-escaped.
    assert escape(member.display_label) in body  # who
    assert "We have received your Kitemark application" in body  # the email


def test_staff_return_from_the_detail_page(staff_client, application, member, run_jobs):
    fill_all(application)
    applications.submit(application, member)
    with run_jobs(execute=True):
        response = staff_client.post(
            reverse("console:staff_return", args=[application.pk]),
            {"message": "Please add the youth forum minutes."},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.RETURNED
    keys, _ = _keys(staff_client, application)
    assert keys == []


def test_return_without_a_message_shows_the_error_next_to_the_field(staff_client):
    application = ApplicationFactory(status=Status.SUBMITTED)
    response = staff_client.post(
        reverse("console:staff_return", args=[application.pk]), {"message": ""}
    )
    assert response.status_code == 200
    assert "Write a message saying what information is needed." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_detail_query_count_does_not_grow_with_scores(staff_client, django_assert_max_num_queries):
    application = ApplicationFactory(status=Status.SCORED, total=48, proposed_outcome="awarded")
    seated_panel(application, members=1)
    url = reverse("console:staff_scores", args=[application.pk])
    staff_client.get(url)
    with CaptureQueriesContext(connection) as before:
        staff_client.get(url)
    _, members = seated_panel(ApplicationFactory(), members=3)
    agree_all(application, [3] * 16)
    for indicator in application.level.indicators.all():
        for m in members:
            ScoreFactory(application=application, member=m, indicator=indicator)
    with CaptureQueriesContext(connection) as after:
        staff_client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)


TABS = {
    "staff_detail": "Overview",
    "staff_submission": "Submission",
    "staff_scores": "Scores",
    "staff_timeline": "Timeline and emails",
}


def test_each_tab_of_the_application_record_marks_itself_in_the_sub_navigation(staff_client):
    application = ApplicationFactory(status=Status.SUBMITTED)
    heading = f"<h1>{application.organisation.name}: {application.level.name} application</h1>"
    titles = set()
    for tab, label in TABS.items():
        url = reverse(f"console:{tab}", args=[application.pk])
        body = staff_client.get(url).content.decode()
        assert heading in body
        nav = re.search(r'<nav aria-label="Application sections".*?</nav>', body, re.S).group()
        for other in TABS:
            assert f'href="{reverse(f"console:{other}", args=[application.pk])}"' in nav
        assert nav.count('aria-current="page"') == 1
        assert re.search(rf'href="{url}" aria-current="page">{label}<', nav)
        titles.add(re.search(r"<title>(.*?)</title>", body, re.S).group(1))
    assert len(titles) == len(TABS)


def test_each_tab_shows_only_its_own_part(staff_client, application, member):
    fill_all(application)
    applications.submit(application, member)
    pages = {
        tab: staff_client.get(reverse(f"console:{tab}", args=[application.pk])).content.decode()
        for tab in TABS
    }
    assert 'id="actions-heading"' in pages["staff_detail"]
    assert 'id="return-heading"' in pages["staff_detail"]
    assert 'id="answers-heading"' in pages["staff_submission"]
    assert 'id="snapshots-heading"' in pages["staff_submission"]
    assert 'id="scores-heading"' in pages["staff_scores"]
    assert 'id="timeline-heading"' in pages["staff_timeline"]
    assert 'id="jobs-heading"' in pages["staff_timeline"]
    assert 'id="answers-heading"' not in pages["staff_detail"]
    assert 'id="timeline-heading"' not in pages["staff_detail"]
    assert 'id="actions-heading"' not in pages["staff_timeline"]


def test_timeline_tab_lists_the_applications_jobs_oldest_first(staff_client):
    application = ApplicationFactory(status=Status.AWARDED)
    email = JobFactory(
        application=application,
        payload={"to": ["a@example.org", "b@example.org"], "subject": "Your result"},
        status=Job.Status.FAILED,
        last_error="SMTP down",
    )
    plaque = JobFactory(
        application=application,
        kind="plaque",
        payload={"version": 2},
        status=Job.Status.DONE,
        completed_at=timezone.now(),
    )
    JobFactory(application=ApplicationFactory())  # another application's job
    Job.objects.filter(pk=email.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    response = staff_client.get(reverse("console:staff_timeline", args=[application.pk]))
    assert [job.pk for job in response.context["jobs"]] == [email.pk, plaque.pk]
    body = response.content.decode()
    assert "Email: Your result</th>" in body
    assert "<td>2 recipients</td>" in body
    assert f"<td>{Job.Status.FAILED.label}: SMTP down</td>" in body
    assert "Plaque version 2</th>" in body
    assert body.index("Email: Your result") < body.index("Plaque version 2")


def test_timeline_tab_names_each_events_actor_without_a_query_per_event(
    staff_client, django_assert_num_queries
):
    application = ApplicationFactory(status=Status.SUBMITTED)
    named = UserFactory(full_name="Ada Lovelace")
    unnamed = UserFactory(full_name="", email="no.name@example.org")
    workflow.record(application, TimelineEvent.Kind.NOTE, "By Ada", actor=named)
    workflow.record(application, TimelineEvent.Kind.NOTE, "By email", actor=unnamed)
    workflow.record(application, TimelineEvent.Kind.NOTE, "By the system", actor=None)
    url = reverse("console:staff_timeline", args=[application.pk])
    staff_client.get(url)
    with django_assert_num_queries(5):
        response = staff_client.get(url)
    events = response.context["timeline"]
    assert [e.message for e in events] == ["By Ada", "By email", "By the system"]
    assert [e.actor_label for e in events] == [
        "Ada Lovelace",
        "no.name@example.org",
        "Kitemark system",
    ]
    body = response.content.decode()
    assert "(Ada Lovelace)" in body
    assert "(no.name@example.org)" in body
    assert "(Kitemark system)" in body


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_staff_detail_queries_do_not_grow(staff_client, application, member):
    # The submission tab of the staff application record lists the answers and files.
    url = reverse("console:staff_submission", args=[application.pk])
    before = count_queries(staff_client, url)
    fill_all(application)
    for answer in application.answers.all()[:6]:
        answer.evidence.add(EvidenceFactory(organisation=application.organisation))
        AnswerLink.objects.create(answer=answer, url="https://example.org/a")
    assert count_queries(staff_client, url) == before
