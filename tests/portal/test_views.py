"""The organisation user's home page, as its users see it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Status
from organisations.services.current_organisation import SESSION_KEY
from tests.accounts.factories import PanelUserFactory, UserFactory
from tests.assessments.factories import ApplicationFactory, CycleFactory
from tests.organisations.factories import InvitationFactory, OrganisationFactory, member_of
from tests.panels.factories import InterviewFactory

pytestmark = pytest.mark.django_db

URL = reverse("portal:dashboard")


def test_user_without_organisation_sees_start_page(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "portal/start.html"
    html = response.content.decode()
    assert reverse("organisations:register") in html
    assert "Ask them to invite you" in html


def test_start_page_lists_invitations_waiting_for_the_user(client):
    user = UserFactory(email="kim@example.org")
    invitation = InvitationFactory(email="kim@example.org")
    InvitationFactory(email="someone-else@example.org")
    client.force_login(user)
    html = client.get(URL).content.decode()
    assert invitation.organisation.name in html
    assert reverse("organisations:invitation", args=[invitation.token]) in html
    assert html.count("See the invitation") == 1


def test_member_of_one_organisation_sees_its_dashboard_without_switcher(client):
    organisation = OrganisationFactory(name="Riverside Youth")
    user = member_of(organisation)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["organisation"] == organisation
    html = response.content.decode()
    assert "<h1>Riverside Youth</h1>" in html
    assert reverse("organisations:switch") not in html
    assert reverse("organisations:invite", args=[organisation.pk]) in html


def test_member_of_several_organisations_can_switch(client):
    first = OrganisationFactory(name="Alpha Youth Club")
    second = OrganisationFactory(name="Beta Sports")
    user = member_of(first)
    member_of(second)  # someone else
    second.memberships.create(user=user)
    client.force_login(user)

    response = client.get(URL)
    assert response.context["organisation"] == first
    assert reverse("organisations:switch") in response.content.decode()

    response = client.post(reverse("organisations:switch"), {"organisation": second.pk})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == second.pk
    response = client.get(URL)
    assert response.context["organisation"] == second
    assert "You are now working on Beta Sports" in response.content.decode()


def test_panel_member_is_sent_to_their_own_home(client):
    client.force_login(PanelUserFactory())
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == reverse("accounts:home")


def test_draft_application_says_finish_and_submit_by_deadline(client):
    organisation = OrganisationFactory()
    cycle = CycleFactory(submission_deadline=datetime.date(2031, 3, 14))
    application = ApplicationFactory(organisation=organisation, cycle=cycle, status=Status.DRAFT)
    client.force_login(member_of(organisation))
    response = client.get(URL)
    assert response.context["next_step"] == (
        "Finish your self-assessment and submit it by 14 March 2031."
    )
    html = response.content.decode()
    assert "submit it by 14 March 2031" in html
    assert reverse("assessments:detail", args=[application.pk]) in html
    assert reverse("assessments:start", args=[organisation.pk]) not in html
    assert response.context["can_start"] is False


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (Status.SUBMITTED, "The participation team is checking your submission"),
        (Status.RETURNED, "needs more information"),
        (Status.PANEL_ASSIGNED, "A panel of young people has been chosen"),
        (Status.SCORED, "The panel has scored your application"),
        (Status.RESUBMITTED, "The panel is looking at your resubmission"),
    ],
)
def test_each_live_status_is_explained_in_plain_words(client, status, words):
    organisation = OrganisationFactory()
    ApplicationFactory(organisation=organisation, status=status)
    client.force_login(member_of(organisation))
    response = client.get(URL)
    assert words in response.content.decode()


def test_resubmission_invited_gives_the_deadline(client):
    organisation = OrganisationFactory()
    ApplicationFactory(
        organisation=organisation,
        status=Status.RESUBMISSION_INVITED,
        resubmission_deadline=datetime.date(2031, 2, 28),
    )
    client.force_login(member_of(organisation))
    assert "resubmit by 28 February 2031" in client.get(URL).content.decode()


def test_interview_date_comes_from_the_booked_interview(client):
    organisation = OrganisationFactory()
    application = ApplicationFactory(organisation=organisation, status=Status.INTERVIEW_SCHEDULED)
    starts = timezone.make_aware(datetime.datetime(2031, 5, 6, 14, 30))
    InterviewFactory(application=application, starts_at=starts)
    client.force_login(member_of(organisation))
    html = client.get(URL).content.decode()
    assert "The panel will interview you on Tuesday 6 May 2031 at 2:30 p.m." in html


def test_a_cancelled_interview_is_not_given_as_the_date(client):
    organisation = OrganisationFactory()
    application = ApplicationFactory(organisation=organisation, status=Status.INTERVIEW_SCHEDULED)
    InterviewFactory(application=application, cancelled_at=timezone.now())
    client.force_login(member_of(organisation))
    html = client.get(URL).content.decode()
    assert "The panel will interview you. Your email invitation has the date" in html


def test_open_cycle_and_no_live_application_invites_a_start(client):
    organisation = OrganisationFactory()
    cycle = CycleFactory(name="Spring 2031", submission_deadline=timezone.localdate())
    ApplicationFactory(organisation=organisation, status=Status.NOT_AWARDED)
    client.force_login(member_of(organisation))
    response = client.get(URL)
    assert response.context["can_start"] is True
    assert response.context["open_cycle"] == cycle
    html = response.content.decode()
    assert "Applications are open (Spring 2031)" in html
    assert reverse("assessments:start", args=[organisation.pk]) in html
    assert reverse("assessments:evidence_library", args=[organisation.pk]) in html


def test_no_open_cycle_says_so(client):
    organisation = OrganisationFactory()
    CycleFactory(is_closed=True)
    client.force_login(member_of(organisation))
    response = client.get(URL)
    assert response.context["can_start"] is False
    assert "No application round is open at the moment" in response.content.decode()


def test_past_applications_show_results_only_once_confirmed(client):
    organisation = OrganisationFactory()
    ApplicationFactory(
        organisation=organisation,
        status=Status.AWARDED,
        total=52,
        outcome_confirmed_at=timezone.now(),
    )
    ApplicationFactory(organisation=organisation, status=Status.WITHDRAWN, total=40)
    ApplicationFactory(status=Status.AWARDED)  # another organisation's
    client.force_login(member_of(organisation))
    response = client.get(URL)
    assert len(response.context["past_applications"]) == 2
    html = response.content.decode()
    assert "(52 out of 64)" in html
    assert "(40 out of 64)" not in html


def test_the_dashboard_always_has_the_awards_section(client):
    organisation = OrganisationFactory()
    client.force_login(member_of(organisation))
    response = client.get(URL)
    html = response.content.decode()
    assert 'id="org-awards-heading"' in html
    assert "You do not hold an award yet." in html
    assert response.context["awards"] == {"featured": [], "earlier": [], "any": False}


def _past(organisation, count):
    for _ in range(count):
        ApplicationFactory(
            organisation=organisation,
            status=Status.AWARDED,
            total=50,
            outcome_confirmed_at=timezone.now(),
        )


def test_dashboard_queries_do_not_grow_with_applications(client, django_assert_max_num_queries):
    organisation = OrganisationFactory()
    user = member_of(organisation)
    InvitationFactory(email=user.email)
    ApplicationFactory(organisation=organisation, status=Status.SUBMITTED)
    client.force_login(user)
    _past(organisation, 1)
    client.get(URL)  # warm caches (content types, templates)
    with django_assert_max_num_queries(10) as one:
        response = client.get(URL)
    assert len(response.context["past_applications"]) == 1
    _past(organisation, 4)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL)
    assert len(response.context["past_applications"]) == 5
