"""Organisation pages in a real browser: axe (WCAG 2.2 AA), 320 px width, and the
browser-side copy of what people type."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Status
from organisations.models import Organisation
from tests.accounts.factories import UserFactory
from tests.assessments.factories import ApplicationFactory
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.certificates.factories import AwardFactory, PlaqueFactory
from tests.organisations.factories import InvitationFactory, OrganisationFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organisation_pages_are_accessible_at_320px(new_page, live_server):
    organisation = OrganisationFactory(name="Riverside Youth")
    user = member_of(organisation)
    member_of(organisation)
    second = OrganisationFactory(name="Second Club")
    second.memberships.create(user=user)
    ApplicationFactory(organisation=organisation, status=Status.SUBMITTED)
    ApplicationFactory(organisation=organisation, status=Status.WITHDRAWN)
    invitation = InvitationFactory(organisation=organisation)
    # Awards: a current one (a full card) and earlier ones (the history table).
    PlaqueFactory(award=AwardFactory(application__organisation=organisation))
    for years_ago in (4, 8):
        awarded_on = timezone.localdate() - datetime.timedelta(days=365 * years_ago)
        PlaqueFactory(
            award=AwardFactory(
                application__organisation=organisation,
                awarded_on=awarded_on,
                expires_on=awarded_on + datetime.timedelta(days=3 * 365),
            )
        )
    page = new_page(user=user, width=320, height=640)
    for url in [
        reverse("portal:dashboard"),
        reverse("organisations:register"),
        reverse("organisations:detail", args=[organisation.pk]),
        reverse("organisations:edit", args=[organisation.pk]),
        reverse("organisations:members", args=[organisation.pk]),
        reverse("organisations:invite", args=[organisation.pk]),
        reverse("organisations:leave", args=[organisation.pk]),
        reverse("organisations:cancel_invitation", args=[organisation.pk, invitation.pk]),
    ]:
        page.goto(live_server.url + url)
        assert page.locator("h1").count() == 1, url
        assert_accessible(page)
        assert_no_horizontal_scroll(page)


def test_start_page_and_invitation_pages_are_accessible(new_page, live_server):
    invitation = InvitationFactory(email="kim@example.org")
    anonymous = new_page(width=320, height=640)
    anonymous.goto(live_server.url + reverse("organisations:invitation", args=[invitation.token]))
    assert anonymous.get_by_role("link", name="Sign in", exact=True).count() == 1
    assert_accessible(anonymous)
    assert_no_horizontal_scroll(anonymous)

    page = new_page(user=UserFactory(email="kim@example.org"), width=320, height=640)
    page.goto(live_server.url + reverse("portal:dashboard"))
    assert_accessible(page)
    page.goto(live_server.url + reverse("organisations:invitation", args=[invitation.token]))
    page.get_by_role("button", name=f"Join {invitation.organisation.name}").click()
    expect(page.get_by_text("You are now a member")).to_be_visible()
    assert_accessible(page)


def test_register_errors_are_accessible(new_page, live_server):
    page = new_page(user=UserFactory())
    page.goto(live_server.url + reverse("organisations:register"))
    page.fill("#id_postcode", "12345")
    page.get_by_role("button", name="Register organisation").click()
    # expect() waits for the server's answer; a bare count() can run before the
    # form has come back with its errors.
    expect(
        page.locator("#id_postcode + .invalid-feedback, #error_1_id_postcode").first
    ).to_be_visible()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_accessible(page)


def _wait_for_draft_holding(page, text):
    """The form's draft is written to localStorage a moment after the typing stops."""
    page.wait_for_function(
        """text => Object.keys(localStorage).some(key =>
            key.startsWith("kitemark-draft:") && localStorage.getItem(key).includes(text))""",
        arg=text,
    )


def test_what_was_typed_comes_back_after_leaving_the_page_and_goes_once_saved(
    new_page, live_server
):
    page = new_page(user=UserFactory())
    url = live_server.url + reverse("organisations:register")
    page.goto(url)
    page.fill("#id_name", "Half-typed Youth Club")
    page.fill("#id_contact_name", "Priya Shah")
    _wait_for_draft_holding(page, "Priya Shah")
    page.goto(live_server.url + reverse("portal:dashboard"))
    page.goto(url)
    assert page.input_value("#id_name") == "Half-typed Youth Club"
    expect(page.get_by_text("We have put back what you typed last time")).to_be_visible()

    page.select_option("#id_type", "charity")
    page.fill("#id_address", "1 High Street")
    page.fill("#id_postcode", "TN1 1AA")
    page.fill("#id_contact_email", "priya@example.org")
    page.fill("#id_contact_phone", "01632 960001")
    page.fill("#id_age_from", "11")
    page.fill("#id_age_to", "18")
    page.fill("#id_young_people_per_year", "200")
    _wait_for_draft_holding(page, '"young_people_per_year":"200"')
    page.get_by_role("button", name="Register organisation").click()
    page.wait_for_url(live_server.url + reverse("portal:dashboard"))
    assert Organisation.objects.filter(name="Half-typed Youth Club").exists()
    page.goto(url)
    assert page.input_value("#id_name") == ""
