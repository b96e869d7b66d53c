"""The staff API: tokens made by staff (shown once, kept hashed, scoped, expiring,
revocable), every use audited; applications and awards read-only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, Scope
from assessments.models import Status
from audit.models import AuditEvent
from tests.assessments.factories import ApplicationFactory
from tests.certificates.factories import AwardFactory, ReminderLedgerFactory

from .conftest import bearer
from .openapi import assert_valid

pytestmark = pytest.mark.django_db

APPLICATIONS = "/api/v1/applications"
AWARDS = "/api/v1/awards"


def test_staff_make_a_token_that_is_shown_once_and_kept_hashed(staff_client):
    page = staff_client.get(reverse("api:tokens"))
    assert page.status_code == 200
    expires = timezone.localdate() + datetime.timedelta(days=30)
    response = staff_client.post(
        reverse("api:tokens"),
        {"name": "Commissioning CRM", "scope": Scope.APPLICATIONS_READ, "expires_on": expires},
    )
    html = response.content.decode()
    token = ApiToken.objects.get()
    secret = html.split('id="new-token" class="form-control font-monospace" value="')[1].split('"')[
        0
    ]
    assert secret.startswith("km_") and len(secret) > 40
    assert token.digest != secret and secret not in token.digest
    assert secret not in str(list(ApiToken.objects.values()))
    # Shown once: the list afterwards shows only its first characters.
    again = staff_client.get(reverse("api:tokens")).content.decode()
    assert secret not in again and token.prefix in again
    assert staff_client.get(APPLICATIONS, **bearer(secret)).status_code == 200
    made = AuditEvent.objects.filter(event=AuditEvent.Event.API_TOKEN).get()
    assert secret not in made.summary


def test_a_token_needs_a_name_and_a_future_expiry(staff_client):
    response = staff_client.post(
        reverse("api:tokens"),
        {"name": "", "scope": Scope.APPLICATIONS_READ, "expires_on": timezone.localdate()},
    )
    html = response.content.decode()
    assert "This field is required." in html
    assert "Choose a day after today." in html
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_and_then_refuses_the_token(staff_client, make_token):
    secret = make_token(Scope.APPLICATIONS_READ)
    token = ApiToken.objects.get()
    url = reverse("api:revoke", args=[token.pk])
    assert "cannot be undone" in staff_client.get(url).content.decode()
    response = staff_client.post(url, {})
    assert "Tick the box" in response.content.decode()
    assert staff_client.get(APPLICATIONS, **bearer(secret)).status_code == 200
    response = staff_client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert staff_client.get(APPLICATIONS, **bearer(secret)).status_code == 401


def test_applications_with_their_status_level_cycle_and_dates(client, make_token):
    application = ApplicationFactory(status=Status.SUBMITTED, submitted_at=timezone.now())
    secret = make_token(Scope.APPLICATIONS_READ)
    response = client.get(APPLICATIONS, **bearer(secret))
    assert response.status_code == 200
    [row] = response.json()["items"]
    assert row["id"] == application.pk
    assert row["status"] == "submitted"
    assert row["level"] == application.level.code
    assert row["cycle_name"] == application.cycle.name
    assert row["organisation_name"] == application.organisation.name
    assert row["submitted_at"]
    assert_valid(client, response, APPLICATIONS)
    assert client.get(APPLICATIONS, {"status": "draft"}, **bearer(secret)).json()["count"] == 0


def test_awards_with_their_reminders_including_unlisted_ones(client, make_token):
    award = AwardFactory(application__organisation__listed_in_register=False)
    ReminderLedgerFactory(award=award, kind="expiry_6m")
    secret = make_token(Scope.REGISTER_READ)
    response = client.get(AWARDS, **bearer(secret))
    [row] = response.json()["items"]
    assert row["id"] == award.pk and row["listed_in_register"] is False
    assert [r["kind"] for r in row["reminders"]] == ["expiry_6m"]
    assert_valid(client, response, AWARDS)


@pytest.mark.parametrize(
    ("scope", "state", "status"),
    [
        (Scope.APPLICATIONS_READ, "active", 200),
        (Scope.REGISTER_READ, "active", 403),  # wrong scope
        (Scope.APPLICATIONS_READ, "expired", 401),
        (Scope.APPLICATIONS_READ, "revoked", 401),
    ],
)
def test_token_states(client, make_token, scope, state, status):
    secret = make_token(scope, state)
    response = client.get(APPLICATIONS, **bearer(secret))
    assert response.status_code == status
    if status != 200:
        assert_valid(client, response, APPLICATIONS, str(status))
        assert "items" not in response.json()


def test_without_a_token_or_with_a_made_up_one(client, staff_client):
    assert client.get(APPLICATIONS).status_code == 401
    assert client.get(APPLICATIONS, **bearer("km_made-up")).status_code == 401
    # A staff member's session is not a token: the API answers to tokens only.
    assert staff_client.get(AWARDS).status_code == 401


def test_every_use_is_audited(client, make_token):
    secret = make_token(Scope.APPLICATIONS_READ)
    before = AuditEvent.objects.filter(event=AuditEvent.Event.API_USE).count()
    client.get(APPLICATIONS, {"status": "submitted"}, **bearer(secret))
    client.get(APPLICATIONS, **bearer(secret))
    uses = AuditEvent.objects.filter(event=AuditEvent.Event.API_USE).order_by("pk")
    assert uses.count() == before + 2
    assert uses.first().extra["query"] == "status=submitted"
    assert uses.first().object_id == str(ApiToken.objects.get().pk)
    assert ApiToken.objects.get().last_used_at is not None


def test_list_queries_do_not_grow_with_the_data(client, make_token, django_assert_max_num_queries):
    apps_secret = make_token(Scope.APPLICATIONS_READ)
    awards_secret = make_token(Scope.REGISTER_READ)
    AwardFactory()
    ApplicationFactory()
    counts = {}
    for url, secret in ((APPLICATIONS, apps_secret), (AWARDS, awards_secret)):
        with django_assert_max_num_queries(20) as few:
            client.get(url, **bearer(secret))
        counts[url] = len(few.captured_queries)
    for _ in range(8):
        award = AwardFactory()
        ReminderLedgerFactory(award=award)
        ApplicationFactory()
    for url, secret in ((APPLICATIONS, apps_secret), (AWARDS, awards_secret)):
        with django_assert_max_num_queries(counts[url]):
            response = client.get(url, **bearer(secret))
        assert response.json()["count"] >= 9
