"""portal.selectors: what the organisation's home page reads."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import Status
from portal.selectors import DASHBOARD_APPLICATION_FIELDS, dashboard_applications
from tests.assessments.factories import ApplicationFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_dashboard_applications_are_the_organisations_own_newest_first_as_values():
    organisation = OrganisationFactory()
    older = ApplicationFactory(organisation=organisation, status=Status.NOT_AWARDED)
    newer = ApplicationFactory(
        organisation=organisation,
        status=Status.RESUBMISSION_INVITED,
        resubmission_deadline=datetime.date(2027, 3, 5),
    )
    ApplicationFactory(status=Status.DRAFT)  # another organisation's
    type(older).objects.filter(pk=older.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    rows = dashboard_applications(organisation)
    assert [row["pk"] for row in rows] == [newer.pk, older.pk]
    assert set(rows[0]) == set(DASHBOARD_APPLICATION_FIELDS)
    assert rows[0]["resubmission_deadline"] == datetime.date(2027, 3, 5)
    assert rows[0]["cycle__submission_deadline"] == newer.cycle.submission_deadline
    assert rows[0]["level__name"] == newer.level.name
    assert rows[0]["cycle__name"] == newer.cycle.name
