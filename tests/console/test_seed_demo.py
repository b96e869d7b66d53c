from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from assessments.models import Application, Status
from checkins.models import CheckIn
from checkins.selectors import State, state_of
from console.management.commands.seed_demo import DEMO_PASSWORD
from panels.models import PanelMember
from recognition.selectors import record_for, young_person


def _row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "accounts",
            "organisations",
            "assessments",
            "panels",
            "certificates",
            "jobs",
            "checkins",
            "recognition",
        }
    }


@pytest.mark.django_db
def test_seed_demo_creates_every_stage_prints_logins_and_is_idempotent(
    django_capture_on_commit_callbacks,
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=out)
    first = out.getvalue()
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.INTERVIEW_SCHEDULED,
        Status.RESUBMISSION_INVITED,
        Status.AWARDED,
    } <= statuses
    for login in ("staff@kitemark.demo", "org@kitemark.demo", "maya", "leo"):
        assert login in first
    assert "/verify/" in first
    # The awarded organisation's first check-in: sent, reviewed, its question answered.
    checkin = CheckIn.objects.get()
    assert state_of(checkin) == State.CLOSED
    assert (
        record_for(young_person(PanelMember.objects.get(display_name="Maya").user_id)).added_hours
        == 2
    )

    counts = _row_counts()
    again = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=again)
    assert _row_counts() == counts
    assert "nothing changed" in again.getvalue()
    assert "staff@kitemark.demo" in again.getvalue()


@pytest.mark.django_db
def test_demo_logins_work(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    for login in ("staff@kitemark.demo", "org@kitemark.demo", "maya"):
        client.logout()
        response = client.post(
            "/accounts/login/",
            {"username": login, "password": DEMO_PASSWORD},
            REMOTE_ADDR="10.1.1.1",
        )
        assert response.status_code == 302, login
        assert client.get("/accounts/home/", follow=True).status_code == 200
