"""The staff pipeline: counts, the "needs you next" queue, retrying jobs, the table."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Status
from console import pipeline
from jobs.models import Job
from tests.assessments.factories import ApplicationFactory, CycleFactory, default_level
from tests.jobs.factories import JobFactory
from tests.organisations.factories import OrganisationFactory
from tests.panels.factories import InterviewFactory, PanelFactory

pytestmark = pytest.mark.django_db

URL = "/staff/"
APPS_URL = "/staff/applications/"


def _in(status, **kwargs):
    return ApplicationFactory(status=status, **kwargs)


@pytest.fixture
def pipeline_data():
    now = timezone.now()
    today = timezone.localdate()
    apps = {
        "submitted_no_panel": _in(Status.SUBMITTED),
        "submitted_with_panel": _in(Status.SUBMITTED),
        "interview_soon": _in(Status.INTERVIEW_SCHEDULED),
        "interview_far": _in(Status.INTERVIEW_SCHEDULED),
        "interview_cancelled": _in(Status.INTERVIEW_SCHEDULED),
        "interview_passed": _in(Status.INTERVIEW_SCHEDULED),
        "resubmitted": _in(Status.RESUBMITTED, round=2),
        "scored": _in(Status.SCORED, total=50, proposed_outcome="awarded"),
        "resubmission_soon": _in(
            Status.RESUBMISSION_INVITED, resubmission_deadline=today + datetime.timedelta(days=14)
        ),
        "resubmission_later": _in(
            Status.RESUBMISSION_INVITED, resubmission_deadline=today + datetime.timedelta(days=15)
        ),
        "draft": _in(Status.DRAFT),
        "awarded": _in(Status.AWARDED),
    }
    PanelFactory(application=apps["submitted_with_panel"])
    InterviewFactory(application=apps["interview_soon"], starts_at=now + datetime.timedelta(days=3))
    InterviewFactory(application=apps["interview_far"], starts_at=now + datetime.timedelta(days=8))
    InterviewFactory(
        application=apps["interview_cancelled"],
        starts_at=now + datetime.timedelta(days=2),
        cancelled_at=now,
    )
    InterviewFactory(
        application=apps["interview_passed"], starts_at=now - datetime.timedelta(hours=2)
    )
    # A withdrawn application's old interview is not "coming up".
    withdrawn = _in(Status.WITHDRAWN)
    InterviewFactory(application=withdrawn, starts_at=now + datetime.timedelta(days=1))
    apps["withdrawn"] = withdrawn
    return apps


EXPECTED = {
    "to_check": {"submitted_no_panel", "submitted_with_panel"},
    "no_panel": {"submitted_no_panel"},
    "interviews": {"interview_soon"},
    "to_finalise": {"interview_passed", "resubmitted"},
    "to_confirm": {"scored"},
    "resubmissions": {"resubmission_soon"},
}


def test_each_queue_section_holds_exactly_the_right_applications(staff_client, pipeline_data):
    names = {app.pk: name for name, app in pipeline_data.items()}
    response = staff_client.get(URL)
    assert response.status_code == 200
    sections = {
        s["key"]: {names[a["pk"]] for a in s["applications"]} for s in response.context["sections"]
    }
    assert sections == EXPECTED


def test_queue_links_to_each_application(staff_client, pipeline_data):
    body = staff_client.get(URL).content.decode()
    for key in ("submitted_no_panel", "interview_soon", "scored", "resubmission_soon"):
        assert reverse("console:staff_detail", args=[pipeline_data[key].pk]) in body
    assert "Interviews in the next 7 days" in body
    assert "Failed plaque or email jobs" in body


def test_counts_per_state(staff_client, pipeline_data):
    counts = {value: n for value, _, n in staff_client.get(URL).context["status_counts"]}
    assert counts[Status.SUBMITTED] == 2
    assert counts[Status.INTERVIEW_SCHEDULED] == 4
    assert counts[Status.RESUBMISSION_INVITED] == 2
    assert counts[Status.DRAFT] == 1
    assert counts[Status.RETURNED] == 0
    assert sum(counts.values()) == len(pipeline_data)


def test_failed_plaque_and_email_jobs_are_listed_and_others_are_not(staff_client):
    failed_email = JobFactory(status=Job.Status.FAILED, last_error="SMTP down")
    failed_plaque = JobFactory(kind="plaque", status=Job.Status.FAILED, payload={"version": 1})
    JobFactory(status=Job.Status.DONE)
    JobFactory(status=Job.Status.PENDING)
    JobFactory(kind="something_else", status=Job.Status.FAILED)
    response = staff_client.get(URL)
    listed = {job.pk for job, _ in response.context["failed_jobs"]}
    assert listed == {failed_email.pk, failed_plaque.pk}
    body = response.content.decode()
    assert "SMTP down" in body
    assert reverse("console:staff_retry_job", args=[failed_email.pk]) in body


def test_failed_jobs_link_their_application_newest_first(staff_client):
    org = OrganisationFactory(name="Delta & Sons")
    application = ApplicationFactory(organisation=org, status=Status.AWARDED)
    older = JobFactory(kind="plaque", status=Job.Status.FAILED, application=application)
    newer = JobFactory(status=Job.Status.FAILED, last_error="")
    Job.objects.filter(pk=older.pk).update(updated_at=timezone.now() - datetime.timedelta(days=1))
    response = staff_client.get(URL)
    jobs = [job for job, _ in response.context["failed_jobs"]]
    assert [job.pk for job in jobs] == [newer.pk, older.pk]
    assert [summary for _, summary in response.context["failed_jobs"]] == [
        "Email: Hi",
        f"Plaque version {older.payload.get('version', '')}",
    ]
    body = response.content.decode()
    detail = reverse("console:staff_detail", args=[application.pk])
    assert f'<a href="{detail}">Delta &amp; Sons</a>' in body
    assert "<td>—</td>" in body  # the job with no application, and its empty error


def test_retry_sends_a_failed_email(staff_client, run_jobs):
    job = JobFactory(
        payload={
            "to": ["org@example.org"],
            "subject": "Your result",
            "body": "Hello",
            "attachments": [],
        },
        status=Job.Status.FAILED,
        attempts=5,
    )
    assert mail.outbox == []
    with run_jobs(execute=True):
        response = staff_client.post(reverse("console:staff_retry_job", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert [m.subject for m in mail.outbox] == ["Your result"]


def test_retrying_a_job_that_is_not_failed_changes_nothing(staff_client):
    job = JobFactory(status=Job.Status.DONE)
    response = staff_client.post(reverse("console:staff_retry_job", args=[job.pk]), follow=True)
    assert "not waiting for a retry" in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE


def test_retry_needs_post(staff_client):
    job = JobFactory(status=Job.Status.FAILED)
    assert staff_client.get(reverse("console:staff_retry_job", args=[job.pk])).status_code == 405
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


# ---------------------------------------------------------------- table and filters


def test_table_filters_by_status_level_cycle_and_name(staff_client):
    spring = CycleFactory(name="Spring")
    alpha = ApplicationFactory(
        organisation=OrganisationFactory(name="Alpha Youth Club"),
        status=Status.SUBMITTED,
        level=default_level("gold"),
        cycle=spring,
    )
    beta = ApplicationFactory(
        organisation=OrganisationFactory(name="Beta School"),
        status=Status.DRAFT,
        level=default_level("bronze"),
    )

    def rows(**params):
        response = staff_client.get(APPS_URL, params)
        return {row.record.pk for row in response.context["table"].paginated_rows}

    assert rows() == {alpha.pk, beta.pk}
    assert rows(status=Status.SUBMITTED) == {alpha.pk}
    assert rows(level="bronze") == {beta.pk}
    assert rows(cycle=spring.pk) == {alpha.pk}
    assert rows(q="youth") == {alpha.pk}
    assert rows(q="school", status=Status.SUBMITTED) == set()
    assert rows(level="platinum") == set()  # an invalid filter shows nothing, not everything


def test_dashboard_loads_the_table_below_the_queue(staff_client):
    body = staff_client.get(URL).content.decode()
    assert f'hx-get="{APPS_URL}"' in body
    assert f'<a href="{APPS_URL}">' in body  # works without JavaScript too
    ApplicationFactory(organisation=OrganisationFactory(name="Gamma Group"))
    partial = staff_client.get(APPS_URL, headers={"HX-Request": "true"}).content.decode()
    assert "Gamma Group" in partial
    assert "<html" not in partial


def test_table_is_sortable_accessible_and_paginated_by_25(staff_client):
    for n in range(27):
        ApplicationFactory(organisation=OrganisationFactory(name=f"Org {n:02d}"))
    response = staff_client.get(APPS_URL, {"sort": "organisation"})
    body = response.content.decode()
    names = [row.record.organisation.name for row in response.context["table"].paginated_rows]
    assert names == [f"Org {n:02d}" for n in range(25)]
    assert "<caption>All applications" in body
    assert 'scope="col"' in body
    assert 'aria-sort="ascending"' in body
    assert "?sort=-organisation" in body  # the sorted header links to the other direction
    assert "Next page" in body
    page_two = staff_client.get(APPS_URL, {"sort": "organisation", "page": 2})
    names = [row.record.organisation.name for row in page_two.context["table"].paginated_rows]
    assert names == ["Org 25", "Org 26"]


def _count(client, url=URL):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _one_of_each(now):
    today = timezone.localdate()
    ApplicationFactory(status=Status.SUBMITTED)
    PanelFactory(application=ApplicationFactory(status=Status.SUBMITTED))
    InterviewFactory(
        application=ApplicationFactory(status=Status.INTERVIEW_SCHEDULED),
        starts_at=now + datetime.timedelta(days=2),
    )
    InterviewFactory(
        application=ApplicationFactory(status=Status.INTERVIEW_SCHEDULED),
        starts_at=now - datetime.timedelta(days=1),
    )
    ApplicationFactory(status=Status.RESUBMITTED)
    ApplicationFactory(status=Status.SCORED)
    ApplicationFactory(
        status=Status.RESUBMISSION_INVITED, resubmission_deadline=today + datetime.timedelta(days=3)
    )
    ApplicationFactory(status=Status.DRAFT)
    JobFactory(status=Job.Status.FAILED)


def test_query_count_does_not_grow_with_applications(staff_client, django_assert_max_num_queries):
    now = timezone.now()
    _one_of_each(now)
    one = _count(staff_client)
    for _ in range(9):
        _one_of_each(now)
    assert _count(staff_client) == one
    # 7: with the audit chain's last check and the seats lost to a conflict; 9 with the
    # check-ins (the awards whose check-ins fall due, and the sent ones needing attention).
    with django_assert_max_num_queries(9):
        staff_client.get(URL)
    queue = pipeline.pipeline()
    assert pipeline.SECTION_LIMIT == 10
    assert len(queue["to_check"]) == 10  # the first 10 of 20
    assert queue["totals"]["to_check"] == 20
    assert len(queue["interviews"]) == 10


def test_each_section_keeps_its_order_totals_and_shown_details(staff_client):
    now = timezone.now()
    today = timezone.localdate()
    never = _in(Status.SUBMITTED)  # no submission date: last
    late = _in(Status.SUBMITTED, submitted_at=now - datetime.timedelta(days=1))
    early = _in(Status.SUBMITTED, submitted_at=now - datetime.timedelta(days=5))
    PanelFactory(application=early)
    second = _in(Status.INTERVIEW_SCHEDULED, submitted_at=now - datetime.timedelta(days=9))
    first = _in(Status.INTERVIEW_SCHEDULED, submitted_at=now - datetime.timedelta(days=2))
    InterviewFactory(application=second, starts_at=now + datetime.timedelta(days=5))
    InterviewFactory(application=second, starts_at=now + datetime.timedelta(days=6))
    InterviewFactory(application=first, starts_at=now + datetime.timedelta(days=2))
    InterviewFactory(  # cancelled: not the next interview
        application=first, starts_at=now + datetime.timedelta(days=1), cancelled_at=now
    )
    soon = _in(
        Status.RESUBMISSION_INVITED,
        resubmission_deadline=today + datetime.timedelta(days=2),
        total=45,
    )
    sooner = _in(Status.RESUBMISSION_INVITED, resubmission_deadline=today)

    queue = pipeline.pipeline()

    def pks(section):
        return [row["pk"] for row in queue[section]]

    assert pks("to_check") == [early.pk, late.pk, never.pk]
    assert pks("no_panel") == [late.pk, never.pk]
    assert pks("interviews") == [first.pk, second.pk]
    assert [a["next_interview_at"] for a in queue["interviews"]] == [
        now + datetime.timedelta(days=2),
        now + datetime.timedelta(days=5),
    ]
    assert pks("resubmissions") == [sooner.pk, soon.pk]
    assert queue["totals"] == {
        "to_check": 3,
        "no_panel": 2,
        "interviews": 2,
        "to_finalise": 0,
        "to_confirm": 0,
        "resubmissions": 2,
    }
    shown = queue["resubmissions"][1]
    assert (
        shown["organisation_name"],
        shown["level_name"],
        shown["cycle_name"],
        shown["total"],
    ) == (
        soon.organisation.name,
        soon.level.name,
        soon.cycle.name,
        45,
    )

    body = staff_client.get(URL).content.decode()
    for app in (never, late, early, first, second, soon, sooner):
        assert f'href="{reverse("console:staff_detail", args=[app.pk])}"' in body
    assert f"{soon.organisation.name}: {soon.level.name}" in body
    assert "· total 45" in body

    # Each row's note: the cycle, then what is due, as the |date filter shows it.
    def as_date(value, fmt):
        return date_filter(timezone.localtime(value), fmt)

    assert pipeline.queue_note("interviews", queue["interviews"][0]) == (
        f"{first.cycle.name} · interview {as_date(now + datetime.timedelta(days=2), 'D j M, H:i')}"
    )
    assert pipeline.queue_note("resubmissions", shown) == (
        f"{soon.cycle.name} · resubmit by {date_filter(soon.resubmission_deadline, 'j M Y')}"
        " · total 45"
    )
    assert pipeline.queue_note("to_check", queue["to_check"][0]) == (
        f"{early.cycle.name} · submitted {as_date(early.submitted_at, 'j M Y')}"
    )
    assert pipeline.queue_note("to_check", queue["to_check"][2]) == never.cycle.name
    for app in (queue["interviews"][0], shown, queue["to_check"][0]):
        assert f"<span>{app['queue_note']}</span>" in body


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2026, 1, 5, 9, 7, tzinfo=datetime.UTC),  # single-digit day and minute
        datetime.datetime(2026, 7, 31, 23, 30, tzinfo=datetime.UTC),  # summer time: 1 Aug local
        datetime.datetime(2027, 12, 12, 0, 0, tzinfo=datetime.UTC),
    ],
)
def test_queue_notes_show_dates_as_the_date_filter_does(moment):
    application = {
        "cycle_name": "Spring",
        "submitted_at": moment,
        "resubmission_deadline": moment.date(),
        "next_interview_at": moment,
        "total": None,
    }
    local = timezone.localtime(moment)
    assert pipeline.queue_note("interviews", application) == (
        f"Spring · interview {date_filter(local, 'D j M, H:i')}"
    )
    assert pipeline.queue_note("resubmissions", application) == (
        f"Spring · resubmit by {date_filter(moment.date(), 'j M Y')}"
    )
    assert pipeline.queue_note("to_confirm", application) == (
        f"Spring · submitted {date_filter(local, 'j M Y')}"
    )


def test_table_query_count_does_not_grow(staff_client, django_assert_max_num_queries):
    ApplicationFactory()
    one = _count(staff_client, APPS_URL)
    for _ in range(30):
        ApplicationFactory()
    assert _count(staff_client, APPS_URL) == one
    with django_assert_max_num_queries(8):
        staff_client.get(APPS_URL, {"sort": "-organisation", "status": Status.DRAFT})


def test_the_queue_is_for_the_moment_timezone_now_gives():
    """ "Now" is timezone.now(), not the database's clock: frozen time moves the queue as
    it moves every other page."""
    now = timezone.now()
    interview = _in(Status.INTERVIEW_SCHEDULED)
    InterviewFactory(application=interview, starts_at=now + datetime.timedelta(days=3))
    resubmission = _in(
        Status.RESUBMISSION_INVITED,
        resubmission_deadline=timezone.localdate() + datetime.timedelta(days=20),
    )

    def shown():
        queue = pipeline.pipeline()
        return {key: [row["pk"] for row in queue[key]] for key in SOON_SECTIONS}

    assert shown() == {"interviews": [interview.pk], "to_finalise": [], "resubmissions": []}
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(days=8)):
        assert shown() == {
            "interviews": [],
            "to_finalise": [interview.pk],
            "resubmissions": [resubmission.pk],
        }


SOON_SECTIONS = ("interviews", "to_finalise", "resubmissions")


# ---------------------------------------------------------------- counts by status


def test_every_status_is_listed_in_order_with_its_label_and_count():
    ApplicationFactory(status=Status.SUBMITTED)
    ApplicationFactory(status=Status.AWARDED)
    ApplicationFactory(status=Status.AWARDED)
    assert pipeline.status_counts() == [
        (value, label, {Status.SUBMITTED: 1, Status.AWARDED: 2}.get(value, 0))
        for value, label in Status.choices
    ]


def test_the_pipeline_shows_the_counts(staff_client):
    ApplicationFactory(status=Status.SUBMITTED)
    ApplicationFactory(status=Status.AWARDED)
    response = staff_client.get("/staff/")
    counts = {value: n for value, _, n in response.context["status_counts"]}
    assert counts[Status.SUBMITTED] == 1
    assert counts[Status.AWARDED] == 1
    assert counts[Status.DRAFT] == 0


def test_staff_dashboard_queries_do_not_grow(staff_client, django_assert_max_num_queries):
    url = reverse("console:staff_dashboard")
    ApplicationFactory(status=Status.SUBMITTED)
    ApplicationFactory(status=Status.SCORED)
    before = _count(staff_client, url)
    for _ in range(8):
        ApplicationFactory(status=Status.SUBMITTED)
        ApplicationFactory(status=Status.SCORED)
    assert _count(staff_client, url) == before
    with django_assert_max_num_queries(7):
        staff_client.get(url)
