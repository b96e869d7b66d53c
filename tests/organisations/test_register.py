import pytest
from django.urls import reverse

from organisations.forms import normalise_postcode
from organisations.models import Membership, Organisation
from tests.accounts.factories import PanelUserFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("organisations:register")


def valid_data(**overrides):
    data = {
        "name": "  St Mary's   Youth Forum ",
        "type": "charity",
        "address": "12 Church Lane\nTownville",
        "postcode": "sw1a1aa",
        "website": "www.stmarys-youth.org.uk",
        "contact_name": "Priya Shah",
        "contact_email": "Priya@StMarys.example",
        "contact_phone": "01632 960 001",
        "age_from": "11",
        "age_to": "18",
        "young_people_per_year": "300",
    }
    data.update(overrides)
    return data


def test_organisation_user_registers_and_becomes_member(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(URL, valid_data())
    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")
    organisation = Organisation.objects.get()
    assert organisation.name == "St Mary's Youth Forum"
    assert organisation.postcode == "SW1A 1AA"
    assert organisation.contact_email == "priya@stmarys.example"
    assert organisation.website == "https://www.stmarys-youth.org.uk"
    assert organisation.listed_in_register is True
    assert Membership.objects.filter(organisation=organisation, user=user).exists()
    assert client.session["current_organisation_id"] == organisation.pk
    dashboard = client.get(response.url)
    assert "St Mary&#x27;s Youth Forum is registered" in dashboard.content.decode()


def test_register_page_has_labelled_fields(client):
    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for field in ["name", "postcode", "contact_email", "age_from", "age_to"]:
        assert f'for="id_{field}"' in html
    assert 'autocomplete="postal-code"' in html
    assert 'data-draft-key="organisation-register"' in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"postcode": "12345"}, "postcode", "Enter a real UK postcode"),
        ({"postcode": "SW1A 1A"}, "postcode", "Enter a real UK postcode"),
        ({"age_from": "16", "age_to": "12"}, "age_to", "The oldest age must be the same as"),
        ({"age_from": "4"}, "age_from", "Enter an age from 5 to 25."),
        ({"age_to": "26"}, "age_to", "Enter an age from 5 to 25."),
        ({"name": ""}, "name", "Enter the name of your organisation."),
        ({"type": ""}, "type", "Choose the type of organisation."),
        ({"contact_email": "not-an-email"}, "contact_email", "right format"),
        ({"contact_phone": "12"}, "contact_phone", "Enter a UK phone number"),
        ({"young_people_per_year": "0"}, "young_people_per_year", "Enter a number of 1 or more."),
        ({"website": "not a website"}, "website", "Enter a web address"),
    ],
)
def test_invalid_registration_is_refused_and_keeps_what_was_typed(
    client, overrides, field, message
):
    client.force_login(UserFactory())
    response = client.post(URL, valid_data(**overrides))
    assert response.status_code == 200
    assert not Organisation.objects.exists()
    form = response.context["form"]
    assert field in form.errors
    assert any(message in error for error in form.errors[field])
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    # Nothing typed is lost: the other answers are still in the form.
    assert "Priya Shah" in html
    assert 'data-draft-restore="false"' in html


def test_same_age_for_from_and_to_is_allowed(client):
    client.force_login(UserFactory())
    response = client.post(URL, valid_data(age_from="14", age_to="14"))
    assert response.status_code == 302


@pytest.mark.parametrize("factory", [PanelUserFactory, StaffFactory])
def test_panel_members_and_staff_cannot_register(client, factory):
    client.force_login(factory())
    assert client.get(URL).status_code == 403
    assert client.post(URL, valid_data()).status_code == 403
    assert not Organisation.objects.exists()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("B33 8TH", "B33 8TH"),
        (" m1 1ae ", "M1 1AE"),
        ("GIR0AA", "GIR 0AA"),
    ],
)
def test_postcode_is_normalised(typed, stored):
    assert normalise_postcode(typed) == stored
