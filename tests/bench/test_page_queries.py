"""Query-count guards for every page in `make bench`'s mix (issue 8).

Each page is requested with 1 item and again with 5 (applications, awards, scores,
files... whatever the page lists), and both requests must make exactly the pinned
number of queries: the count is constant in the size of the data.
"""

import datetime
import itertools
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import workflow
from assessments.models import AnswerLink, Application, Status, TimelineEvent
from console import pipeline
from jobs.models import Job
from panels.models import Score
from tests.assessments.factories import (
    ApplicationFactory,
    EvidenceFactory,
    answer_all,
)
from tests.certificates.factories import AwardFactory, PlaqueFactory
from tests.jobs.factories import JobFactory
from tests.organisations.factories import member_of
from tests.panels.factories import (
    InterviewFactory,
    PanelFactory,
    PanelSeatFactory,
    ready_to_score,
)

pytestmark = pytest.mark.django_db

_clock = itertools.count(1)


def _with_1_and_5(django_assert_num_queries, pinned, request, add):
    """Request with 1 item, then with 5, each inside django_assert_num_queries(pinned)."""
    request()  # warm up: the first request after sign-in may stamp the session
    add(1)
    with django_assert_num_queries(pinned):
        response = request()
    assert response.status_code == 200
    add(4)
    with django_assert_num_queries(pinned):
        response = request()
    assert response.status_code == 200
    return response


# ---------------------------------------------------------------- organisation


@pytest.fixture
def draft(db):
    application = ApplicationFactory(status=Status.DRAFT)
    answer_all(application)
    return application


@pytest.fixture
def org_client(client, draft):
    client.force_login(member_of(draft.organisation))
    return client


def test_org_dashboard(org_client, draft, django_assert_num_queries):
    organisation = draft.organisation
    awards = []

    def add(n):
        # The first award is current (a full card); the later ones are older and expired
        # (rows of the earlier awards table). Each has a plaque to download.
        for _ in range(n):
            awarded_on = timezone.localdate() - datetime.timedelta(days=30 + 1200 * len(awards))
            award = AwardFactory(
                application=ApplicationFactory(organisation=organisation, status=Status.AWARDED),
                awarded_on=awarded_on,
                expires_on=awarded_on + datetime.timedelta(days=1095),
            )
            PlaqueFactory(award=award)
            awards.append(award)

    url = reverse("portal:dashboard")
    response = _with_1_and_5(django_assert_num_queries, 6, lambda: org_client.get(url), add)
    html = response.content.decode()
    assert organisation.name in html
    assert html.count("award-card") == 1
    for award in awards:
        assert reverse("certificates:plaque", args=[award.pk]) in html
        assert award.certificate_number in html


def _first_answer(application):
    return application.answers.select_related("indicator").order_by("indicator__order").first()


def test_self_assessment_page(org_client, draft, django_assert_num_queries):
    answer = _first_answer(draft)

    def add(n):
        for _ in range(n):
            answer.evidence.add(EvidenceFactory(organisation=draft.organisation))
            AnswerLink.objects.create(answer=answer, url=f"https://example.org/{next(_clock)}")

    url = reverse("assessments:answer", args=[draft.pk, answer.indicator.code])
    # session, user, answer with its indicator, application and level, membership, the
    # level's indicator codes, descriptors, library (each file marked if attached), the
    # member's unsaved version, links
    response = _with_1_and_5(django_assert_num_queries, 9, lambda: org_client.get(url), add)
    assert response.content.decode().count("https://example.org/") >= 5


def test_autosave_post(org_client, draft, django_assert_num_queries):
    answer = _first_answer(draft)
    url = reverse("assessments:answer", args=[draft.pk, answer.indicator.code])
    data = {}

    def add(n):
        for _ in range(n):
            answer.evidence.add(EvidenceFactory(organisation=draft.organisation))

    def save():
        return org_client.post(url, data, HTTP_HX_REQUEST="true")

    def prepare():
        answer.refresh_from_db()
        data.update(
            text=f"Young people plan our activities with us ({next(_clock)}).",
            self_rating="3",
            revision=str(answer.revision),
            evidence=[str(pk) for pk in answer.evidence.values_list("pk", flat=True)],
        )

    prepare()
    save()
    add(1)
    prepare()
    # session, user, answer with its indicator, application and level, membership,
    # descriptors, the chosen files, savepoint, update, the answer's files, release
    with django_assert_num_queries(10):
        assert save().status_code == 200
    add(4)
    prepare()
    with django_assert_num_queries(10):
        response = save()
    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.text == data["text"]
    assert answer.evidence.count() == 5


def test_org_application_overview(org_client, draft, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            workflow.record(draft, TimelineEvent.Kind.NOTE, "A note", actor=draft.created_by)
            _first_answer(draft).evidence.add(EvidenceFactory(organisation=draft.organisation))

    url = reverse("assessments:detail", args=[draft.pk])
    # session, user, application with its organisation, level and cycle, membership,
    # answers with their indicators, timeline with the actors, the earlier check-ins
    # offered as evidence
    _with_1_and_5(django_assert_num_queries, 7, lambda: org_client.get(url), add)


# ---------------------------------------------------------------- panel


@pytest.fixture
def interview():
    """(application, panel, member): an interview started early, two members here."""
    application, panel, (member, _) = ready_to_score(members=2)
    return application, panel, member


def _score(member, application, indicators):
    Score.objects.bulk_create(
        Score(
            member=member,
            application=application,
            indicator=indicator,
            value=2,
            client_updated_at=timezone.now(),
        )
        for indicator in indicators
    )


def test_panel_scoring_page(client, interview, django_assert_num_queries):
    application, _, member = interview
    client.force_login(member.user)
    unscored = iter(application.level.indicators.order_by("order"))

    def add(n):
        _score(member, application, [next(unscored) for _ in range(n)])

    url = reverse("panels:score", args=[application.pk])
    # session, user, application, member with seat, indicators with the member's scores,
    # round state, descriptors
    _with_1_and_5(django_assert_num_queries, 7, lambda: client.get(url), add)


def test_score_post(client, interview, django_assert_num_queries):
    application, _, member = interview
    client.force_login(member.user)
    indicators = list(application.level.indicators.order_by("order"))
    target, others = indicators[0], iter(indicators[1:])
    url = reverse("panels:score_save", args=[application.pk])

    def add(n):
        _score(member, application, [next(others) for _ in range(n)])

    def save():
        body = {"indicator": target.pk, "value": 3, "client_ts": next(_clock) * 1000}
        return client.post(
            url, json.dumps(body), content_type="application/json", HTTP_ACCEPT="application/json"
        )

    # session, user, application, member with seat, then in one transaction (savepoint and
    # release here): the application locked, round state, the indicator, the upsert
    response = _with_1_and_5(django_assert_num_queries, 10, save, add)
    assert response.json()["ok"] is True
    assert Score.objects.filter(member=member, application=application).count() == 6


def test_consensus_page(client, interview, django_assert_num_queries):
    application, panel, _ = interview
    client.force_login(panel.facilitator)
    indicators = list(application.level.indicators.all())

    def add(n):
        for _ in range(n):
            _score(PanelSeatFactory(panel=panel).member, application, indicators)

    url = reverse("panels:consensus", args=[application.pk])
    # session, user, application, facilitator, round state, seats, scores, agreed scores,
    # indicators, descriptors
    response = _with_1_and_5(django_assert_num_queries, 10, lambda: client.get(url), add)
    assert response.context is not None


# ---------------------------------------------------------------- staff


def _one_of_each_section(now):
    PanelFactory(application=ApplicationFactory(status=Status.SUBMITTED))
    ApplicationFactory(status=Status.SUBMITTED)
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
        status=Status.RESUBMISSION_INVITED,
        resubmission_deadline=timezone.localdate(now) + datetime.timedelta(days=3),
    )
    JobFactory(status=Job.Status.FAILED, kind="email")


def test_staff_pipeline(staff_client, django_assert_num_queries):
    now = timezone.now()

    def add(n):
        for _ in range(n):
            _one_of_each_section(now)

    url = reverse("console:staff_dashboard")
    # 8: the sections, the counts, the failed jobs, the audit chain's last check, and the
    # seats lost to a conflict that still need a new member; 10 with the check-ins (the
    # awards whose check-ins fall due, and the sent ones waiting for review or worried).
    response = _with_1_and_5(django_assert_num_queries, 10, lambda: staff_client.get(url), add)
    totals = {s["key"]: s["total"] for s in response.context["sections"]}
    assert totals == {
        "to_check": 10,
        "no_panel": 5,
        "interviews": 5,
        "to_finalise": 10,
        "to_confirm": 5,
        "resubmissions": 5,
    }


def test_staff_pipeline_sections_are_bounded(staff_client, settings):
    """Each section shows its first rows in order, with the total and a link to the rest."""
    for _ in range(pipeline.SECTION_LIMIT + 3):
        ApplicationFactory(status=Status.SCORED)
    response = staff_client.get(reverse("console:staff_dashboard"))
    section = next(s for s in response.context["sections"] if s["key"] == "to_confirm")
    assert section["total"] == pipeline.SECTION_LIMIT + 3
    assert len(section["applications"]) == pipeline.SECTION_LIMIT
    updated = dict(Application.objects.values_list("pk", "updated_at"))
    shown = [(updated[a["pk"]], a["pk"]) for a in section["applications"]]
    assert shown == sorted(shown)
    body = response.content.decode()
    assert f"Showing the first {pipeline.SECTION_LIMIT} of {pipeline.SECTION_LIMIT + 3}" in body
    assert "?status=scored" in body


@pytest.mark.parametrize(
    "tab, pinned",
    [
        # The staff application record, one page per tab; the bench's `timeline` page is
        # staff_timeline.
        ("staff_detail", 5),
        ("staff_submission", 8),
        ("staff_scores", 7),
        ("staff_timeline", 5),
    ],
)
def test_staff_application_timeline(
    staff_client, interview, django_assert_num_queries, tab, pinned
):
    from panels.models import AgreedScore
    from tests.assessments.factories import SubmissionSnapshotFactory

    application, panel, _ = interview
    indicators = list(application.level.indicators.all())
    answer = _first_answer(application)

    def add(n):
        for _ in range(n):
            _score(PanelSeatFactory(panel=panel).member, application, indicators)
            workflow.record(application, TimelineEvent.Kind.NOTE, "A note", actor=None)
            JobFactory(application=application)
            answer.evidence.add(EvidenceFactory(organisation=application.organisation))
            AnswerLink.objects.create(answer=answer, url=f"https://example.org/{next(_clock)}")
            SubmissionSnapshotFactory(application=application)
            InterviewFactory(application=application)
            indicator = indicators[AgreedScore.objects.filter(application=application).count()]
            AgreedScore.objects.create(
                application=application, indicator=indicator, round=1, value=3
            )

    url = reverse(f"console:{tab}", args=[application.pk])
    _with_1_and_5(django_assert_num_queries, pinned, lambda: staff_client.get(url), add)


def test_celebration_list(staff_client, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            AwardFactory(awarded_on=timezone.localdate())

    url = reverse("console:celebration")
    response = _with_1_and_5(django_assert_num_queries, 6, lambda: staff_client.get(url), add)
    assert "5 awards" in response.content.decode()


def test_celebration_list_pages_make_the_same_queries(staff_client, django_assert_num_queries):
    from certificates.celebration import PAGE_SIZE

    for _ in range(PAGE_SIZE + 1):
        AwardFactory(awarded_on=timezone.localdate())
    url = reverse("console:celebration")
    staff_client.get(url)  # warm up
    for page in (1, 2):
        with django_assert_num_queries(6):
            response = staff_client.get(url, {"page": page})
        assert f"Page {page} of 2" in response.content.decode()


# ---------------------------------------------------------------- public


def test_public_register(client, django_assert_num_queries):
    def add(n):
        for _ in range(n):
            AwardFactory()

    url = reverse("certificates:register")
    _with_1_and_5(django_assert_num_queries, 2, lambda: client.get(url), add)


def test_verification_page(client, django_assert_num_queries):
    award = AwardFactory(awarded_on=timezone.localdate() - datetime.timedelta(days=400))

    def add(n):
        for _ in range(n):
            AwardFactory(
                application=ApplicationFactory(
                    organisation=award.organisation, status=Status.AWARDED
                ),
                awarded_on=timezone.localdate() - datetime.timedelta(days=2000 + next(_clock)),
            )

    url = reverse("certificates:verify", args=[award.verification_code])
    # The award, how many young people scored it ("Scored by a panel of N"), and when it
    # was last checked in
    response = _with_1_and_5(django_assert_num_queries, 3, lambda: client.get(url), add)
    assert award.organisation.name in response.content.decode()


def test_every_page_in_the_bench_mix_has_a_guard():
    from bench.run import page_requests

    plan = {
        "roles": {
            "organisation": [{"application": 1, "codes": ["B-S1"]}],
            "panel": [{"application": 1, "indicators": [1]}],
            "staff": [{"application": 1}],
        },
        "timeline_applications": [1],
        "verification_codes": ["x" * 32],
        "celebration_url": "/staff/celebration/",
    }
    guarded = {
        "org_dashboard",
        "self_assessment",
        "autosave_post",
        "org_application",
        "panel_score",
        "score_post",
        "consensus",
        "staff_pipeline",
        "timeline",
        "celebration",
        "register",
        "verify",
    }
    assert {name for name, *_ in page_requests(plan)} - {"baseline"} == guarded
