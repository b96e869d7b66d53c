"""The staff API: tokens made by staff (shown once, kept hashed, scoped, expiring,
revocable), every use audited; applications and awards read-only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, Scope
from assessments.models import Status
from audit.models import AuditEvent
from certificates.dates import months_before
from certificates.models import Award
from certificates.selectors import last_checked_in
from checkins import selectors as checkin_selectors
from checkins.models import CheckIn
from tests.assessments.factories import ApplicationFactory
from tests.certificates.factories import AwardFactory, ReminderLedgerFactory
from tests.checkins.factories import award_on, scored_award, sent_checkin, written_checkin
from tests.organisations.factories import member_of

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


def awards_by_id(client, secret):
    response = client.get(AWARDS, **bearer(secret))
    assert response.status_code == 200
    assert_valid(client, response, AWARDS)
    return {row["id"]: row for row in response.json()["items"]}


def checkin_facts(row):
    return [
        (c["number"], c["due_on"], c["state"], c["state_label"], c["overdue"], c["flagged"])
        for c in row["checkins"]
    ]


def test_awards_with_their_check_ins_as_the_check_ins_app_sees_them(client, make_token):
    today = timezone.localdate()
    # Sent five days ago, its reviewer has not said anything yet.
    reviewed, writer, _ = scored_award(reviewers=1, awarded_on=months_before(today, 13))
    sent = sent_checkin(reviewed, actor=writer)
    sent_at = (timezone.now() - datetime.timedelta(days=5)).replace(microsecond=0)
    CheckIn.objects.filter(pk=sent.pk).update(sent_at=sent_at)
    # Nothing sent 9 weeks after the due date; a draft 3 weeks after.
    flagged = award_on(months_before(today, 12) - datetime.timedelta(weeks=9))
    late = award_on(months_before(today, 12) - datetime.timedelta(weeks=3))
    written_checkin(late, actor=member_of(late.organisation))
    # Revoked before its first check-in was sent: nobody is asked for it any more.
    revoked = award_on(months_before(today, 14))
    Award.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now(), revoked_reason="Concern")
    revoked.refresh_from_db()

    rows = awards_by_id(client, make_token(Scope.REGISTER_READ))

    first, second = rows[reviewed.pk]["checkins"]
    assert (first["number"], first["state"], first["state_label"]) == (
        1,
        "waiting",
        "Waiting for review",
    )
    assert datetime.datetime.fromisoformat(first["sent_at"]) == sent_at
    assert (second["state"], second["sent_at"], second["overdue"]) == ("not_started", None, False)
    assert datetime.datetime.fromisoformat(rows[reviewed.pk]["last_checked_in"]) == sent_at
    assert last_checked_in(reviewed) == sent_at  # what the verification page shows
    assert [c.pk for c in checkin_selectors.staff_queue(today)["waiting"]] == [sent.pk]

    assert checkin_facts(rows[flagged.pk])[0][2:] == ("not_started", "Not started", True, True)
    assert checkin_facts(rows[late.pk])[0][2:] == ("draft", "Draft, not sent", True, False)
    assert rows[late.pk]["last_checked_in"] is None
    # The same rows the check-ins page lists as due, late or flagged.
    queue = checkin_selectors.staff_queue(today)
    assert {
        (r.award_id, r.number, r.due_on.isoformat(), r.state, r.state_label, r.overdue, r.flagged)
        for r in queue["due"]
    } == {
        (pk, *facts)
        for pk in (flagged.pk, late.pk)
        for facts in checkin_facts(rows[pk])
        if facts[0] == 1
    }
    assert [r.award_id for r in queue["flagged"]] == [flagged.pk]

    assert rows[revoked.pk]["status"] == "revoked"
    assert checkin_facts(rows[revoked.pk])[0][2:] == ("not_started", "Not started", False, False)
    assert not checkin_selectors.can_write(revoked, 1, today)
    assert revoked.pk not in {r.award_id for r in queue["due"]}


def test_award_check_in_queries_do_not_grow_with_the_data(
    client, make_token, django_assert_max_num_queries
):
    secret = make_token(Scope.REGISTER_READ)
    today = timezone.localdate()

    def add(count):
        for _ in range(count):
            award, writer, _ = scored_award(reviewers=2, awarded_on=months_before(today, 13))
            sent_checkin(award, actor=writer)
            ReminderLedgerFactory(award=award)

    add(3)
    with django_assert_max_num_queries(20) as few:
        response = client.get(AWARDS, **bearer(secret))
    assert response.json()["count"] == 3
    add(9)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(AWARDS, **bearer(secret))
    items = response.json()["items"]
    assert len(items) == 12
    assert all(row["checkins"][0]["state"] == "waiting" for row in items)
    assert all(row["last_checked_in"] for row in items)


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
