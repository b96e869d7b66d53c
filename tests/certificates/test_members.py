"""Organisation members: their plaque downloads, the awards on their dashboard, and the
status badge."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from certificates.selectors import organisation_awards
from tests.accounts.factories import PanelUserFactory
from tests.certificates.factories import AwardFactory, PlaqueFactory
from tests.organisations.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


# --- Plaque download -----------------------------------------------------------------


def test_members_download_the_latest_plaque(client):
    award = AwardFactory()
    PlaqueFactory(award=award, version=1)
    PlaqueFactory(award=award, version=2, file__data=b"%PDF-1.7 version two")
    client.force_login(member_of(award.organisation))
    response = client.get(reverse("certificates:plaque", args=[award.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert f"kitemark-{award.certificate_number}-v2.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7 version two"


def test_another_organisation_gets_404_and_anonymous_is_sent_to_login(client):
    award = AwardFactory()
    PlaqueFactory(award=award)
    url = reverse("certificates:plaque", args=[award.pk])
    assert client.get(url).status_code == 302
    client.force_login(member_of())
    assert client.get(url).status_code == 404
    client.force_login(PanelUserFactory())
    assert client.get(url).status_code == 404


def test_download_before_the_plaque_is_ready_is_404(client):
    award = AwardFactory()
    client.force_login(member_of(award.organisation))
    assert client.get(reverse("certificates:plaque", args=[award.pk])).status_code == 404


# --- Organisation dashboard partial -----------------------------------------------


def render_org_awards(organisation):
    awards = organisation_awards(organisation)
    return render_to_string("certificates/_org_awards.html", {"awards": awards})


def test_org_partial_shows_awards_plaque_link_and_verification_url():
    award = AwardFactory()
    html = render_org_awards(award.organisation)
    assert award.certificate_number in html
    assert award.verification_url in html
    assert "Your plaque is being made" in html
    assert reverse("certificates:plaque", args=[award.pk]) not in html
    assert "Start a renewal application" not in html

    PlaqueFactory(award=award)
    html = render_org_awards(award.organisation)
    assert reverse("certificates:plaque", args=[award.pk]) in html


def test_org_partial_lists_an_award_with_several_plaque_versions_once():
    award = AwardFactory()
    PlaqueFactory(award=award, version=1)
    PlaqueFactory(award=award, version=2)
    awards = organisation_awards(award.organisation)
    assert [row["pk"] for row in awards["featured"] + awards["earlier"]] == [award.pk]
    assert awards["featured"][0]["plaque_url"] == reverse("certificates:plaque", args=[award.pk])


def test_org_partial_invites_renewal_from_six_months_before_expiry():
    expires = TODAY() + datetime.timedelta(days=190)
    award = AwardFactory(awarded_on=expires.replace(year=expires.year - 3), expires_on=expires)
    assert "Start a renewal application" not in render_org_awards(award.organisation)

    award.expires_on = TODAY() + datetime.timedelta(days=150)
    award.save()
    html = render_org_awards(award.organisation)
    assert "Start a renewal application" in html
    expected = reverse("assessments:start", args=[award.organisation.pk])
    assert expected == f"/organisations/{award.organisation.pk}/applications/new/"
    assert f'href="{expected}"' in html


def test_org_partial_does_not_invite_renewal_once_renewed_or_revoked():
    old = AwardFactory(
        awarded_on=TODAY() - datetime.timedelta(days=1000),
        expires_on=TODAY() + datetime.timedelta(days=95),
    )
    assert "Start a renewal application" in render_org_awards(old.organisation)
    AwardFactory(application__organisation=old.organisation)
    html = render_org_awards(old.organisation)
    assert "Start a renewal application" not in html
    assert html.count("award-card") == 2


def _older(organisation, years_ago, **kwargs):
    awarded_on = TODAY() - datetime.timedelta(days=365 * years_ago)
    return AwardFactory(
        application__organisation=organisation,
        awarded_on=awarded_on,
        expires_on=awarded_on + datetime.timedelta(days=3 * 365),
        **kwargs,
    )


def test_org_partial_shows_current_awards_in_full_and_earlier_ones_in_a_table():
    current = AwardFactory()
    organisation = current.organisation
    expired = _older(organisation, 4)
    PlaqueFactory(award=expired)
    revoked = _older(organisation, 8)
    PlaqueFactory(award=revoked)
    revoked.revoked_at = timezone.now()
    revoked.revoked_reason = "x"
    revoked.save()
    html = render_org_awards(organisation)
    assert html.count("award-card") == 1
    assert f'id="award-{current.pk}-heading"' in html
    card, table = html.split("Earlier awards")
    assert current.certificate_number in card
    assert "Your plaque is being made" in card
    # Earlier awards: one row each, newest first, with status, public page and plaque.
    assert table.index(expired.certificate_number) < table.index(revoked.certificate_number)
    assert f"Expired on {expired.expires_on.day} " in table
    assert "Revoked on " in table and "Not available" in table
    assert expired.verification_url in table and revoked.verification_url in table
    assert reverse("certificates:plaque", args=[expired.pk]) in table
    assert reverse("certificates:plaque", args=[revoked.pk]) not in html
    assert "Start a renewal application" not in html


def test_org_partial_shows_the_newest_expired_award_in_full_with_a_renewal_invitation():
    organisation = OrganisationFactory()
    _older(organisation, 8)
    newest = _older(organisation, 4)
    html = render_org_awards(newest.organisation)
    assert html.count("award-card") == 1
    assert f'id="award-{newest.pk}-heading"' in html
    assert "This award expired on" in html and "Start a renewal application" in html
    assert html.count("Start a renewal application") == 1


def test_org_partial_gives_the_revocation_day_in_local_time():
    # Revoked at 23:30 UTC on 1 June: 00:30 on 2 June in London (BST), as the ORM gave it.
    award = AwardFactory(awarded_on=datetime.date(2020, 3, 5), expires_on=datetime.date(2023, 3, 5))
    award.revoked_at = datetime.datetime(2026, 6, 1, 23, 30, tzinfo=datetime.UTC)
    award.revoked_reason = "x"
    award.save()
    (row,) = organisation_awards(award.organisation)["earlier"]
    assert row["status_text"] == "Revoked on 2 June 2026"
    assert row["year"] == 2020


def test_org_partial_without_awards_says_so():
    html = render_org_awards(OrganisationFactory())
    assert "You do not hold an award yet." in html
    assert "Earlier awards" not in html


@pytest.mark.parametrize("state", ["current", "expired", "revoked"])
def test_status_badge_says_the_status_with_its_date(state):
    award = (
        AwardFactory(awarded_on=datetime.date(2020, 3, 5), expires_on=datetime.date(2023, 3, 5))
        if state == "expired"
        else AwardFactory()
    )
    if state == "revoked":
        award.revoked_at = timezone.make_aware(datetime.datetime(2026, 6, 1, 12))
        award.revoked_reason = "x"
        award.save()
    expected = {
        "current": "Current",
        "expired": "Expired on 5 March 2023",
        "revoked": "Revoked on 1 June 2026",
    }[state]
    html = render_to_string("certificates/_status.html", {"award": award, "status": None})
    assert html == f'<span class="award-status award-status-{state}">{expected}</span>\n'
