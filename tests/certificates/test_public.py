import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.assessments.factories import default_level
from tests.certificates.factories import AwardFactory
from tests.organisations.factories import member_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def verify_url(award):
    return reverse("certificates:verify", args=[award.verification_code])


def badge_url(award):
    return reverse("certificates:badge", args=[award.verification_code])


def revoke(award, when=None):
    award.revoked_at = when or timezone.now()
    award.revoked_reason = "Evidence was not genuine"
    award.save()


def test_verify_shows_a_current_award_without_personal_data(client):
    award = AwardFactory(
        application__organisation__name="Northgate Academy",
        application__organisation__contact_name="Priya Secret",
        application__organisation__contact_email="priya.secret@northgate.example",
        application__organisation__contact_phone="01234 567890",
        level=default_level("gold"),
    )
    member = member_of(award.organisation, full_name="Morgan Hidden")
    response = client.get(verify_url(award))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.templates[0].name == "certificates/verify.html"
    assert "Northgate Academy" in html
    assert "Gold" in html
    assert award.awarded_on.strftime("%-d %B %Y") in html
    assert f"Valid until</dt><dd>{award.valid_until:%-d %B %Y}</dd>" in html
    assert f"Expires on</dt><dd>{award.expires_on:%-d %B %Y}</dd>" in html
    assert award.valid_until == award.expires_on - datetime.timedelta(days=1)
    assert "This award is current." in html
    for private in ("Priya Secret", "priya.secret", "01234 567890", "Morgan Hidden", member.email):
        assert private not in html
    assert html.count("<h1") == 1


def test_verify_shows_expired_with_the_date(client):
    expires = TODAY() - datetime.timedelta(days=1)
    award = AwardFactory(awarded_on=expires.replace(year=expires.year - 3), expires_on=expires)
    html = client.get(verify_url(award)).content.decode()
    assert f"This award expired on {expires:%-d %B %Y}." in html
    assert "award-status-expired" in html
    assert "This award is current." not in html


def test_verify_on_the_expiry_day_itself_says_expired(client):
    award = AwardFactory(awarded_on=TODAY().replace(year=TODAY().year - 3), expires_on=TODAY())
    html = client.get(verify_url(award)).content.decode()
    assert "This award expired on" in html


def test_verify_shows_revoked_with_the_date(client):
    award = AwardFactory()
    revoke(award, datetime.datetime(2026, 3, 4, 12, tzinfo=datetime.UTC))
    html = client.get(verify_url(award)).content.decode()
    assert "This award was revoked on 4 March 2026." in html
    assert "Evidence was not genuine" not in html  # the reason is not public
    assert "Show this award on your website" not in html


@pytest.mark.parametrize("code", ["A" * 32, "not-a-real-code-but-long-enough"])
def test_unknown_code_is_404(client, code):
    AwardFactory()
    assert client.get(f"/verify/{code}/").status_code == 404
    assert client.get(f"/verify/{code}/badge.svg").status_code == 404


def test_verify_url_matches_the_printed_url():
    award = AwardFactory()
    assert award.verification_url.endswith(verify_url(award))


def test_badge_is_an_svg_with_level_status_and_a_link_back(client):
    award = AwardFactory(level=default_level("silver"))
    response = client.get(badge_url(award))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<svg")
    assert "Silver" in svg and "Current" in svg
    assert f'href="{award.verification_url}"' in svg
    assert "<script" not in svg.lower() and "onload" not in svg.lower()

    revoke(award)
    svg = client.get(badge_url(award)).content.decode()
    assert "Revoked" in svg and "Current" not in svg


def test_badge_shows_expired(client):
    award = AwardFactory(awarded_on=TODAY().replace(year=TODAY().year - 3), expires_on=TODAY())
    svg = client.get(badge_url(award)).content.decode()
    assert "Expired" in svg


def test_verification_is_rate_limited(client, settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    award = AwardFactory()
    for _ in range(60):
        assert client.get(verify_url(award)).status_code == 200
    response = client.get(verify_url(award))
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    # Another address is not affected.
    assert client.get(verify_url(award), REMOTE_ADDR="10.0.0.9").status_code == 200
    cache.clear()


def test_verification_and_badge_share_one_budget_per_client(client, settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    award = AwardFactory()
    for _ in range(30):
        assert client.get(verify_url(award)).status_code == 200
        assert client.get(badge_url(award)).status_code == 200
    assert client.get(badge_url(award)).status_code == 429
    assert client.get(verify_url(award)).status_code == 429
    assert client.get(badge_url(award), REMOTE_ADDR="10.0.0.9").status_code == 200
    cache.clear()


# --- Register ---------------------------------------------------------------------


def test_register_lists_current_awards_and_respects_the_opt_out(client):
    listed = AwardFactory(application__organisation__name="Listed Youth Trust")
    AwardFactory(
        application__organisation__name="Private Youth Trust",
        application__organisation__listed_in_register=False,
    )
    expired = AwardFactory(
        application__organisation__name="Lapsed Youth Trust",
        awarded_on=TODAY().replace(year=TODAY().year - 3),
        expires_on=TODAY(),
    )
    revoked = AwardFactory(application__organisation__name="Revoked Youth Trust")
    revoke(revoked)
    html = client.get(reverse("certificates:register")).content.decode()
    assert "Listed Youth Trust" in html
    assert verify_url(listed) in html
    assert "Private Youth Trust" not in html
    assert "Lapsed Youth Trust" not in html
    assert "Revoked Youth Trust" not in html
    assert verify_url(expired) not in html


def test_register_groups_by_level_and_filters(client):
    AwardFactory(application__organisation__name="Gold Org", level=default_level("gold"))
    AwardFactory(application__organisation__name="Bronze Org", level=default_level("bronze"))
    html = client.get(reverse("certificates:register")).content.decode()
    assert html.index("<h2>Bronze</h2>") < html.index("Bronze Org") < html.index("<h2>Gold</h2>")
    assert html.index("<h2>Gold</h2>") < html.index("Gold Org")

    html = client.get(reverse("certificates:register"), {"level": "gold"}).content.decode()
    assert "Gold Org" in html and "Bronze Org" not in html

    html = client.get(reverse("certificates:register"), {"q": "bronze"}).content.decode()
    assert "Bronze Org" in html and "Gold Org" not in html


def test_register_lists_a_renewed_organisation_once(client):
    old = AwardFactory(
        application__organisation__name="Renewed Org",
        awarded_on=TODAY() - datetime.timedelta(days=900),
        expires_on=TODAY() + datetime.timedelta(days=195),
    )
    new = AwardFactory(
        application__organisation=old.organisation, application__cycle=old.application.cycle
    )
    html = client.get(reverse("certificates:register")).content.decode()
    assert html.count("Renewed Org") == 1
    assert verify_url(new) in html


def test_register_is_paginated_with_constant_queries(client, django_assert_max_num_queries):
    for n in range(3):
        AwardFactory(application__organisation__name=f"Org {n:03d}")
    with django_assert_max_num_queries(4):
        client.get(reverse("certificates:register"))
    for n in range(3, 60):
        AwardFactory(application__organisation__name=f"Org {n:03d}")
    with django_assert_max_num_queries(4):
        response = client.get(reverse("certificates:register"))
    html = response.content.decode()
    assert "60 organisations" in html
    assert "Org 024" in html and "Org 025" not in html
    assert "Page 1 of 3" in html
    page3 = client.get(reverse("certificates:register"), {"page": 3}).content.decode()
    assert "Org 059" in page3 and "Org 000" not in page3
    filtered = client.get(reverse("certificates:register"), {"q": "Org", "page": 2}).content
    assert b"q=Org&amp;page=3" in filtered


def test_public_pages_need_no_login(client):
    award = AwardFactory()
    for url in (verify_url(award), badge_url(award), reverse("certificates:register")):
        assert client.get(url).status_code == 200


def test_register_counts_awards_without_joining_their_levels(client):
    # The count is the register's costliest query at national scale unless the
    # register's partial index alone can answer it; a join to the levels stops that.
    AwardFactory()
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("certificates:register"))
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert "JOIN" not in counts[0].upper()
    level_search = {"level": default_level().code}
    response = client.get(reverse("certificates:register"), level_search)
    assert response.status_code == 200
    assert "1 organisation" in response.content.decode()
