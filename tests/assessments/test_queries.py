"""Query counts of the main pages stay flat as indicators, files and applications grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import AnswerLink
from tests.assessments.conftest import fill_all
from tests.assessments.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_overview_queries_do_not_grow(member_client, application, django_assert_max_num_queries):
    url = reverse("assessments:detail", args=[application.pk])
    before = count_queries(member_client, url)
    fill_all(application)
    for _ in range(10):
        from assessments import workflow
        from assessments.models import TimelineEvent

        workflow.record(application, TimelineEvent.Kind.NOTE, "note", actor=application.created_by)
    assert count_queries(member_client, url) == before
    with django_assert_max_num_queries(15):
        member_client.get(url)


def test_indicator_page_queries_do_not_grow(
    member_client, application, django_assert_max_num_queries
):
    answer = application.answers.select_related("indicator").first()
    url = reverse("assessments:answer", args=[application.pk, answer.indicator.code])
    answer.evidence.add(EvidenceFactory(organisation=application.organisation))
    before = count_queries(member_client, url)
    files = [EvidenceFactory(organisation=application.organisation) for _ in range(8)]
    answer.evidence.add(*files[:5])
    for i in range(5):
        AnswerLink.objects.create(answer=answer, url=f"https://example.org/{i}")
    assert count_queries(member_client, url) == before
    with django_assert_max_num_queries(13):
        member_client.get(url)


def test_library_queries_do_not_grow(member_client, application, django_assert_max_num_queries):
    org = application.organisation
    url = reverse("assessments:evidence_library", args=[org.pk])
    EvidenceFactory(organisation=org)
    before = count_queries(member_client, url)
    answers = list(application.answers.all()[:4])
    for _ in range(10):
        evidence = EvidenceFactory(organisation=org)
        for answer in answers:
            answer.evidence.add(evidence)
    assert count_queries(member_client, url) == before
    with django_assert_max_num_queries(10):
        member_client.get(url)
