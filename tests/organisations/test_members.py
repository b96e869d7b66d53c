import pytest
from django.urls import reverse

from kitemark.refusals import Refused
from organisations.exceptions import OrganisationError
from organisations.models import Membership
from organisations.services.current_organisation import SESSION_KEY
from organisations.services.organisations import leave_organisation
from tests.accounts.factories import StaffFactory
from tests.organisations.factories import InvitationFactory, OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


def test_detail_shows_the_organisation_to_members(client):
    organisation = OrganisationFactory(name="Riverside Youth", postcode="TN1 1AA")
    client.force_login(member_of(organisation))
    response = client.get(reverse("organisations:detail", args=[organisation.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "TN1 1AA" in html
    assert reverse("organisations:edit", args=[organisation.pk]) in html


def test_staff_can_view_but_not_change(client):
    organisation = OrganisationFactory()
    member_of(organisation)
    client.force_login(StaffFactory())
    response = client.get(reverse("organisations:detail", args=[organisation.pk]))
    assert response.status_code == 200
    assert reverse("organisations:edit", args=[organisation.pk]) not in response.content.decode()
    assert client.get(reverse("organisations:members", args=[organisation.pk])).status_code == 200
    assert client.get(reverse("organisations:edit", args=[organisation.pk])).status_code == 403
    assert client.get(reverse("organisations:invite", args=[organisation.pk])).status_code == 403


def test_member_edits_details_and_opts_out_of_public_register(client):
    organisation = OrganisationFactory(name="Old Name", listed_in_register=True)
    client.force_login(member_of(organisation))
    url = reverse("organisations:edit", args=[organisation.pk])
    page = client.get(url).content.decode()
    assert "Show us on the public register of award holders" in page
    assert 'id="id_listed_in_register"' in page
    data = {
        "name": "New Name",
        "type": "school",
        "address": "2 Park Road",
        "postcode": "b33 8th",
        "website": "",
        "contact_name": "Jo Bloggs",
        "contact_email": "jo@school.example",
        "contact_phone": "+44 7700 900982",
        "age_from": "11",
        "age_to": "16",
        "young_people_per_year": "900",
        # listed_in_register left out: the box is unticked.
    }
    response = client.post(url, data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "New Name"
    assert organisation.postcode == "B33 8TH"
    assert organisation.listed_in_register is False
    page = client.get(response.url).content.decode()
    assert "Not shown" in page
    assert 'data-draft-clear="organisation-edit-' in page


def test_invalid_edit_changes_nothing(client):
    organisation = OrganisationFactory(name="Old Name")
    client.force_login(member_of(organisation))
    response = client.post(
        reverse("organisations:edit", args=[organisation.pk]), {"name": "New", "age_from": "30"}
    )
    assert response.status_code == 200
    assert "Enter an age from 5 to 25." in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Old Name"


def test_members_list_shows_members_and_pending_invitations(client):
    organisation = OrganisationFactory()
    user = member_of(organisation, full_name="Ada Member")
    member_of(organisation, full_name="Ben Member")
    member_of(OrganisationFactory(), full_name="Cy Outsider")
    InvitationFactory(organisation=organisation, email="pending@example.org")
    client.force_login(user)
    html = client.get(reverse("organisations:members", args=[organisation.pk])).content.decode()
    assert "Ada Member" in html and "Ben Member" in html
    assert "Cy Outsider" not in html
    assert "pending@example.org" in html


def test_leave_after_confirming(client):
    organisation = OrganisationFactory(name="Riverside Youth")
    user = member_of(organisation)
    member_of(organisation)
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = organisation.pk
    session.save()
    url = reverse("organisations:leave", args=[organisation.pk])
    page = client.get(url)
    assert "Yes, leave Riverside Youth" in page.content.decode()
    assert Membership.objects.filter(user=user).exists()

    response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")
    assert not Membership.objects.filter(user=user).exists()
    assert organisation.memberships.count() == 1
    assert SESSION_KEY not in client.session
    # Having left, the organisation's pages now answer 404.
    assert client.get(reverse("organisations:detail", args=[organisation.pk])).status_code == 404


def test_last_member_cannot_leave(client):
    organisation = OrganisationFactory(name="Riverside Youth")
    user = member_of(organisation)
    client.force_login(user)
    url = reverse("organisations:leave", args=[organisation.pk])
    page = client.get(url).content.decode()
    assert "You are the only member of Riverside Youth" in page
    assert "Yes, leave" not in page
    response = client.post(url, follow=True)
    assert "so you cannot leave it" in response.content.decode()
    assert Membership.objects.filter(user=user, organisation=organisation).exists()


def test_leave_service_refuses_last_member():
    organisation = OrganisationFactory()
    user = member_of(organisation)
    with pytest.raises(Refused) as error:
        leave_organisation(organisation, user)
    assert isinstance(error.value, OrganisationError)
    assert error.value.code == "last_member"
    assert "You are the only member" in error.value.message


def test_members_page_queries_do_not_grow(client, django_assert_max_num_queries):
    organisation = OrganisationFactory()
    user = member_of(organisation)
    client.force_login(user)
    url = reverse("organisations:members", args=[organisation.pk])
    client.get(url)
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    for _ in range(5):
        member_of(organisation)
        InvitationFactory(organisation=organisation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("Cancel<span") == 5
