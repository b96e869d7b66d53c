import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Cycle, Status
from assessments.refusals import ActionRefused
from assessments.services import applications
from tests.assessments.factories import ApplicationFactory, CycleFactory, default_level
from tests.organisations.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "name": "Autumn 2027",
        "opens_on": "2027-09-01",
        "submission_deadline": "2027-10-31",
        "interview_window_start": "2027-11-01",
        "interview_window_end": "2027-12-15",
        "notes": "Half-term week has no interviews.",
    }
    return {**data, **overrides}


def test_staff_create_a_cycle(staff_client):
    response = staff_client.post(reverse("console:staff_cycle_create"), _data())
    cycle = Cycle.objects.get(name="Autumn 2027")
    assert response.status_code == 302
    assert response.url == reverse("console:staff_cycle", args=[cycle.pk])
    assert cycle.opens_on == datetime.date(2027, 9, 1)
    assert cycle.submission_deadline == datetime.date(2027, 10, 31)
    assert cycle.notes == "Half-term week has no interviews."
    assert cycle.is_closed is False


def test_form_uses_date_inputs(staff_client):
    body = staff_client.get(reverse("console:staff_cycle_create")).content.decode()
    assert body.count('type="date"') == 4
    assert 'for="id_submission_deadline"' in body


def test_deadline_before_opening_date_is_refused_next_to_the_field(staff_client):
    response = staff_client.post(
        reverse("console:staff_cycle_create"),
        _data(opens_on="2027-09-01", submission_deadline="2027-08-31"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["submission_deadline"] == ["The deadline cannot be before the opening date."]
    body = response.content.decode()
    # crispy puts the message under the field, tied to it by id.
    assert 'id="error_1_id_submission_deadline"' in body
    assert not Cycle.objects.filter(name="Autumn 2027").exists()


def test_interview_window_cannot_end_before_it_starts(staff_client):
    response = staff_client.post(
        reverse("console:staff_cycle_create"),
        _data(interview_window_start="2027-12-01", interview_window_end="2027-11-01"),
    )
    assert "interview_window_end" in response.context["form"].errors
    assert not Cycle.objects.exists()


def test_deadline_on_the_opening_day_is_allowed(staff_client):
    staff_client.post(
        reverse("console:staff_cycle_create"),
        _data(opens_on="2027-09-01", submission_deadline="2027-09-01"),
    )
    assert Cycle.objects.filter(name="Autumn 2027").exists()


def test_staff_edit_a_cycle_and_bad_dates_change_nothing(staff_client):
    cycle = CycleFactory(name="Spring")
    url = reverse("console:staff_cycle_edit", args=[cycle.pk])
    response = staff_client.post(url, _data(name="Spring 2027"))
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.name == "Spring 2027"
    assert cycle.interview_window_end == datetime.date(2027, 12, 15)

    response = staff_client.post(
        url, _data(name="Broken", opens_on="2027-10-01", submission_deadline="2027-09-01")
    )
    assert response.status_code == 200
    cycle.refresh_from_db()
    assert cycle.name == "Spring 2027"


def test_cycle_list_shows_counts_and_state(staff_client):
    today = timezone.localdate()
    open_cycle = CycleFactory(name="Open one")
    CycleFactory(
        name="Future one",
        opens_on=today + datetime.timedelta(days=5),
        submission_deadline=today + datetime.timedelta(days=20),
    )
    CycleFactory(name="Closed one", is_closed=True)
    ApplicationFactory(cycle=open_cycle, status=Status.SUBMITTED)
    ApplicationFactory(cycle=open_cycle, status=Status.AWARDED)
    response = staff_client.get(reverse("console:staff_cycles"))
    cycles = {c.name: c for c in response.context["cycles"]}
    assert cycles["Open one"].application_count == 2
    assert cycles["Open one"].live_count == 1
    assert cycles["Open one"].state_label() == "Open for applications"
    assert cycles["Closed one"].state_label() == "Closed"
    assert cycles["Future one"].state_label().startswith("Opens on")


def test_cycle_page_lists_its_applications_and_their_stage(staff_client):
    cycle = CycleFactory(name="Spring")
    mine = ApplicationFactory(
        cycle=cycle, status=Status.SCORED, organisation=OrganisationFactory(name="Alpha Club")
    )
    other = ApplicationFactory(organisation=OrganisationFactory(name="Elsewhere Trust"))
    response = staff_client.get(reverse("console:staff_cycle", args=[cycle.pk]))
    body = response.content.decode()
    assert list(response.context["applications"]) == [mine]
    assert "Alpha Club" in body
    assert "Scored, waiting for confirmation" in body
    assert reverse("console:staff_detail", args=[mine.pk]) in body
    assert "Elsewhere Trust" not in body
    assert other.cycle_id != cycle.pk


def test_closing_asks_for_confirmation_then_closes(staff_client):
    cycle = CycleFactory(name="Spring")
    url = reverse("console:staff_cycle_state", args=[cycle.pk, "close"])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert "Yes, close the cycle" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.is_closed is False  # a GET changes nothing

    response = staff_client.post(url)
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.is_closed is True
    assert cycle.closed_at is not None


def test_a_closed_cycle_accepts_no_new_applications(staff_client):
    cycle = CycleFactory()
    staff_client.post(reverse("console:staff_cycle_state", args=[cycle.pk, "close"]))
    organisation = OrganisationFactory()
    with pytest.raises(ActionRefused):
        applications.start_application(
            organisation, default_level("bronze"), member_of(organisation)
        )


def test_reopening_a_closed_cycle(staff_client):
    cycle = CycleFactory(is_closed=True)
    url = reverse("console:staff_cycle_state", args=[cycle.pk, "open"])
    assert "Yes, reopen the cycle" in staff_client.get(url).content.decode()
    staff_client.post(url)
    cycle.refresh_from_db()
    assert cycle.is_closed is False
    assert cycle.reopened_at is not None


def test_closing_twice_says_so_and_unknown_changes_are_404(staff_client):
    cycle = CycleFactory(is_closed=True)
    response = staff_client.post(
        reverse("console:staff_cycle_state", args=[cycle.pk, "close"]), follow=True
    )
    assert "already closed" in response.content.decode()
    bad = reverse("console:staff_cycle_state", args=[cycle.pk, "delete"])
    assert staff_client.post(bad).status_code == 404
    assert Cycle.objects.filter(pk=cycle.pk).exists()
