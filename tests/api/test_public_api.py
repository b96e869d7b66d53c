"""The public, read-only register API: what it lists, its filters and pages, the opt-out,
its rate limit, CORS, and its answers against its own OpenAPI document."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from certificates.dates import months_before
from checkins.services import reviews
from tests.certificates.factories import AwardFactory
from tests.checkins.factories import review_of, scored_award, sent_checkin

from .openapi import assert_valid

pytestmark = pytest.mark.django_db

URL = "/api/v1/register/awards"
TODAY = timezone.localdate


def names(response):
    return [row["organisation_name"] for row in response.json()["items"]]


def test_register_lists_listed_awards_with_their_facts(client):
    award = AwardFactory(application__organisation__name="Harbour Youth Forum")
    AwardFactory(
        application__organisation__name="Quiet Trust",
        application__organisation__listed_in_register=False,
    )
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [row] = body["items"]
    assert row == {
        "certificate_number": award.certificate_number,
        "organisation_name": "Harbour Youth Forum",
        "level": award.level.code,
        "level_name": award.level.name,
        "status": "current",
        "awarded_on": award.awarded_on.isoformat(),
        "expires_on": award.expires_on.isoformat(),
        "verification_url": award.verification_url,
        "credential_url": award.verification_url + "credential.json",
    }
    assert reverse("api_v1:register_awards") == URL
    assert_valid(client, response, URL)


def test_check_ins_stay_off_the_register(client):
    """Staff's API shows each award's check-ins; the public one says nothing of them, not
    even the month of the last one that the verification page shows."""
    award, writer, (ana,) = scored_award(reviewers=1, awarded_on=months_before(TODAY(), 13))
    checkin = sent_checkin(award, actor=writer)
    reviews.give(
        review_of(checkin, ana),
        verdict="questions",
        comment="Good start.",
        questions="Who chose the workshop times?",
        member=ana,
    )
    response = client.get(URL)
    [row] = response.json()["items"]
    assert set(row) == {
        "certificate_number",
        "organisation_name",
        "level",
        "level_name",
        "status",
        "awarded_on",
        "expires_on",
        "verification_url",
        "credential_url",
    }
    text = response.content.decode()
    for said in ("workshop", "Who chose", "Good start", "questions", "checkin", "checked"):
        assert said not in text
    assert checkin.sent_at.date().isoformat() not in text
    document = client.get(reverse("api_v1:openapi-json")).json()
    assert "checkins" not in document["components"]["schemas"]["RegisterAward"]["properties"]


def test_filters_by_level_status_year_and_name(client):
    current = AwardFactory(application__organisation__name="Alder Youth Club")
    expired = AwardFactory(
        application__organisation__name="Birch Centre",
        awarded_on=datetime.date(2020, 6, 1),
        expires_on=datetime.date(2023, 6, 1),
    )
    revoked = AwardFactory(application__organisation__name="Cedar Trust")
    revoked.revoked_at, revoked.revoked_reason = timezone.now(), "Copied evidence"
    revoked.save()

    assert names(client.get(URL, {"status": "current"})) == ["Alder Youth Club"]
    assert names(client.get(URL, {"status": "expired"})) == ["Birch Centre"]
    assert names(client.get(URL, {"status": "revoked"})) == ["Cedar Trust"]
    assert names(client.get(URL, {"year": 2020})) == ["Birch Centre"]
    assert names(client.get(URL, {"name": "cedar"})) == ["Cedar Trust"]
    assert names(client.get(URL, {"level": current.level.code, "name": "alder"})) == [
        "Alder Youth Club"
    ]
    other_level = "gold" if current.level.code != "gold" else "bronze"
    assert names(client.get(URL, {"level": other_level})) == []
    assert expired.pk  # listed under its status only

    for bad in ({"status": "lost"}, {"level": "platinum"}, {"year": "soon"}, {"year": 1200}):
        response = client.get(URL, bad)
        assert response.status_code == 422, bad


def test_pages_and_constant_queries(client, django_assert_max_num_queries):
    for index in range(3):
        AwardFactory(application__organisation__name=f"Org {index:03d}")
    with django_assert_max_num_queries(2) as few:
        first = client.get(URL)
    assert first.json()["count"] == 3
    for index in range(3, 55):
        AwardFactory(application__organisation__name=f"Org {index:03d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = client.get(URL)
    body = first.json()
    assert body["count"] == 55 and len(body["items"]) == 50
    second = client.get(URL, {"page": 2}).json()
    assert len(second["items"]) == 5
    assert not set(names(first)) & {row["organisation_name"] for row in second["items"]}
    assert client.get(URL, {"page": 3}).status_code in (200, 404)


def test_any_site_may_read_it(client):
    AwardFactory()
    response = client.get(URL, HTTP_ORIGIN="https://commissioning.example.net")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        URL,
        HTTP_ORIGIN="https://commissioning.example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    # The staff API and the site's pages are not opened to other sites.
    staff = client.get("/api/v1/applications", HTTP_ORIGIN="https://commissioning.example.net")
    assert "Access-Control-Allow-Origin" not in staff


def test_it_is_rate_limited_per_client(client, settings):
    settings.API_PUBLIC_RATE = "3/m"
    cache.clear()
    for _ in range(3):
        assert client.get(URL).status_code == 200
    limited = client.get(URL)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    # Another address has its own budget; a forged X-Forwarded-For does not buy one.
    assert client.get(URL, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429
    assert client.get(URL, REMOTE_ADDR="10.0.0.7").status_code == 200
    cache.clear()


def test_the_issuer_profile(client):
    AwardFactory()
    profile = client.get("/api/v1/issuer").json()
    assert profile == client.get(reverse("credentials:issuer")).json()
    assert profile["type"] == ["Profile"]
    assert profile["verificationMethod"][0]["publicKeyJwk"]["crv"] == "Ed25519"


def test_the_openapi_document_and_docs_page(client):
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/register/awards",
        "/api/v1/issuer",
        "/api/v1/awards",
        "/api/v1/applications",
    }
    page = client.get(reverse("api:docs"))
    html = page.content.decode()
    assert page.status_code == 200
    for path in document["paths"]:
        assert path in html
    assert "cdn" not in html.lower()


def test_the_register_page_points_to_the_api(client):
    html = client.get(reverse("certificates:register")).content.decode()
    assert f'href="{reverse("api:docs")}"' in html
