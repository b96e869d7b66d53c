import pytest
from django.urls import reverse

from assessments import workflow
from assessments.models import Application, Status, TimelineEvent
from assessments.services import applications
from tests.accounts.factories import PanelUserFactory
from tests.assessments.conftest import fill_all
from tests.assessments.factories import ApplicationFactory, EvidenceFactory

pytestmark = pytest.mark.django_db


def test_dashboard_counts_and_lists_applications_needing_action(staff_client, application, member):
    fill_all(application)
    applications.submit(application, member)
    scored = ApplicationFactory(status=Status.SCORED, total=50)
    ApplicationFactory(status=Status.DRAFT)
    response = staff_client.get(reverse("console:staff_dashboard"))
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("console:staff_detail", args=[application.pk]) in body
    assert reverse("console:staff_detail", args=[scored.pk]) in body
    counts = {value: n for value, label, n in response.context["status_counts"]}
    assert counts[Status.SUBMITTED] == 1
    assert counts[Status.SCORED] == 1
    assert counts[Status.DRAFT] == 1
    assert [row["pk"] for row in response.context["to_check"]] == [application.pk]
    assert [row["pk"] for row in response.context["to_confirm"]] == [scored.pk]


def test_staff_detail_shows_answers_evidence_and_full_timeline(staff_client, application, member):
    fill_all(application)
    answer = application.answers.select_related("indicator").first()
    evidence = EvidenceFactory(organisation=application.organisation, original_name="minutes.pdf")
    answer.evidence.add(evidence)
    applications.submit(application, member)
    workflow.record(
        application, TimelineEvent.Kind.NOTE, "Internal staff note", visible_to_organisation=False
    )
    body = staff_client.get(
        reverse("console:staff_submission", args=[application.pk])
    ).content.decode()
    assert answer.text in body
    assert reverse("assessments:evidence_download", args=[evidence.pk]) in body
    body = staff_client.get(
        reverse("console:staff_timeline", args=[application.pk])
    ).content.decode()
    assert "Internal staff note" in body
    body = staff_client.get(reverse("console:staff_detail", args=[application.pk])).content.decode()
    assert "Return for more information" in body


@pytest.mark.parametrize("who", ["organisation", "panel"])
def test_staff_pages_refuse_organisation_and_panel_users(client, application, member, who):
    user = member if who == "organisation" else PanelUserFactory()
    client.force_login(user)
    assert client.get(reverse("console:staff_dashboard")).status_code == 403
    for tab in ("staff_detail", "staff_submission", "staff_scores", "staff_timeline"):
        assert client.get(reverse(f"console:{tab}", args=[application.pk])).status_code == 403
    fill_all(application)
    applications.submit(application, member)
    response = client.post(reverse("console:staff_return", args=[application.pk]), {"message": "x"})
    assert response.status_code == 403
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_staff_pages_send_anonymous_to_login(client):
    response = client.get(reverse("console:staff_dashboard"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url
