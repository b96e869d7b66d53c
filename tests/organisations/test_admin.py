import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from audit.models import AuditEvent
from organisations.forms import OrganisationForm
from organisations.models import Organisation
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def admin_form_data(organisation, **changes):
    """What a browser posts for the organisation's admin page: line breaks as \r\n."""
    data = {
        "name": organisation.name,
        "type": organisation.type,
        "address": organisation.address.replace("\n", "\r\n"),
        "postcode": organisation.postcode,
        "website": organisation.website,
        "contact_name": organisation.contact_name,
        "contact_email": organisation.contact_email,
        "contact_phone": organisation.contact_phone,
        "age_from": organisation.age_from,
        "age_to": organisation.age_to,
        "young_people_per_year": organisation.young_people_per_year,
        "listed_in_register": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_changing_only_the_phone_in_the_admin_reports_only_the_phone(client):
    organisation = OrganisationFactory(address="1 High Street\nTownville", contact_phone="")
    client.force_login(UserFactory(role="staff", is_staff=True, is_superuser=True))
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])

    response = client.post(url, admin_form_data(organisation, contact_phone="01234 567890"))

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.contact_phone == "01234 567890"
    assert organisation.address == "1 High Street\nTownville"
    entry = LogEntry.objects.get(object_id=str(organisation.pk))
    assert entry.get_change_message() == "Changed Main contact phone."
    event = AuditEvent.objects.filter(event=AuditEvent.Event.ADMIN_CHANGE).latest("pk")
    assert "Main contact phone" in event.summary
    assert "Address" not in event.summary


def test_an_address_is_stored_with_one_kind_of_line_break():
    organisation = OrganisationFactory(address="1 High Street\r\nTownville\rShire")
    assert Organisation.objects.get(pk=organisation.pk).address == (
        "1 High Street\nTownville\nShire"
    )


def test_the_organisation_form_reads_browser_line_breaks_as_unchanged():
    organisation = OrganisationFactory(address="1 High Street\nTownville")
    data = admin_form_data(organisation, website="", contact_phone="01234 567890")
    form = OrganisationForm(data, instance=organisation)
    assert form.is_valid(), form.errors
    assert "address" not in form.changed_data
